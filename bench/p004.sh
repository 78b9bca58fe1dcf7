#!/usr/bin/env bash
# Paper 004 benchmark (-sim_model sequential_dnn, inputs/p004.opts: blocks of
# n = 5 slots, Sec. VI's radio and CPUs, M = 30 features).  REPEATS rounds
# (default 3), the runs of a round interleaved so a busy machine slows them
# alike; min and median over the rounds.
#   learners  one cell of K = 50 WDs, 2000 blocks, policy proposed, one
#             rank: the time per cell-block of P004Alg1 (the K WD steps of
#             Algorithm 1 with their actions) and P004Alg2 (the server's step
#             of Algorithm 2), event time / event count from -log_view, and
#             P004Alg1 per WD step (/ K)
#   network   256 cells of K = 20 (the file's) on 2 ranks (128 each), 16 x 16
#             grid, ISD 500 m, interference within 750 m = 1.5 ISD (up to 8
#             neighbours), 64 subcarriers, 300 blocks (1500 slots), a
#             collective HDF5 write every 500 slots: wall time of the slot
#             loop (the summary's time line), cell-blocks per second, and the
#             -log_view time of each slot phase (max over ranks).  Policies
#             proposed and even, with the file in the scratch directory
#             (disk); two diagnostic variants of proposed: the file on tmpfs
#             (/dev/shm, when writable: the disk's share of the output) and
#             -chan_interference false (no exchange: its whole cost)
# Then one -log_trace run of the network with proposed splits the phase times
# by the slot of the block (0 = the decision slot, n-1 = the offload slot).
# Prints Markdown for docs/performance.md.
#   bench/p004.sh [REPEATS]
source "$(dirname "$0")/lib.sh"
repeats=${1:-3}
opts=$top/inputs/p004.opts
n=5 blocks=2000 cells=256 nblocks=300
[ "$(awk '$1=="-p004_block_slots"{print $2}' "$opts")" = "$n" ] && [ "$(awk '$1=="-sim_slots"{print $2}' "$opts")" = $((n * blocks)) ] &&
  [ "$(awk '$1=="-geom_ues_per_cell"{print $2}' "$opts")" = 20 ] ||
  { echo "inputs/p004.opts no longer has n = $n, $blocks blocks and K = 20: fix bench/p004.sh" >&2; exit 1; }
net=(-sim_cells "$cells" -sim_cells_per_rank $((cells / 2)) -sim_slots $((n * nblocks)) -output_interval 500
     -geom_layout grid -geom_isd 500 -chan_interference true -chan_interference_radius 750)
shm=""
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
  shm=$(mktemp -d -p /dev/shm)
  trap 'rm -rf "$work" "$shm"' EXIT
fi
phases=(SlotScenario SlotDecide P004Alg1 P004Alg2 SlotExchange SlotEvaluate SlotCloud SlotLearn SlotOutput)
declare -A val
semec() { # RANKS LOG ARGS...: one run with -log_view into LOG
  local ranks=$1 log=$2; shift 2
  "${mpi[@]}" -n "$ranks" "$top/build/semec" -options_file "$opts" "$@" -output_overwrite -log_view > "$log"
}
wall_of() { awk '$1=="time" && $3=="s" && $4=="wall,"{print $2; exit}' "$1"; }
learners() {
  local log=$work/learners.txt
  rm -f "$work/a.h5"
  semec 1 "$log" -geom_ues_per_cell 50 -policy proposed -output_file "$work/a.h5"
  read -r t1 c1 < <(event P004Alg1 "$log")
  read -r t2 c2 < <(event P004Alg2 "$log")
  [ "$c1" = "$blocks" ] && [ "$c2" = "$blocks" ] || { echo "P004Alg1/2 counted $c1/$c2 cell-blocks, not $blocks" >&2; exit 1; }
  val[l_alg1]+="$(awk -v t="$t1" -v c="$c1" 'BEGIN{print 1e6*t/c}') "
  val[l_alg2]+="$(awk -v t="$t2" -v c="$c2" 'BEGIN{print 1e6*t/c}') "
  val[l_step]+="$(awk -v t="$t1" -v c="$c1" 'BEGIN{print 1e6*t/c/50}') "
  val[l_wall]+="$(wall_of "$log") "
}
network() { # NAME DIR ARGS...
  local name=$1 dir=$2 log=$work/net.txt; shift 2
  rm -f "$dir/b.h5"
  semec 2 "$log" "${net[@]}" -output_file "$dir/b.h5" "$@"
  rm -f "$dir/b.h5"
  val[$name.wall]+="$(wall_of "$log") "
  for e in "${phases[@]}"; do
    read -r t c < <(event "$e" "$log")
    val[$name.$e]+="$t "
    [ "$e" = P004Alg1 ] && val[$name.alg1]+="$(awk -v t="$t" -v c="$c" 'BEGIN{print (c ? 1e6*t/c : 0)}') "
  done
  return 0
}
stats() { # VALUES... -> "min median"
  printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END{printf "%.4g %.4g", v[1], (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'
}
median() { stats "$@" | cut -d' ' -f2; }
label() { case $1 in proposed-tmpfs) echo "proposed, file on tmpfs" ;; proposed-nointerference) echo "proposed, no interference" ;; *) echo "$1" ;; esac; }

