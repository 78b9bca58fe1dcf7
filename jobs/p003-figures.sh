#!/usr/bin/env bash
# Sweeps of paper 003's Figs. 2-6 with the five schemes (bcd, linear, fa,
# uc, ftm), M = 3 and M = 1 exit points, on inputs/bcd-eeoi.opts:
#   fig2  convergence (the BCD objective per iteration, /bcd/objective)
#   fig3  reward against the number of terminals U (4 cells, U/4 each)
#   fig4  reward against the edge capacity F_k
#   fig5  reward against the subcarrier bandwidth B
#   fig6  reward against the compression ratio eps (all types)
# Each point averages -seeds seeds of -slots slots.  Runs locally on every
# core, or as a Slurm array (one run per array task):
#   jobs/p003-figures.sh [--seeds S] [--slots T] [--out DIR]            # local
#   jobs/p003-figures.sh --slurm [--seeds S] ...                        # sbatch
# then: /usr/bin/python3 postproc/p003_figures.py DIR
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
seeds=5 slots=10 out=$top/results/p003 slurm=0
while [ $# -gt 0 ]; do
  case $1 in
    --seeds) seeds=$2; shift 2 ;;
    --slots) slots=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --slurm) slurm=1; shift ;;
    *) echo "usage: $0 [--seeds S] [--slots T] [--out DIR] [--slurm]" >&2; exit 2 ;;
  esac
done
"$top/scripts/build.sh" >/dev/null
mkdir -p "$out"
list=$out/runs.txt
: > "$list"
F=1966.08e9
add() { # FIG PARAM VALUE OPTIONS...
  local fig=$1 param=$2 value=$3; shift 3
  for m in 3 1; do for p in bcd linear fa uc ftm; do for s in $(seq 1 "$seeds"); do
    # no trailing blank: xargs -L would join the next line to this one
    echo "$out/$fig/$p-M$m-$param-$value-s$s.h5 -policy $p -eeoi_exit_points $m -sim_seed $s -sim_slots $slots${*:+ $*}" >> "$list"
  done; done; done
}
add fig2 default 0
for u in 8 12 16 20 24 28; do add fig3 U "$u" -geom_ues_per_cell $((u / 4)); done
for x in 0.125 0.25 0.5 1 2 4; do add fig4 F "$x" -mec_cpu_frequency "$(awk -v x="$x" -v f="$F" 'BEGIN{printf "%.6g", x * f}')"; done
for b in 0.5 1 1.5 2 2.5; do add fig5 B "$b" -chan_subcarrier_bandwidth "${b}e6"; done
for e in 1.5 2 3 4 5; do add fig6 eps "$e" -eeoi_eps_min "$e" -eeoi_eps_max "$e"; done
source "$top/jobs/sweep-lib.sh"
run_sweep p003-figures "$top/inputs/bcd-eeoi.opts" "$list" "$slurm"
[ "$slurm" -eq 1 ] && exit 0
echo "done: /usr/bin/python3 $top/postproc/p003_figures.py $out"
