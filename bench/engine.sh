#!/usr/bin/env bash
# Engine throughput benchmark (issue 2): cell-slots per second with the edge
# policy, 20 UEs per cell, 32 subcarriers, interference within 2.5 ISD, for
# 4, 64 and 256 cells on 1, 2, 8 and 16 ranks (8 and 16 oversubscribed on a
# 2-core machine), and the bytes the busiest rank sends per slot.  Then the
# traffic check: with one cell per rank, bytes per rank per slot for 16 and
# 256 cells (radius 1.5 ISD, so a 4 x 4 grid already has interior cells with
# the full 8 neighbours).
#   bench/engine.sh            full run (a few minutes; the 256-rank run needs ~13 GB)
#   bench/engine.sh --quick    skips the 256-rank traffic run
# Prints Markdown tables for docs/performance.md.  Timing is the engine's own
# wall time of the slot loop (the summary's "time" line), not MPI start-up.
source "$(dirname "$0")/lib.sh"
semec=$top/build/semec
cores=$(nproc)
mpi+=(--oversubscribe)

run() { # RANKS CELLS SLOTS RADIUS -> "wall bytes"
  local out
  out=$("${mpi[@]}" -n "$1" "$semec" -options_file "$top/inputs/default.opts" -policy edge -sim_cells "$2" \
        -sim_cells_per_rank $(($2 / $1)) -sim_slots "$3" -chan_interference_radius "$4" -output_interval 100 \
        -output_file "$work/b.h5" -output_overwrite)
  echo "$(awk '/ time /{print $2}' <<<"$out") $(awk '/traffic/{print $2}' <<<"$out")"
}

machine
echo
echo "| cells | ranks | slots | wall (s) | cell-slots/s | per core | bytes/slot (busiest rank) |"
echo "|------:|------:|------:|---------:|-------------:|---------:|--------------------------:|"
for cells in 4 64 256; do
  for ranks in 1 2 8 16; do
    [ $((cells % ranks)) -eq 0 ] || continue
    slots=$((400000 / cells)); [ "$slots" -gt 2000 ] && slots=2000
    read -r wall bytes < <(run "$ranks" "$cells" "$slots" 625)
    used=$((ranks < cores ? ranks : cores))
    awk -v c="$cells" -v r="$ranks" -v s="$slots" -v w="$wall" -v b="$bytes" -v u="$used" \
      'BEGIN{t=c*s/w; printf "| %d | %d | %d | %.3f | %.0f | %.0f | %d |\n", c, r, s, w, t, t/u, b}'
  done
done
echo
echo "| cells | ranks (1 cell each) | bytes/slot (busiest rank) |"
echo "|------:|--------------------:|--------------------------:|"
for cells in 16 256; do
  [ "$cells" -eq 256 ] && [ "${1:-}" = "--quick" ] && continue
  read -r wall bytes < <(run "$cells" "$cells" 20 375)
  echo "| $cells | $cells | $bytes |"
done
