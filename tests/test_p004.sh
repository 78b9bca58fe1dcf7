# Paper 004's model (-sim_model sequential_dnn, inputs/p004.opts) in the
# engine, on short runs (K = 8 WDs, 200 blocks of 5 slots), one cell:
#  - every scheme (proposed, binary, even, random): the summary's
#    conservation line is OK, and from the HDF5 file block by block
#    (tests/p004_check.py): the cost (8) is the sum of its five parts, each
#    recomputed from the series (w1 q^ser, w2 E^ser from the rates,
#    w3 sum q^wd, w4 E^wd, w4 tau sum p_used); the discounted sum (9a), /eval/discounted_cost and
#    /eval/mean_cost; nonnegative per-slot cycles, arrivals whole tasks;
#    the server runs at most floor(tau f_i) in slot i and exactly
#    min(q^ser, sum_i floor(tau f_i)) in the block; (1) and (6) at the cell
#    level, the cell's WD queue the sum of /p004/wd_queue, cumulative
#    conservation arrived = local + server + queues at every block end
#    (exact integers); one cell: no outages, WD queues whole tasks;
#  - each scheme's defining property in every block: binary offloads 0 or
#    W, random less than W at most p_max, even the common
#    min(W, floor(n tau f_max^ser / K)) unless p_max cannot carry one cycle
#    more or the WD had nothing (also with K = 60, where the server's share
#    binds), proposed at most its power p and, below W, all p carries;
#  - -chan_interference changes nothing;
#  - inputs/p004-printed.opts (W = 1e10) reports an overload, the head task
#    spans blocks, and the file is consistent; inputs/p004.opts does not;
#  - a CPU too slow for one cycle per block (C_max = 0) runs, computes
#    nothing locally and keeps whole tasks;
#  - bad input is refused, named, and leaves no output file.
# 4 interfering cells on 1, 2 and 4 ranks: test_p004_decomposition.sh; the
# orderings of Figs. 7-9: test_p004_orderings.sh.
source "$(dirname "$0")/lib.sh"
P004="-options_file $SEMEC_SOURCE/inputs/p004.opts"
SHORT="-sim_slots 1000 -geom_ues_per_cell 8"

conserved() { printf '%s\n' "$out_text" | grep -q "check      arrived = local + server + queued: OK"; }
check() { # FILE POLICY FLAGS...: p004_check.py, its output in $check_out
  check_out=$("$SEMEC_PYTHON" "$SEMEC_SOURCE/tests/p004_check.py" "$@" 2>&1) || { fail "$1: inconsistent:"; printf '%s\n' "$check_out" >&2; return 1; }
}
# launch NAME RANKS ARGS...: semec in the background, output in NAME.out,
# exit code in NAME.rc (MPI's start-up is most of a short run: the runs
# overlap); collect NAME, after wait: them in $out_text and $rc
launch() { local name=$1 ranks=$2; shift 2; { $SEMEC_MPIEXEC -n "$ranks" "$SEMEC" "$@" > "$name.out" 2>&1; echo $? > "$name.rc"; } & }
collect() { out_text=$(cat "$1.out"); rc=$(cat "$1.rc"); }

# every scheme on one cell; even with K = 60, where the server's share
# floor(5e9 / 60) < W is the common amount; random without interference;
# Sec. VI's printed values; C_max = 0
for pol in proposed binary even random; do launch one-$pol 1 $P004 $SHORT -chan_interference true -policy $pol -output_file one-$pol.h5; done
launch even60 1 $P004 -sim_slots 500 -geom_ues_per_cell 60 -policy even -output_file even60.h5
launch one-random-off 1 $P004 $SHORT -chan_interference false -policy random -output_file one-random-off.h5
launch printed 1 -options_file "$SEMEC_SOURCE/inputs/p004-printed.opts" -sim_slots 100 -output_file printed.h5
launch cmax0 1 $P004 -sim_slots 50 -geom_ues_per_cell 4 -ue_cpu_frequency 1e3 -sim_slot_duration 1e-4 -policy even -output_file cmax0.h5
wait
for pol in proposed binary even random; do
  collect one-$pol
  [ "$rc" -eq 0 ] || { fail "$pol exited $rc: $out_text"; continue; }
  conserved || fail "$pol: conservation not confirmed"
  printf '%s\n' "$out_text" | grep -q "OVERLOADED" && fail "$pol: inputs/p004.opts reported as overloaded"
  printf '%s\n' "$out_text" | grep -q "load .*can be stable" || fail "$pol: no 'can be stable' load line"
  eval "sum_$pol=\$(checksum)"
  check one-$pol.h5 $pol one-cell whole && pass "$pol: one cell consistent"
