#!/usr/bin/env bash
# Sweeps of paper 002's Tables III-V and Figs. 6-12 (Chen et al., Sec. IV)
# on inputs/p002.opts (one cell, N = K = 2, 10 tasks per UE and episode):
#   mixed        the five schemes on mixed-modality queues: Tables III-IV,
#                Fig. 8 (delay), Figs. 6-7 (MAPPO and DQN training curves)
#   text, image, vqa   the same with single-modality queues: Fig. 9
#   weights      MAPPO retrained for every preference (omega_t, omega_e,
#                omega_a) on the three edges of Figs. 10-12; the corners
#                and the centre are Table V
# Learning schemes train -p002 episodes (mappo, semantic_unaware: --train,
# 250; dqn: --train-dqn, 400, the spec's "converges after about 350"), the
# others only act; every scheme meets the same --test episodes (common
# random numbers).  Runs are DIR/<config>/<scheme>-s<seed>.h5 (weights:
# DIR/weights/mappo-t<wt>-e<we>-a<wa>-s<seed>.h5).  About 1 min per seed on
# 2 cores (exhaustive search is most of it).  Runs locally on every core, or
# as a Slurm array (one run per array task):
#   jobs/p002-figures.sh [--seeds S] [--train E] [--train-dqn E] [--test E] [--out DIR] [--slurm]
# then: /usr/bin/python3 postproc/p002_figures.py DIR
# Extra options for every run (e.g. a calibration) go in P002_EXTRA.
# Build first (scripts/build.sh): this script does not build; $SEMEC, if set,
# names the executable (default build/semec).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
seeds=5 train=250 train_dqn=400 test=100 out=$top/results/p002 slurm=0
while [ $# -gt 0 ]; do
  case $1 in
    --seeds) seeds=$2; shift 2 ;;
    --train) train=$2; shift 2 ;;
    --train-dqn) train_dqn=$2; shift 2 ;;
    --test) test=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --slurm) slurm=1; shift ;;
    *) echo "usage: $0 [--seeds S] [--train E] [--train-dqn E] [--test E] [--out DIR] [--slurm]" >&2; exit 2 ;;
  esac
done
test -x "${SEMEC:-$top/build/semec}" || { echo "${SEMEC:-$top/build/semec} missing: run scripts/build.sh first" >&2; exit 1; }
mkdir -p "$out"
out=$(cd "$out" && pwd)
# finished runs are skipped, so a directory must not mix runs of other lengths or options
stamp="train $train train_dqn $train_dqn test $test extra ${P002_EXTRA:-}"
if [ -s "$out/sweep.txt" ] && [ "$(cat "$out/sweep.txt")" != "$stamp" ]; then
  echo "$out holds runs of another sweep ($(cat "$out/sweep.txt")): use another --out or empty it" >&2; exit 1
fi
echo "$stamp" > "$out/sweep.txt"
list=$out/runs.txt
: > "$list"
episodes() { # SCHEME -> the training episodes it needs
  case $1 in mappo | semantic_unaware) echo "$train" ;; dqn) echo "$train_dqn" ;; *) echo 0 ;; esac
}
add() { # FILE OPTIONS... (no trailing blank: xargs -L would join the next line)
  echo "$*${P002_EXTRA:+ $P002_EXTRA}" >> "$list"
}
# the slowest scheme first, so that the last runs to finish are short ones
for p in exhaustive dqn mappo semantic_unaware local; do for m in mixed text image vqa; do for s in $(seq 1 "$seeds"); do
  add "$out/$m/$p-s$s.h5" -policy $p -p002_modality $m -sim_train_episodes "$(episodes $p)" -sim_test_episodes "$test" -sim_seed "$s"
done; done; done
# Figs. 10-12: one weight is 0, the other two share 1 in steps of 1/4; the
# centre (1/3 each) is the mixed run above
weights=()
for w in 0 0.25 0.5 0.75 1; do
  r=$(awk -v w="$w" 'BEGIN{printf "%g", 1 - w}')
  weights+=("$w 0 $r" "0 $w $r" "$r $w 0")  # (t, a): fig. 10; (e, a): fig. 11; (t, e): fig. 12
done
printf '%s\n' "${weights[@]}" | sort -u | while read -r wt we wa; do for s in $(seq 1 "$seeds"); do
  add "$out/weights/mappo-t$wt-e$we-a$wa-s$s.h5" -policy mappo -p002_weight_delay "$wt" -p002_weight_energy "$we" -p002_weight_accuracy "$wa" \
    -sim_train_episodes "$train" -sim_test_episodes "$test" -sim_seed "$s"
done; done
source "$top/jobs/sweep-lib.sh"
run_sweep p002-figures "$top/inputs/p002.opts" "$list" "$slurm"
[ "$slurm" -eq 1 ] && exit 0
echo "done: /usr/bin/python3 $top/postproc/p002_figures.py $out"
