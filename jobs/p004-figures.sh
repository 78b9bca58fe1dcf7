#!/usr/bin/env bash
# Sweeps of paper 004's Figs. 6-9 (Wang, Cai, Lau, Sec. VI) on
# inputs/p004.opts (-sim_model sequential_dnn: one cell, K WDs in a 200 m
# disc, blocks of n = 5 slots; ../shared/specs/p004.md, section 6):
#   fig6   K = 4, b = 0.4, the proposed scheme: convergence of Algorithms 1
#          (the WDs' theta) and 2 (the server's eta)
#   fig7   K = 20, b = 0.4: the cost c_t (8) per block against the block
#   fig8   K = 50, b (-task_arrival_probability) = --b-values (default
#          0.1 0.2 ... 0.9): the discounted cost (9a), /eval/discounted_cost
#   fig9   b = 0.4, K (-geom_ues_per_cell) = --k-values (default 10 20 30 40
#          50 60): the same
# Every run is --blocks blocks (default 2000, the spec's protocol: -sim_slots
# is blocks x n, n the -p004_block_slots of inputs/p004.opts or P004_EXTRA)
# from empty queues and fresh learners, one per scheme (--policies, default
# proposed binary even random; Fig. 6 is the proposed scheme's) and seed
# 1..S (--seeds, default 10; the spec recommends 20); every scheme meets the
# same drops, arrivals and channels of a seed (common random numbers).
# Runs are DIR/K<K>-b<b>/<policy>-s<seed>.h5; a configuration that several
# figures use is run once (K20-b0.4 is Fig. 7's and Fig. 9's, K50-b0.4
# Fig. 8's and Fig. 9's).  DIR/figures.txt says which configurations each
# figure draws.  --sweeps restricts the figures (the tests use it and
# --blocks, --b-values, --k-values).  About 1 s per run, 57 runs per seed
# with the defaults.  Runs locally on every core, or as a Slurm array (one
# run per array task):
#   jobs/p004-figures.sh [--seeds S] [--blocks B] [--b-values "0.1 ..."] [--k-values "10 ..."]
#                        [--out DIR] [--policies "proposed binary even random"] [--sweeps "fig6 fig7 fig8 fig9"] [--slurm]
# then: /usr/bin/python3 postproc/p004_figures.py DIR (it reads the runs
# listed in DIR/runs.txt and the figures of DIR/figures.txt, the last
# invocation's lists).
# Extra options for every run (e.g. a step size) go in P004_EXTRA; they come
# before each run's own options, so they cannot change a sweep's K, b, policy,
# seed or length.  Build first (scripts/build.sh): this script does not build;
# $SEMEC, if set, names the executable (default build/semec).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
all_policies="proposed binary even random"
all_sweeps="fig6 fig7 fig8 fig9"
seeds=10 blocks=2000 out=$top/results/p004 slurm=0 policies=$all_policies sweeps=$all_sweeps
b_values="0.1 0.2 0.3 0.4 0.5 0.6 0.7 0.8 0.9" k_values="10 20 30 40 50 60"
# the paper's fixed values: Fig. 6's and Fig. 7's K, Fig. 8's K, the default b (Fig. 9's, and Figs. 6-7's)
k_fig6=4 k_fig7=20 k_fig8=50 b_default=0.4
usage="usage: $0 [--seeds S] [--blocks B] [--b-values \"$b_values\"] [--k-values \"$k_values\"] [--out DIR] [--policies \"$all_policies\"] [--sweeps \"$all_sweeps\"] [--slurm]"
while [ $# -gt 0 ]; do
  case $1 in
    --seeds) seeds=$2; shift 2 ;;
    --blocks) blocks=$2; shift 2 ;;
    --b-values) b_values=$2; shift 2 ;;
    --k-values) k_values=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --policies) policies=$2; shift 2 ;;
    --sweeps) sweeps=$2; shift 2 ;;
    --slurm) slurm=1; shift ;;
    *) echo "$usage" >&2; exit 2 ;;
  esac
done
for n in "$seeds" "$blocks"; do
  [[ $n =~ ^[0-9]+$ ]] || { echo "$0: --seeds and --blocks take whole numbers, not '$n'" >&2; exit 2; }
done
[ "$seeds" -ge 1 ] && [ "$blocks" -ge 2 ] || { echo "$0: give --seeds >= 1 and --blocks >= 2 (the learners take their first step at block 1)" >&2; exit 2; }
member() { [[ " $2 " == *" $1 "* ]]; }
for p in $policies; do member "$p" "$all_policies" || { echo "$0: unknown policy '$p' in --policies: choose from $all_policies" >&2; exit 2; }; done
for w in $sweeps; do member "$w" "$all_sweeps" || { echo "$0: unknown sweep '$w' in --sweeps: choose from $all_sweeps" >&2; exit 2; }; done
[ -n "$policies" ] && [ -n "$sweeps" ] || { echo "$0: --policies and --sweeps must not be empty" >&2; exit 2; }
if member fig6 "$sweeps" && ! member proposed "$policies"; then
  echo "$0: fig6 is the proposed scheme's convergence: add proposed to --policies or drop fig6 from --sweeps" >&2; exit 2
