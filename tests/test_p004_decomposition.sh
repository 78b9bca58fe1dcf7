# Paper 004's model (-sim_model sequential_dnn, inputs/p004.opts) on 4
# interfering cells 400 m apart (all neighbours), K = 8, 200 blocks:
#  - for every scheme (proposed, binary, even, random), /cells, /p004, /eval
#    and the printed checksum are identical on 1 x 4, 2 x 2 and 4 x 1 ranks
#    x cells, the summary's conservation line is OK and the 1-rank file
#    passes tests/p004_check.py (the block-by-block consistency, outages
#    allowed);
#  - the interference path is exercised: random (back-ends up to what p_max
#    carries) has outages, and without interference the same network has
#    none and other results.
source "$(dirname "$0")/lib.sh"
P004="-options_file $SEMEC_SOURCE/inputs/p004.opts -sim_slots 1000 -geom_ues_per_cell 8"
NET="-sim_cells 4 -geom_layout list -geom_bs_positions 0,0,400,0,0,400,400,400 -chan_interference_radius 2000"

conserved() { printf '%s\n' "$out_text" | grep -q "check      arrived = local + server + queued: OK"; }
check() { # FILE POLICY FLAGS...: p004_check.py, its output in $check_out
  check_out=$("$SEMEC_PYTHON" "$SEMEC_SOURCE/tests/p004_check.py" "$@" 2>&1) || { fail "$1: inconsistent:"; printf '%s\n' "$check_out" >&2; return 1; }
}

for pol in proposed binary even random; do
  ref="" outages=""
  for d in "1 4" "2 2" "4 1"; do
    set -- $d
    r=$1
    run_semec "$r" $P004 $NET -chan_interference true -sim_cells_per_rank "$2" -policy $pol -output_file net-$pol-$r.h5
    [ "$rc" -eq 0 ] || { fail "$pol: 4 cells on $r ranks exited $rc: $out_text"; continue; }
    sum=$(checksum)
    if [ -z "$ref" ]; then
      ref=$sum
      conserved || fail "$pol: 4 cells: conservation not confirmed"
      check net-$pol-1.h5 $pol && outages=${check_out#outages }
    else
      [ "$sum" = "$ref" ] || fail "$pol: checksum $sum on $r ranks != $ref on 1 rank"
      for g in /cells /p004 /eval; do "$H5DIFF" -q net-$pol-1.h5 net-$pol-$r.h5 $g $g || fail "$pol: $g differs between 1 and $r ranks"; done
    fi
  done
  eval "sum_$pol=\$ref"
  pass "$pol: 4 interfering cells consistent and identical on 1x4, 2x2, 4x1 (checksum $ref, $outages outages)"
  [ "$pol" = random ] && { [ "${outages:-0}" -gt 0 ] || fail "random: no outage in 4 interfering cells, the interference path is not exercised"; }
done

# the same network without interference: no outage, other results
run_semec 1 $P004 $NET -chan_interference false -sim_cells_per_rank 4 -policy random -output_file net-random-off.h5
[ "$rc" -eq 0 ] || fail "random, 4 cells without interference, exited $rc: $out_text"
if check net-random-off.h5 random one-cell whole; then [ "$check_out" = "outages 0" ] || fail "4 cells without interference: $check_out"; fi
[ "$(checksum)" != "$sum_random" ] || fail "4 cells: interference changes nothing (checksum $sum_random)"
pass "4 cells without interference: no outage, checksum $(checksum) != $sum_random"
finish
