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
n=$(wc -l < "$list")
echo "p003 figures: $n runs listed in $list"

if [ "$slurm" -eq 1 ]; then
  sbatch --array=1-"$n" --ntasks=1 --job-name=p003-figures --output="$out/slurm-%A_%a.out" \
    --wrap "line=\$(sed -n \"\${SLURM_ARRAY_TASK_ID}p\" $list); set -- \$line; mkdir -p \$(dirname \$1); f=\$1; shift; srun $top/build/semec -options_file $top/inputs/bcd-eeoi.opts -output_file \$f -output_overwrite -sim_summary false \$@"
  exit 0
fi
mpi=(mpiexec -n 1)
[ "$(id -u)" -eq 0 ] && mpi+=(--allow-run-as-root)
export MPI_CMD="${mpi[*]}" SEMEC_BIN="$top/build/semec" OPTS="$top/inputs/bcd-eeoi.opts"
# each run: skipped if its file is complete, its output kept in a .log if it fails
xargs -P "$(nproc)" -L 1 bash -c 'f=$0; mkdir -p "$(dirname "$f")"; [ -s "$f" ] && [ ! -e "${f%.h5}.log" ] && exit 0
  $MPI_CMD "$SEMEC_BIN" -options_file "$OPTS" -output_file "$f" -output_overwrite -sim_summary false "$@" > "${f%.h5}.log" 2>&1 &&
    rm -f "${f%.h5}.log" || echo "FAILED: $f (see ${f%.h5}.log)"' < "$list"
echo "done: /usr/bin/python3 $top/postproc/p003_figures.py $out"
