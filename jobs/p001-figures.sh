#!/usr/bin/env bash
# Sweeps of paper 001's Figs. 2-7 (Ji, Qin, Tao, Han, Sec. V) on
# inputs/p001.opts (one ES, four UEs: text, image, VQA, VQA; episodes of at
# most T = 20 steps; docs/models.md, "Paper 001"):
#   main     the seven policies at the default point (k^T 16, k^I 32, noise
#            -160 dBm/Hz) with the dynamic preference (28) (DIR/dynamic) and
#            with the fixed beta = 0.5 (DIR/fixed), and MAPPO with the
#            dynamic preference and random batteries in its training
#            episodes (DIR/dynamic_random_battery): Fig. 2 (training),
#            Figs. 3-4 (queues of the test episodes), the default point
#   k_text   Fig. 5: -p001_k_text 8 12 16 20 (DIR/k_text/<k>)
#   k_image  Fig. 6: -p001_k_image 8 16 24 32 (DIR/k_image/<k>)
#   noise    Fig. 7: -chan_noise_psd -175 -170 -165 -160 -155 (DIR/noise/<dBm/Hz>)
# Figs. 5-7 run every policy with the dynamic preference; their point at the
# default (k^T 16, k^I 32, -160) is the DIR/dynamic run, not run twice.
# The learners (mappo, dqn, ddqn) train --train episodes (retrained at every
# point), the others only act (-sim_train_episodes 0: exhaustive search costs
# about 6 ms per step); all meet the same --test episodes (common random
# numbers).  Runs are <config dir>/<policy>-s<seed>.h5.  --policies and
# --sweeps restrict the sweep (the tests use them); the default point
# (DIR/dynamic) is listed whenever a sweep needs it.  Runs locally on every
# core, or as a Slurm array (one run per array task):
#   jobs/p001-figures.sh [--seeds S] [--train E] [--test E] [--out DIR]
#                        [--policies "mappo dqn ..."] [--sweeps "main k_text k_image noise"] [--slurm]
# then: /usr/bin/python3 postproc/p001_figures.py DIR (it reads the runs
# listed in DIR/runs.txt, the last invocation's list).
# Extra options for every run (e.g. a calibration) go in P001_EXTRA; they
# come before each run's own options, so they cannot change a sweep's value
# or the preference of a configuration.  Build first (scripts/build.sh):
# this script does not build; $SEMEC, if set, names the executable (default
# build/semec).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
all_policies="dqn ddqn mappo exhaustive random remote local"  # the slowest first
all_sweeps="main k_text k_image noise"
seeds=5 train=1000 test=100 out=$top/results/p001 slurm=0 policies=$all_policies sweeps=$all_sweeps
usage="usage: $0 [--seeds S] [--train E] [--test E] [--out DIR] [--policies \"$all_policies\"] [--sweeps \"$all_sweeps\"] [--slurm]"
while [ $# -gt 0 ]; do
  case $1 in
    --seeds) seeds=$2; shift 2 ;;
    --train) train=$2; shift 2 ;;
    --test) test=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --policies) policies=$2; shift 2 ;;
    --sweeps) sweeps=$2; shift 2 ;;
    --slurm) slurm=1; shift ;;
    *) echo "$usage" >&2; exit 2 ;;
  esac
done
for n in "$seeds" "$train" "$test"; do
  [[ $n =~ ^[0-9]+$ ]] || { echo "$0: --seeds, --train and --test take whole numbers, not '$n'" >&2; exit 2; }
done
[ "$seeds" -ge 1 ] && [ "$test" -ge 1 ] || { echo "$0: give --seeds >= 1 and --test >= 1 (Figs. 3-7 are test-phase results)" >&2; exit 2; }
member() { [[ " $2 " == *" $1 "* ]]; }
for p in $policies; do member "$p" "$all_policies" || { echo "$0: unknown policy '$p' in --policies: choose from $all_policies" >&2; exit 2; }; done
for w in $sweeps; do member "$w" "$all_sweeps" || { echo "$0: unknown sweep '$w' in --sweeps: choose from $all_sweeps" >&2; exit 2; }; done
[ -n "$policies" ] && [ -n "$sweeps" ] || { echo "$0: --policies and --sweeps must not be empty" >&2; exit 2; }
test -x "${SEMEC:-$top/build/semec}" || { echo "${SEMEC:-$top/build/semec} missing: run scripts/build.sh first" >&2; exit 1; }
mkdir -p "$out"
out=$(cd "$out" && pwd)
# finished runs are skipped, so a directory must not mix runs of other lengths or options
stamp="train $train test $test extra ${P001_EXTRA:-}"
if [ -s "$out/sweep.txt" ] && [ "$(cat "$out/sweep.txt")" != "$stamp" ]; then
  echo "$out holds runs of another sweep ($(cat "$out/sweep.txt")): use another --out or empty it" >&2; exit 1
fi
echo "$stamp" > "$out/sweep.txt"
list=$out/runs.txt
: > "$list"
episodes() { # POLICY -> the training episodes it needs
  case $1 in mappo | dqn | ddqn) echo "$train" ;; *) echo 0 ;; esac
}
add() { # FILE POLICY SEED OPTIONS... (one line; no trailing blank: xargs -L would join the next line)
  local f=$1 p=$2 s=$3; shift 3
  echo "$f${P001_EXTRA:+ $P001_EXTRA} -policy $p -sim_train_episodes $(episodes "$p") -sim_test_episodes $test -sim_seed $s $*" >> "$list"
}
# the sweep points; the default point of each is the DIR/dynamic run
k_text="8 12 16 20" k_text_default=16
k_image="8 16 24 32" k_image_default=32
noise="-175 -170 -165 -160 -155" noise_default=-160
default=0
for w in $sweeps; do default=1; done  # every sweep uses DIR/dynamic
for p in $all_policies; do member "$p" "$policies" || continue  # in the order of $all_policies
  for s in $(seq 1 "$seeds"); do
    [ "$default" -eq 1 ] && add "$out/dynamic/$p-s$s.h5" "$p" "$s" -p001_preference dynamic
    if member main "$sweeps"; then
      add "$out/fixed/$p-s$s.h5" "$p" "$s" -p001_preference fixed
      [ "$p" = mappo ] && add "$out/dynamic_random_battery/$p-s$s.h5" "$p" "$s" -p001_preference dynamic -p001_battery_train random
    fi
    if member k_text "$sweeps"; then for k in $k_text; do [ "$k" = "$k_text_default" ] && continue
      add "$out/k_text/$k/$p-s$s.h5" "$p" "$s" -p001_preference dynamic -p001_k_text "$k"
    done; fi
    if member k_image "$sweeps"; then for k in $k_image; do [ "$k" = "$k_image_default" ] && continue
      add "$out/k_image/$k/$p-s$s.h5" "$p" "$s" -p001_preference dynamic -p001_k_image "$k"
    done; fi
    if member noise "$sweeps"; then for n in $noise; do [ "$n" = "$noise_default" ] && continue
      add "$out/noise/$n/$p-s$s.h5" "$p" "$s" -p001_preference dynamic -chan_noise_psd "$n"
    done; fi
  done
done
source "$top/jobs/sweep-lib.sh"
run_sweep p001-figures "$top/inputs/p001.opts" "$list" "$slurm"
[ "$slurm" -eq 1 ] && exit 0
echo "done: /usr/bin/python3 $top/postproc/p001_figures.py $out"
