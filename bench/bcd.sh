#!/usr/bin/env bash
# Paper 003 benchmark (issue 3): time of one full BCD solve per cell-slot at
# the default scenario (inputs/bcd-eeoi.opts: 4 cells, 5 terminals each, one
# rank), and the wall time per slot for 64 and 256 cells of 20 terminals on
# 2 ranks (interference and association neighbours within 625 m = 2.5 ISD).
# -log_view gives the split between association (BcdAssociate), subcarrier
# matching (BcdMatchSubc), TAO (BcdCapacityTao) and the exchanges.
# Prints Markdown for docs/performance.md.
source "$(dirname "$0")/lib.sh"

machine
echo
echo "| cells | terminals/cell | ranks | slots | wall/slot (ms) | BCD per cell-slot (ms) | association | subcarrier matching | TAO | interference exchange |"
echo "|------:|------:|------:|------:|------:|------:|------:|------:|------:|------:|"
run() { # CELLS UES RANKS SLOTS
  local log=$work/log.txt
  "${mpi[@]}" -n "$3" "$top/build/semec" -options_file "$top/inputs/bcd-eeoi.opts" -sim_cells "$1" -sim_cells_per_rank $(($1 / $3)) \
    -geom_ues_per_cell "$2" -sim_slots "$4" -chan_interference_radius 625 -output_file "$work/b.h5" -output_overwrite -log_view > "$log"
  local wall solve assoc match tao exch
  wall=$(awk '/ time /{print $2}' "$log")
  read -r solve _ < <(event BcdCellSolve "$log")
  read -r assoc _ < <(event BcdAssociate "$log")
  read -r match _ < <(event BcdMatchSubc "$log")
  read -r tao _ < <(event BcdCapacityTao "$log")
  read -r exch _ < <(event SlotExchange "$log")
  awk -v c="$1" -v u="$2" -v r="$3" -v s="$4" -v w="$wall" -v so="$solve" -v a="$assoc" -v m="$match" -v t="$tao" -v x="$exch" 'BEGIN{
    cs = c * s / r   # cell-slots per rank (the events are per rank, max over ranks)
    printf "| %d | %d | %d | %d | %.2f | %.3f | %.1f %% | %.1f %% | %.1f %% | %.1f %% |\n", c, u, r, s, 1000 * w / s, 1000 * so / cs,
      100 * a / w, 100 * m / w, 100 * t / w, 100 * x / w }'
}
run 4 5 1 50
run 64 20 2 10
run 256 20 2 5
