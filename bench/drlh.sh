#!/usr/bin/env bash
# Paper 000 benchmark (issue 4): per cell-slot time of the decision of
# DRLH(N_A) (actor + quantizer + critic of the N_A candidates) plus its
# training share (replay memory, one Adam step every 2 slots on 128
# samples), and of exhaustive search, at I = 8 and I = 16 UEs per cell, one
# rank (scenario II: Lambda = 750, unbounded queues); then the throughput of
# the multi-cell variant (inputs/drlh-multicell.opts) with 256 cells on 2
# ranks.  Times come from -log_view: DrlhActor, DrlhCritic, DrlhTrain,
# SlotDecide (the whole decide phase), SlotLearn.
# Prints Markdown for docs/performance.md.
source "$(dirname "$0")/lib.sh"
base=(-options_file "$top/inputs/drlh-cloud.opts" -options_file "$top/inputs/drlh-scenario2.opts")

machine
echo
echo "| policy | I | slots | actor + quantizer (ms) | critic (ms) | training (ms) | decision + training per cell-slot (ms) | whole slot per cell-slot (ms) |"
echo "|--------|--:|------:|------:|------:|------:|------:|------:|"
single() { # UES SLOTS POLICY-ARGS...
  local ues=$1 slots=$2; shift 2
  local log=$work/log.txt
  "${mpi[@]}" -n 1 "$top/build/semec" "${base[@]}" -geom_ues_per_cell "$ues" -sim_slots "$slots" "$@" \
    -output_file "$work/b.h5" -output_overwrite -log_view > "$log"
  awk -v p="$*" -v u="$ues" -v s="$slots" -v a="$(event_time DrlhActor "$log")" -v c="$(event_time DrlhCritic "$log")" \
      -v t="$(event_time DrlhTrain "$log")" -v d="$(event_time SlotDecide "$log")" -v l="$(event_time SlotLearn "$log")" \
      -v w="$(awk '/ time /{print $2}' "$log")" 'BEGIN{
    sub(/^-policy /, "", p)
    printf "| %s | %d | %d | %.4f | %.4f | %.4f | %.4f | %.4f |\n", p, u, s, 1000*a/s, 1000*c/s, 1000*t/s, 1000*(d+l)/s, 1000*w/s }'
}
single 8 3000 -policy drlh -drlh_candidates 64
single 8 3000 -policy drlh -drlh_candidates 16
single 8 3000 -policy drlh -drlh_candidates 8
single 8 1000 -policy exhaustive
single 8 3000 -policy random
single 16 3000 -policy drlh -drlh_candidates 64
single 16 20 -policy exhaustive

echo
echo "| variant | cells | ranks | slots | wall (s) | cell-slots/s | per cell-slot per rank (ms) | cloud access binding (share of slots) |"
echo "|---------|------:|------:|------:|------:|------:|------:|------:|"
multi() { # CELLS RANKS SLOTS POLICY-ARGS...
  local cells=$1 ranks=$2 slots=$3; shift 3
  local log=$work/multi.txt
  "${mpi[@]}" -n "$ranks" "$top/build/semec" "${base[@]}" -options_file "$top/inputs/drlh-multicell.opts" -sim_cells "$cells" \
    -sim_cells_per_rank $((cells / ranks)) -cloud_access_max "$cells" -cloud_bandwidth "$((25000 * cells))" -sim_slots "$slots" "$@" \
    -output_file "$work/m.h5" -output_overwrite > "$log"
  local wall bind
  wall=$(awk '/ time /{print $2}' "$log")
  bind=$(/usr/bin/python3 -c "import h5py,sys; a=h5py.File(sys.argv[1])['cloud/access'][:]; print('%.2f' % (a == int(sys.argv[2])).mean())" "$work/m.h5" "$cells")
  awk -v p="$*" -v c="$cells" -v r="$ranks" -v s="$slots" -v w="$wall" -v b="$bind" 'BEGIN{
    sub(/^-policy /, "", p)
    printf "| %s | %d | %d | %d | %.2f | %.0f | %.3f | %s |\n", p, c, r, s, w, c*s/w, 1000*w*r/(c*s), b }'
}
multi 256 2 500 -policy drlh -drlh_candidates 64
multi 256 2 500 -policy random