variants=(proposed even)
[ -n "$shm" ] && variants+=(proposed-tmpfs)
variants+=(proposed-nointerference)
load0=$(cut -d' ' -f1-3 /proc/loadavg)
for r in $(seq 1 "$repeats"); do
  learners
  network proposed "$work" -policy proposed
  network even "$work" -policy even
  [ -n "$shm" ] && network proposed-tmpfs "$shm" -policy proposed
  network proposed-nointerference "$work" -policy proposed -chan_interference false
done
load1=$(cut -d' ' -f1-3 /proc/loadavg)

machine
echo "Load average (1, 5, 15 min) before: $load0, after: $load1."
echo
echo "Runs: $repeats of each, interleaved; min / median."
echo
echo "Learners, one cell of K = 50 WDs, 2000 blocks, proposed, one rank:"
echo
echo "| P004Alg1 per cell-block, K = 50 (us) | per WD step (us) | P004Alg2 per cell-block (us) | whole run, $blocks blocks (s) |"
echo "|------:|------:|------:|------:|"
read -r a b <<< "$(stats ${val[l_alg1]})"; row="| $a / $b "
read -r a b <<< "$(stats ${val[l_step]})"; row+="| $a / $b "
read -r a b <<< "$(stats ${val[l_alg2]})"; row+="| $a / $b "
read -r a b <<< "$(stats ${val[l_wall]})"; echo "$row| $a / $b |"
echo
echo "Network, $cells cells of K = 20 on 2 ranks, $nblocks blocks ($((n * nblocks)) slots):"
echo
echo "| variant | wall (s) | cell-blocks/s | cell-slots/s per rank | P004Alg1 per cell-block, K = 20 (us) |"
echo "|---------|------:|------:|------:|------:|"
for v in "${variants[@]}"; do
  read -r a b <<< "$(stats ${val[$v.wall]})"
  read -r x y <<< "$(stats ${val[$v.alg1]})"
  awk -v v="$(label "$v")" -v a="$a" -v b="$b" -v c="$cells" -v k="$nblocks" -v n="$n" -v x="$x" -v y="$y" 'BEGIN{
    al = (y > 0) ? sprintf("%.1f / %.1f", x, y) : "-"
    printf "| %s | %.3f / %.3f | %.0f / %.0f | %.0f / %.0f | %s |\n", v, a, b, c*k/a, c*k/b, c*k*n/(2*a), c*k*n/(2*b), al }'
done
echo
echo "Slot phases, median time in s (max over ranks) and its share of the median wall time; P004Alg1 and P004Alg2 are inside SlotDecide:"
echo
echo "| variant | wall | $(IFS='|'; echo "${phases[*]}" | sed 's/|/ | /g; s/SlotDecide | P004Alg1/SlotDecide | of which P004Alg1/') |"
echo "|---------|$(printf -- '------:|%.0s' $(seq 0 ${#phases[@]}))"
for v in "${variants[@]}"; do
  w=$(median ${val[$v.wall]})
  row="| $(label "$v") | $w "
  for e in "${phases[@]}"; do
    row+="| $(awk -v t="$(median ${val[$v.$e]})" -v w="$w" 'BEGIN{printf "%s", (t > 0 ? sprintf("%.3f (%.0f %%)", t, 100*t/w) : "-")}') "
  done
  echo "$row|"
done

# One run with -log_trace: each phase's time summed by the slot of the block.
# Tracing costs a line per event, so SlotDecide (with 2 x 128 nested P004
# events per block on each rank) is inflated; the other phases are not.
rm -f "$work/b.h5"
"${mpi[@]}" -n 2 "$top/build/semec" -options_file "$opts" "${net[@]}" -policy proposed -output_file "$work/b.h5" -output_overwrite \
  -log_trace "$work/trace" > "$work/trace.txt"
echo
echo "By slot of the block (one -log_trace run of proposed, file on disk, wall $(wall_of "$work/trace.txt") s): ms per slot, the larger of the 2 ranks:"
echo
echo "| slot of the block | SlotScenario | SlotDecide | SlotExchange | SlotEvaluate | SlotCloud | SlotOutput |"
echo "|------:|------:|------:|------:|------:|------:|------:|"
awk -v n="$n" -v k="$nblocks" '
  /Event begin: Slot/ { b[FILENAME, $5] = $2 }
  /Event end: Slot/   { e = $5; s = cnt[FILENAME, e]++ % n; sum[FILENAME, e, s] += $2 - b[FILENAME, e] }
  END {
    split("SlotScenario SlotDecide SlotExchange SlotEvaluate SlotCloud SlotOutput", ph, " ")
    for (s = 0; s < n; s++) {
      line = "| " s (s == 0 ? " (decision)" : s == n - 1 ? " (offload)" : "")
      for (j = 1; j <= 6; j++) {
        m = 0
        for (f in files) if (sum[f, ph[j], s] > m) m = sum[f, ph[j], s]
        line = line sprintf(" | %.3f", 1000 * m / k)
      }
      print line " |"
    }
  }
  FNR == 1 { files[FILENAME] = 1 }' "$work"/trace.*[0-9]
