#!/usr/bin/env bash
# Two semec builds side by side: the engine's wall time of the slot loop (the
# summary's "time" line) for the same runs, interleaved (old, new, old, new,
# ...) so that both see the same machine load, with min and median over the
# repeats.  Use it to measure what a change costs.
#   bench/compare.sh OLD/semec NEW/semec [REPEATS]        (default 5)
# Runs: the default scenario (edge policy) on 64 and 256 cells, one rank
# (tasks model: interference, queues, migration-free), and paper 000's
# multi-cell model with exhaustive search on 8 cells (cloud_edge_end).
# Prints a Markdown table for docs/performance.md.
source "$(dirname "$0")/lib.sh"
[ $# -ge 2 ] || { echo "usage: $0 OLD_SEMEC NEW_SEMEC [REPEATS]" >&2; exit 2; }
old=$1 new=$2 reps=${3:-5}
in=$top/inputs

wall() { # EXE ARGS... -> engine wall time (s)
  local exe=$1; shift
  "${mpi[@]}" -n 1 "$exe" "$@" -output_file "$work/c.h5" -output_overwrite | awk '/ time /{print $2}'
}
stats() { # values on stdin -> "min median"
  sort -g | awk '{v[NR]=$1} END{m=(NR%2)?v[(NR+1)/2]:(v[NR/2]+v[NR/2+1])/2; printf "%.3f %.3f\n", v[1], m}'
}

runs=(
  "tasks, 64 cells, edge, 1000 slots|-options_file $in/default.opts -policy edge -sim_cells 64 -sim_cells_per_rank 64 -sim_slots 1000 -chan_interference_radius 625 -output_interval 100"
  "tasks, 256 cells, edge, 250 slots|-options_file $in/default.opts -policy edge -sim_cells 256 -sim_cells_per_rank 256 -sim_slots 250 -chan_interference_radius 625 -output_interval 50"
  "tasks, 4 cells, strongest moving, 2000 slots|-options_file $in/default.opts -policy strongest -geom_ue_speed 20 -sim_cells_per_rank 4 -sim_slots 2000"
  "cloud_edge_end, 8 cells, exhaustive, 60 slots|-options_file $in/drlh-cloud.opts -options_file $in/drlh-multicell.opts -sim_cells 8 -sim_cells_per_rank 8 -cloud_access_max 8 -cloud_bandwidth 2e5 -policy exhaustive -sim_slots 60"
)
machine
echo "Repeats: $reps, interleaved; old = $old, new = $new"
echo
echo "| run | old min (s) | old median (s) | new min (s) | new median (s) | new / old (median) |"
echo "|-----|------------:|---------------:|------------:|---------------:|-------------------:|"
for spec in "${runs[@]}"; do
  IFS='|' read -r name args <<< "$spec"
  : > "$work/old"; : > "$work/new"
  for ((i = 0; i < reps; i++)); do
    # shellcheck disable=SC2086
    wall "$old" $args >> "$work/old"
    # shellcheck disable=SC2086
    wall "$new" $args >> "$work/new"
  done
  read -r omin omed < <(stats < "$work/old")
  read -r nmin nmed < <(stats < "$work/new")
  awk -v n="$name" -v a="$omin" -v b="$omed" -v c="$nmin" -v d="$nmed" 'BEGIN{printf "| %s | %s | %s | %s | %s | %.3f |\n", n, a, b, c, d, d / b}'
done