fi
# b and K as the file names and options give them: %g, one of each
norm_b=() norm_k=()
for b in $b_values; do
  [[ $b =~ ^(0?\.[0-9]+|1(\.0*)?)$ ]] && awk -v b="$b" 'BEGIN{exit !(b > 0 && b <= 1)}' ||
    { echo "$0: --b-values takes arrival probabilities in (0, 1], not '$b'" >&2; exit 2; }
  norm_b+=("$(awk -v b="$b" 'BEGIN{printf "%g", b}')")
done
for k in $k_values; do
  [[ $k =~ ^[0-9]+$ ]] && [ "$k" -ge 1 ] && [ "$k" -le 64 ] || { echo "$0: --k-values takes WD counts in [1, 64] (-chan_subcarriers 64 of inputs/p004.opts), not '$k'" >&2; exit 2; }
  norm_k+=("$((10#$k))")
done
b_values=$(printf '%s\n' "${norm_b[@]}" | sort -g -u | tr '\n' ' ')
k_values=$(printf '%s\n' "${norm_k[@]}" | sort -n -u | tr '\n' ' ')
if member fig8 "$sweeps" && [ -z "$b_values" ]; then echo "$0: fig8 needs --b-values" >&2; exit 2; fi
if member fig9 "$sweeps" && [ -z "$k_values" ]; then echo "$0: fig9 needs --k-values" >&2; exit 2; fi
# n: the last -p004_block_slots of the options file, then of P004_EXTRA (both come before the run's options)
n=$(awk '$1 == "-p004_block_slots" {v = $2} END {print v}' "$top/inputs/p004.opts")
extra_n=$(printf '%s\n' ${P004_EXTRA:-} | awk 'prev == "-p004_block_slots" {v = $1} {prev = $1} END {print v}')
n=${extra_n:-${n:-5}}
[[ $n =~ ^[0-9]+$ ]] && [ "$n" -ge 1 ] || { echo "$0: -p004_block_slots '$n' is not a whole number" >&2; exit 2; }
slots=$((blocks * n))
test -x "${SEMEC:-$top/build/semec}" || { echo "${SEMEC:-$top/build/semec} missing: run scripts/build.sh first" >&2; exit 1; }
mkdir -p "$out"
out=$(cd "$out" && pwd)
# finished runs are skipped, so a directory must not mix runs of other lengths or options
stamp="blocks $blocks slots $slots extra ${P004_EXTRA:-}"
if [ -s "$out/sweep.txt" ] && [ "$(cat "$out/sweep.txt")" != "$stamp" ]; then
  echo "$out holds runs of another sweep ($(cat "$out/sweep.txt")): use another --out or empty it" >&2; exit 1
fi
echo "$stamp" > "$out/sweep.txt"
# the figures and their configurations K<K>-b<b>
figs=$out/figures.txt
: > "$figs"
config() { echo "K$1-b$2"; }
member fig6 "$sweeps" && echo "fig6 $(config $k_fig6 $b_default)" >> "$figs"
member fig7 "$sweeps" && echo "fig7 $(config $k_fig7 $b_default)" >> "$figs"
if member fig8 "$sweeps"; then line="fig8"; for b in $b_values; do line+=" $(config $k_fig8 "$b")"; done; echo "$line" >> "$figs"; fi
if member fig9 "$sweeps"; then line="fig9"; for k in $k_values; do line+=" $(config "$k" $b_default)"; done; echo "$line" >> "$figs"; fi
# every configuration once, with the schemes its figures need (Fig. 6: proposed only), the largest K first
declare -A need=()
while read -r fig rest; do for c in $rest; do
  if [ "$fig" = fig6 ]; then need[$c]+=" proposed"; else need[$c]+=" $policies"; fi
done; done < "$figs"
list=$out/runs.txt
: > "$list"
for c in $(printf '%s\n' "${!need[@]}" | sed 's/^K\([0-9]*\)-b\(.*\)$/\1 \2 &/' | sort -k1,1nr -k2,2g | awk '{print $3}'); do
  k=${c#K}; k=${k%%-b*}; b=${c#*-b}
  for p in $all_policies; do member "$p" "${need[$c]}" || continue
    for s in $(seq 1 "$seeds"); do  # no trailing blank: xargs -L would join the next line
      echo "$out/$c/$p-s$s.h5${P004_EXTRA:+ $P004_EXTRA} -policy $p -geom_ues_per_cell $k -task_arrival_probability $b -sim_slots $slots -sim_seed $s" >> "$list"
    done
  done
done
source "$top/jobs/sweep-lib.sh"
run_sweep p004-figures "$top/inputs/p004.opts" "$list" "$slurm"
[ "$slurm" -eq 1 ] && exit 0
echo "done: /usr/bin/python3 $top/postproc/p004_figures.py $out"
