#!/usr/bin/env bash
# Sweeps of paper 000's Figs. 3-7 (Ji & Qin, Sec. V) with the five schemes
# exhaustive, DRLH(64), DRLH(16), DRLH(8) and random, on one hot spot of 8
# UEs, inputs/drlh-cloud.opts (Tables I-II, Q_max^L = 20, Q_max^E = 5):
#   fig3  training and test loss of DRLH(N_A): scenarios I and II at v = 2
#   fig4  queues and power against Lambda = 50..750 tasks/s (base file)
#   fig5  queues and power over the slots, scenario II (Lambda = 750)
#   fig6  queues and power against v = 0.5..20, scenario I
#   fig7  the same, scenario II
# Runs are stored once per configuration, DIR/<base|s1|s2>/<scheme>-L<Lambda>-v<v>-s<seed>.h5
# (s1, s2: inputs/drlh-scenario1.opts, -scenario2.opts), and shared by the
# figures: figs. 3 and 5 and the v = 2 points of figs. 6-7 are the same
# runs; 17 configurations x 5 schemes = 85 runs per seed, about 17 min on 2
# cores at 15000 slots (exhaustive search is most of it).  Runs locally on
# every core, or as a Slurm array (one run per array task):
#   jobs/p000-figures.sh [--seeds S] [--slots T] [--out DIR]            # local
#   jobs/p000-figures.sh --slurm [--seeds S] ...                        # sbatch
# then: /usr/bin/python3 postproc/p000_figures.py DIR
# Build first (scripts/build.sh): this script does not build.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
seeds=1 slots=15000 out=$top/results/p000 slurm=0
while [ $# -gt 0 ]; do
  case $1 in
    --seeds) seeds=$2; shift 2 ;;
    --slots) slots=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --slurm) slurm=1; shift ;;
    *) echo "usage: $0 [--seeds S] [--slots T] [--out DIR] [--slurm]" >&2; exit 2 ;;
  esac
done
test -x "$top/build/semec" || { echo "$top/build/semec missing: run scripts/build.sh first" >&2; exit 1; }
mkdir -p "$out"
out=$(cd "$out" && pwd)
# finished runs are skipped, so a directory must not mix runs of different lengths
if [ -s "$out/slots.txt" ] && [ "$(cat "$out/slots.txt")" != "$slots" ]; then
  echo "$out holds runs of $(cat "$out/slots.txt") slots, not $slots: use another --out or empty it" >&2; exit 1
fi
echo "$slots" > "$out/slots.txt"
list=$out/runs.txt
: > "$list"
declare -A scenario=([base]="" [s1]="-options_file $top/inputs/drlh-scenario1.opts" [s2]="-options_file $top/inputs/drlh-scenario2.opts")
declare -A scheme=([exhaustive]="-policy exhaustive" [drlh64]="-policy drlh -drlh_candidates 64"
  [drlh16]="-policy drlh -drlh_candidates 16" [drlh8]="-policy drlh -drlh_candidates 8" [random]="-policy random")
configs=()  # SCENARIO LAMBDA V
for l in 50 100 200 500 750; do configs+=("base $l 2"); done                     # fig4
for v in 0.5 1 2 5 10 20; do configs+=("s1 100 $v" "s2 750 $v"); done           # figs. 3, 5, 6, 7
# the slowest scheme first, so that the last runs to finish are short ones
for p in exhaustive drlh64 drlh16 drlh8 random; do for c in "${configs[@]}"; do for s in $(seq 1 "$seeds"); do
  set -- $c
  opts="${scenario[$1]:+${scenario[$1]} }${scheme[$p]} -task_arrival_rate $2 -cee_lyapunov_v $3 -sim_seed $s -sim_slots $slots"
  # no trailing blank: xargs -L would join the next line to this one
  echo "$out/$1/$p-L$2-v$3-s$s.h5 $opts" >> "$list"
done; done; done
source "$top/jobs/sweep-lib.sh"
run_sweep p000-figures "$top/inputs/drlh-cloud.opts" "$list" "$slurm"
[ "$slurm" -eq 1 ] && exit 0
echo "done: /usr/bin/python3 $top/postproc/p000_figures.py $out"