done
collect even60
[ "$rc" -eq 0 ] || fail "even with K = 60 exited $rc: $out_text"
check even60.h5 even one-cell whole && pass "even with K = 60: rhobar = floor(n tau f_max^ser / K)"
# one cell: interference changes nothing
collect one-random-off
[ "$rc" -eq 0 ] || fail "random without interference exited $rc: $out_text"
[ "$(checksum)" = "$sum_random" ] || fail "one cell: -chan_interference true gives checksum $sum_random, false $(checksum)"
for g in /cells /p004 /eval; do "$H5DIFF" -q one-random.h5 one-random-off.h5 $g $g || fail "one cell: $g differs with -chan_interference"; done
pass "one cell: -chan_interference changes nothing ($sum_random)"
# Sec. VI's printed values: overloaded, the head spans blocks (W > C_max)
collect printed
[ "$rc" -eq 0 ] || fail "inputs/p004-printed.opts exited $rc: $out_text"
printf '%s\n' "$out_text" | grep -q "load .*OVERLOADED" || fail "inputs/p004-printed.opts: no OVERLOADED load line"
conserved || fail "inputs/p004-printed.opts: conservation not confirmed"
if check printed.h5 proposed one-cell; then
  "$SEMEC_PYTHON" -c "import h5py,sys,numpy as np; q=h5py.File('printed.h5')['p004/wd_queue'][4::5]; sys.exit(0 if (np.mod(q, 1e10) != 0).any() else 1)" &&
    pass "inputs/p004-printed.opts: OVERLOADED, consistent, heads spanning blocks" ||
    fail "inputs/p004-printed.opts: no WD holds a partial head (the spanning case is not exercised)"
fi
# C_max = floor(5 x 1e-4 s x 1 kHz) = 0: nothing is computed locally, the
# heads stay whole (it once left a head of W cycles and stopped the run)
collect cmax0
[ "$rc" -eq 0 ] || fail "C_max = 0 exited $rc: $out_text"
conserved || fail "C_max = 0: conservation not confirmed"
if check cmax0.h5 even one-cell whole; then
  "$SEMEC_PYTHON" -c "import h5py,sys; sys.exit(0 if (h5py.File('cmax0.h5')['cells/local_cycles'][()] == 0).all() else 1)" &&
    pass "C_max = 0: no local cycles, whole tasks queued" || fail "C_max = 0: local cycles computed"
fi

# bad input: refused, named, nothing written.  MPI singletons (as in
# test_p001.sh), all started at once, case i writing bad-i.h5.
bad_cases=()
expect_error() { bad_cases+=("$1"); local i=${#bad_cases[@]}; shift; bad_args[$i]="$*"; rm -f bad-$i.h5
  { "$SEMEC" $P004 -sim_slots 50 -output_file bad-$i.h5 "$@" > bad-$i.out 2>&1; echo $? > bad-$i.rc; } & }
expect_error "Option -p004_block_slots, 0, is out of range: allowed [1, 32]" -p004_block_slots 0
expect_error "Option -p004_block_slots, 33, is out of range: allowed [1, 32]" -p004_block_slots 33
expect_error "Option -p004_block_slots, 2.5, is not an integer" -p004_block_slots 2.5
expect_error "Option -sim_slots, 1001, is not a whole number of blocks of -p004_block_slots 5 slots" -sim_slots 1001
expect_error "Option -geom_ues_per_cell, 70, exceeds -chan_subcarriers 64" -geom_ues_per_cell 70
expect_error "Option -policy, mappo, is not a policy of -sim_model sequential_dnn: choose one of proposed, binary, even, random" -policy mappo
expect_error "Option -p004_gamma, 1., is out of range: allowed (0, 1)" -p004_gamma 1
expect_error "Option -p004_task_cycles, 1.5, is not a whole number of cycles" -p004_task_cycles 1.5
expect_error "Option -task_arrival, poisson, is not allowed with -sim_model sequential_dnn" -task_arrival poisson
expect_error "Option -sim_interference_rounds, 2, must be 1 with -sim_model sequential_dnn" -sim_interference_rounds 2
expect_error "Option -p004_features, 0, is out of range: allowed [1, 256]" -p004_features 0
expect_error "Option -p004_gradient, nonsense, is not allowed: choose one of corrected, printed" -p004_gradient nonsense
expect_error "Option -p004_step_wd, -1., is out of range: allowed [0., 1e+06]" -p004_step_wd -1
wait
for i in "${!bad_cases[@]}"; do
  j=$((i + 1)) want=${bad_cases[$i]} before=$failures
  collect bad-$j
  if [ "$rc" -eq 0 ]; then fail "${bad_args[$j]} exited 0"; continue; fi
  # the message itself, not PETSc's table of the options given
  msg=$(printf '%s\n' "$out_text" | awk '/PETSC ERROR: -+ Error Message/{on=1; next} /PETSC ERROR: See https/{on=0} on')
  printf '%s\n' "$msg" | grep -qF -- "$want" || { fail "${bad_args[$j]}: message lacks '$want':"; printf '%s\n' "$msg" >&2; }
  [ -e bad-$j.h5 ] && fail "${bad_args[$j]}: left an output file"
  [ "$failures" -eq "$before" ] && pass "rejected: ${bad_args[$j]}"
done
finish
