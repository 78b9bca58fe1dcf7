#!/usr/bin/env bash
# Scale benchmark (issue 2): 10,000 UEs (500 cells of 20) over ten simulated
# minutes in 100 ms slots, edge policy, on both cores; target under 58 s of
# wall time with at least 1.1 million tasks arriving.  Reports the wall time
# of the whole command (start-up and HDF5 output included) and the engine's
# own figures.
source "$(dirname "$0")/lib.sh"
mpi+=(-n 2)
start=$(date +%s.%N)
out=$("${mpi[@]}" "$top/build/semec" -options_file "$top/inputs/scale-10k.opts" -output_file "$work/scale.h5" "$@")
end=$(date +%s.%N)
echo "$out"
arrived=$(awk '/ tasks /{print $3}' <<<"$out" | tr -d ,)
awk -v s="$start" -v e="$end" -v a="$arrived" 'BEGIN{
  w = e - s
  printf "\nscale benchmark: %.1f s wall for the whole command, %d tasks arrived (target: < 58 s, >= 1100000 tasks): %s\n",
         w, a, (w < 58 && a >= 1100000) ? "MET" : "NOT MET" }'
