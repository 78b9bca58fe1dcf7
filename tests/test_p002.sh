# Paper 002's model (-sim_model semantic_multitask, inputs/p002.opts) in the
# engine: local execution scores QoE 0.5 exactly in /eval; exhaustive search
# beats it; the test episodes are the same whatever the training length
# (common random numbers); 4 cells give bit-identical results on 1 x 4,
# 2 x 2 and 4 x 1 ranks x cells; task conservation is confirmed; bad input
# is refused before any output exists.
source "$(dirname "$0")/lib.sh"
P002="-options_file $SEMEC_SOURCE/inputs/p002.opts"
SMALL="-p002_exhaustive_power_levels 4 -p002_exhaustive_frequency_levels 4 -p002_exhaustive_mu_levels 8"
py() { "$SEMEC_PYTHON" -c "$@"; }

# local: QoE exactly 0.5, nothing offloaded, Table IV's local accuracy
run_semec 1 $P002 -policy local -sim_train_episodes 0 -sim_test_episodes 20 -output_file local.h5
[ "$rc" -eq 0 ] || fail "local exited $rc: $out_text"
printf '%s\n' "$out_text" | grep -q "drawn = executed + discarded + queued: OK" || fail "local: conservation not confirmed"
py "import h5py,sys; e=h5py.File('local.h5')['eval']; sys.exit(0 if abs(e['qoe'][0]-0.5) < 1e-12 and e['offload'][0] == 0 and abs(e['accuracy'][0]-0.5827) < 1e-12 else 1)" ||
  fail "local: /eval is not QoE 0.5, offload 0, accuracy 0.5827"
py "import h5py,sys,numpy as np; c=h5py.File('local.h5')['cells']; sys.exit(0 if np.allclose(c['qoe'][()], 0.5, rtol=0, atol=1e-12) and (c['tasks'][()] == 2).all() else 1)" ||
  fail "local: a slot's QoE is not 0.5, or not every UE executed one task per step"
pass "local execution: QoE 0.5 exactly, accuracy 58.27 %"

# exhaustive search: above local (Table III: 0.604 against 0.5), and the same
# test episodes after 0 or 3 training episodes
run_semec 1 $P002 -policy exhaustive $SMALL -sim_train_episodes 0 -sim_test_episodes 20 -output_file ex0.h5
[ "$rc" -eq 0 ] || fail "exhaustive exited $rc: $out_text"
run_semec 1 $P002 -policy exhaustive $SMALL -sim_train_episodes 3 -sim_test_episodes 20 -output_file ex3.h5
[ "$rc" -eq 0 ] || fail "exhaustive with training episodes exited $rc: $out_text"
"$H5DIFF" -q ex0.h5 ex3.h5 /eval /eval || fail "test episodes differ with the training length (common random numbers broken)"
py "import h5py,sys; a=h5py.File('ex0.h5')['cells/qoe'][()]; b=h5py.File('ex3.h5')['cells/qoe'][30:]; sys.exit(0 if (a == b).all() else 1)" ||
  fail "the per-slot QoE of the test phase differs with the training length"
py "import h5py,sys; q=h5py.File('ex0.h5')['eval/qoe'][0]; print('exhaustive QoE', q); sys.exit(0 if q > 0.55 else 1)" ||
  fail "exhaustive search does not beat local execution by 0.05"
pass "exhaustive above local; test episodes identical for 0 and 3 training episodes"

# 4 cells: bit-identical on 1 x 4, 2 x 2, 4 x 1
ref=""
for d in "1 4" "2 2" "4 1"; do
  set -- $d
  run_semec "$1" $P002 -policy exhaustive $SMALL -sim_cells 4 -sim_cells_per_rank "$2" -sim_train_episodes 0 -sim_test_episodes 5 -output_file dec-$1.h5
  [ "$rc" -eq 0 ] || { fail "4 cells on $1 ranks exited $rc: $out_text"; continue; }
  sum=$(checksum)
  if [ -z "$ref" ]; then ref=$sum; else [ "$sum" = "$ref" ] || fail "checksum $sum on $1 ranks != $ref on 1 rank"; fi
  if [ "$1" != 1 ]; then for g in /cells /eval; do "$H5DIFF" -q dec-1.h5 dec-$1.h5 $g $g || fail "$g differs between 1 and $1 ranks"; done; fi
done
pass "4 cells identical on 1x4, 2x2, 4x1 (checksum $ref)"

# bad input: refused, named, nothing written
expect_error() {
  local want=$1; shift
  rm -f bad.h5
  run_semec 1 $P002 -output_file bad.h5 "$@"
  if [ "$rc" -eq 0 ]; then fail "$* exited 0"; return; fi
  printf '%s\n' "$out_text" | grep -qF -- "$want" || { fail "$*: message lacks '$want':"; printf '%s\n' "$out_text" | grep "ERROR" | head -4 >&2; }
  [ -e bad.h5 ] && fail "$*: left an output file"
  pass "rejected: $*"
}
expect_error "Option -policy, drlh, is not a policy of -sim_model semantic_multitask: choose one of local, exhaustive" -policy drlh
expect_error "-p002_weight_accuracy sum to 1.33337: they must sum to 1" -p002_weight_delay 0.6667
expect_error "Option -p002_mu_min, 0., is out of range" -p002_mu_min 0
expect_error "Option -sim_slots, 7, does not match the episodes" -sim_slots 7
expect_error "Options -sim_train_episodes and -sim_test_episodes need -sim_episode_length > 0" -sim_episode_length 0
expect_error "Option -chan_subcarriers, 65, is out of range for -sim_model semantic_multitask" -chan_subcarriers 65
expect_error "Option -p002_task_bits has 2 values: give 3" -p002_task_bits 1,2
expect_error "Option -p002_modality, audio, is not allowed" -p002_modality audio
expect_error "Option -p002_exhaustive_mu_levels, 0, is out of range" -policy exhaustive -p002_exhaustive_mu_levels 0
expect_error "Option -p002_accuracy_table_text, nosuch.txt, cannot be read" -p002_accuracy_table_text nosuch.txt
finish
