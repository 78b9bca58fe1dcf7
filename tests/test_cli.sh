# Command-line interface: every invalid input stops the run before any output
# exists, with a message naming the option, the value and what is allowed,
# and a non-zero exit code.  -help lists every option; unused options are
# reported.
source "$(dirname "$0")/lib.sh"

# expect_error MESSAGE-FRAGMENT ARGS...: on the default scenario (OPTS overrides)
OPTS=$DEFAULT_OPTS
# (named_case NAME MESSAGE-FRAGMENT ARGS...: the same, labelled NAME)
expect_error() {
  local want=$1; shift
  local args="$*" label=${CASE_NAME:+[$CASE_NAME] }
  args=${args:0:200}
  rm -f bad.h5
  run_semec 1 -options_file "$OPTS" -sim_cells_per_rank 4 -sim_slots 3 -output_file bad.h5 "$@"
  if [ "$rc" -eq 0 ]; then fail "$label$args exited 0"; return; fi
  printf '%s\n' "$out_text" | grep -qF -- "$want" || { fail "$label$args: message lacks '${want:0:200}':"; printf '%s\n' "$out_text" | grep "ERROR" | head -4 >&2; return; }
  [ -e bad.h5 ] && { fail "$label$args: left an output file"; return; }
  pass "${label}rejected: $args"
}
named_case() { local CASE_NAME=$1; shift; expect_error "$@"; }

expect_error "Option -sim_slots, 0, is out of range: allowed [1," -sim_slots 0
expect_error "Option -sim_slots, abc, is not an integer" -sim_slots abc
expect_error "Option -sim_slots, 2.5, is not an integer" -sim_slots 2.5
expect_error "Option -sim_seed, -1, is out of range" -sim_seed -1
expect_error "Option -sim_cells, 5, does not match 1 MPI ranks x -sim_cells_per_rank 4" -sim_cells 5
expect_error "Option -sim_slot_duration, 0" -sim_slot_duration 0
expect_error "Option -policy, nosuch, is not a policy of -sim_model tasks: choose one of local, edge, cloud, random, strongest" -policy nosuch
expect_error "Option -policy, drlh, is not a policy of -sim_model tasks" -policy drlh
expect_error "Option -geom_layout, triangle, is not allowed: choose one of grid, hex, list" -geom_layout triangle
expect_error "Option -geom_isd, -1" -geom_isd -1
expect_error "Option -geom_bs_positions gives 1 BS positions but -sim_cells is 4" -geom_layout list -geom_bs_positions 0,0
expect_error "Option -geom_r_max" -geom_ue_drop annulus -geom_r_min 100 -geom_r_max 50
expect_error "Option -chan_subcarriers, 0, is out of range" -chan_subcarriers 0
expect_error "Option -chan_tx_power, 1x, is not a number" -chan_tx_power 1x
expect_error "Option -chan_tx_power, nan" -chan_tx_power nan
expect_error "Option -chan_reuse, 5, is out of range" -chan_reuse 5
expect_error "Option -chan_fading, fast, is not allowed" -chan_fading fast
expect_error "Option -task_cycles has 1 values but -task_bits has 2" -task_bits 1e6,2e6 -task_cycles 1e9 -task_deadline 1,1 -task_priority 1,1
expect_error "Option -task_arrival_probability, 1.5" -task_arrival_probability 1.5
expect_error "Option -task_bits, abc, is not a number" -task_bits 1e6,abc
expect_error "Option -cloud_cpu_frequency, 10" -cloud_cpu_frequency 10
expect_error "Option -output_interval, 0" -output_interval 0
expect_error "Option -chan_interference, maybe, is not a logical value" -chan_interference maybe
expect_error "Unable to open options file" -options_file /nonexistent/semec.opts
expect_error "Option -task_model eeoi generates the task types" -task_model eeoi
expect_error "Option -task_model, cnn, is not allowed: choose one of table, eeoi" -task_model cnn
OPTS="$SEMEC_SOURCE/inputs/bcd-eeoi.opts" # paper 003's options
expect_error "Option -bcd_max_iter, 0, is out of range: allowed [1, 1000]" -bcd_max_iter 0
expect_error "Option -bcd_tol, x, is not a number" -bcd_tol x
expect_error "Option -eeoi_exit_points, 4" -eeoi_exit_points 4
OPTS="$SEMEC_SOURCE/inputs/drlh-cloud.opts" # paper 000's options (4 cells here)
expect_error "Option -policy, bcd, is not a policy of -sim_model cloud_edge_end: choose one of drlh, exhaustive, random" -sim_cells 4 -policy bcd
expect_error "Option -sim_model, fluid, is not allowed: choose one of tasks, cloud_edge_end" -sim_cells 4 -sim_model fluid
expect_error "Option -cloud_access_max, 0 (unlimited), is not allowed with -sim_model cloud_edge_end" -sim_cells 4 -cloud_access_max 0
expect_error "Option -cee_accuracy_min, 1.5, is out of range" -sim_cells 4 -cee_accuracy_min 1.5
expect_error "Option -cee_edge_access_max, 0, is out of range: allowed [1, 62]" -sim_cells 4 -cee_edge_access_max 0
expect_error "Option -cee_transformer_d_model, 100, is not a multiple of -cee_transformer_heads 16" -sim_cells 4 -cee_transformer_d_model 100
expect_error "Option -cee_queue_max_local, -1" -sim_cells 4 -cee_queue_max_local -1
expect_error "Option -cee_weights, exact, is not allowed: choose one of drift, printed" -sim_cells 4 -cee_weights exact
expect_error "Option -drlh_candidates, 0, is out of range: allowed [1," -sim_cells 4 -drlh_candidates 0
expect_error "Option -drlh_batch, 2000, is out of range: allowed [1, 1024]" -sim_cells 4 -drlh_batch 2000
expect_error "Option -drlh_hidden takes 2 widths, got 1" -sim_cells 4 -drlh_hidden 64
expect_error "Option -cee_accuracy_table" -sim_cells 4 -cee_accuracy_table /nonexistent/table.txt
expect_error "at most 62 per cell" -sim_cells 4 -geom_ues_per_cell 63
OPTS=$DEFAULT_OPTS

# Issue 13, point 2: each case the issue lists, named.  Integer options are
# checked on their text before PETSc converts them to a 32-bit PetscInt, so
# the message prints the value as given and names the option given.
long_item=$(printf '0%.0s' $(seq 4100))x # an item beyond 4,096 characters (shown cut, with its length)
printf -- '-sim_slots 2\n-options_file self.opts\n' > self.opts
printf -- '-sim_slots 2\n-options_file "cycle-b.opts" # on to b\n' > cycle-a.opts
printf -- '-OPTIONS_FILE cycle-a.opts\n' > cycle-b.opts
named_case "slots wrap (ran 5 slots)" "Option -sim_slots, 4294967301, is out of range: integer options are limited to [-2147483648, 2147483647]" -sim_slots 4294967301
named_case "seed wraps to 1" "Option -sim_seed, 4294967297, is out of range" -sim_seed 4294967297
named_case "queue limit below INT_MIN" "Option -cloud_queue_max, -2147483649, is out of range" -cloud_queue_max -2147483649
named_case "seed printed wrapped" "Option -sim_seed, 2147483648, is out of range" -sim_seed 2147483648
named_case "beyond 64 bits" "Option -sim_seed, 99999999999999999999999, is out of range" -sim_seed 99999999999999999999999
named_case "leading comma" "Option -task_priority, ,1, has an empty item" -task_priority ,1
named_case "double comma" "Option -task_priority, 1,,2, has an empty item" -task_priority 1,,2
named_case "trailing comma" "Option -task_priority, 1,2,, has an empty item" -task_priority 1,2,
named_case "real list, empty item" "Option -task_bits, 1e6,,2e6, has an empty item" -task_bits 1e6,,2e6
named_case "item beyond 4096 characters" "Option -task_priority, ${long_item:0:60}... (4101 characters), is not an integer" -task_priority "1,2,$long_item"
named_case "real beyond double" "Option -geom_isd, 1e999, is out of range" -geom_isd 1e999
named_case "options file includes itself" "Option -options_file: self.opts includes itself: self.opts -> self.opts" -options_file self.opts
named_case "options files include each other" "Option -options_file: cycle-a.opts includes itself: cycle-a.opts -> cycle-b.opts -> cycle-a.opts" -options_file cycle-a.opts
named_case "stray -" "Argument 11 of the command line, -, is neither an option nor the value of the option before it" -sim_seed 2 -
named_case "stray --" "Argument 11 of the command line, --, is neither an option" -sim_seed 2 --
named_case "stray -1" "Argument 11 of the command line, -1, is neither an option" -sim_seed 2 -1
named_case "stray word" "Argument 11 of the command line, 5, is neither an option" -sim_seed 2 5
OPTS="$SEMEC_SOURCE/inputs/drlh-cloud.opts"
named_case "memory named as batch" "Option -drlh_memory, 4294967297, is out of range" -sim_cells 4 -drlh_memory 4294967297
OPTS=$DEFAULT_OPTS
# the limits themselves are accepted (and -1 is the value of the option before it)
run_semec 1 -options_file "$OPTS" -sim_cells_per_rank 4 -sim_slots 3 -output_file limits.h5 -sim_seed 2147483647 -cloud_queue_max 2147483647 -chan_noise_psd -174
[ "$rc" -eq 0 ] && [ -e limits.h5 ] || fail "-sim_seed 2147483647 -cloud_queue_max 2147483647 -chan_noise_psd -174 refused: $(printf '%s\n' "$out_text" | grep ERROR | head -n 3)"
pass "the largest PetscInt and a negative value after its option are accepted"

# an existing result file is never overwritten without -output_overwrite
echo "precious" > exists.h5
run_semec 1 -options_file "$DEFAULT_OPTS" -sim_cells_per_rank 4 -sim_slots 3 -output_file exists.h5
[ "$rc" -ne 0 ] || fail "overwrote an existing file"
printf '%s\n' "$out_text" | grep -qF "Option -output_file, exists.h5, names an existing file" || fail "no clear message for an existing output file"
[ "$(cat exists.h5)" = "precious" ] || fail "existing output file was modified"
run_semec 1 -options_file "$DEFAULT_OPTS" -sim_cells_per_rank 4 -sim_slots 3 -output_file exists.h5 -output_overwrite
[ "$rc" -eq 0 ] || fail "-output_overwrite did not allow the overwrite: $out_text"
pass "existing file protected, -output_overwrite honoured"

# rank count that does not match the cell count (default file: 4 cells, 2 per rank)
run_semec 3 -options_file "$DEFAULT_OPTS" -output_file ranks.h5
[ "$rc" -ne 0 ] && printf '%s\n' "$out_text" | grep -qF "does not match 3 MPI ranks" && [ ! -e ranks.h5 ] || fail "3 ranks for 4 cells was not rejected cleanly"
pass "rank count checked"

# -help lists every option the code reads, with its unit where it has one
run_semec 1 -help
[ "$rc" -eq 0 ] || fail "-help exited $rc: $(printf '%s\n' "$out_text" | grep ERROR | head -n 3)"
for opt in -sim_cells -sim_cells_per_rank -sim_slots -sim_seed -sim_slot_duration -sim_interference_rounds -geom_layout -geom_isd \
  -geom_bs_positions -geom_ue_drop -geom_r_min -geom_r_max -geom_ues_per_cell -geom_ue_count -geom_ue_speed -chan_pathloss \
  -chan_carrier_frequency -chan_shadowing_std -chan_fading -chan_noise_psd -chan_subcarriers -chan_subcarrier_bandwidth -chan_tx_power \
  -chan_reuse -chan_interference_radius -chan_interference -task_arrival -task_arrival_rate -task_bits -task_cycles -task_deadline \
  -task_priority -ue_cpu_frequency -mec_cpu_frequency -cloud_cpu_frequency -cloud_queue_max -cloud_access_max -policy -output_file \
  -output_overwrite -output_interval -sim_model -cee_lyapunov_v -cee_edge_access_max -cee_edge_bandwidth -cloud_bandwidth \
  -cee_accuracy_table -drlh_candidates -drlh_memory -drlh_batch -drlh_train_interval -rl_learning_rate \
  -sim_episode_length -sim_train_episodes -sim_test_episodes -p002_mu_min -p002_weight_delay -p002_task_bits -p002_exhaustive_mu_levels \
  -mappo_clip -mappo_epochs -mappo_share -dqn_gamma -dqn_replay_episodes -p002_dqn_levels; do
  printf '%s\n' "$out_text" | grep -qE -- "^  $opt( <|: <)" || fail "-help does not list $opt"
done
printf '%s\n' "$out_text" | grep -q -- "-geom_isd <.*Inter-site distance (m)" || fail "-help does not give the unit of -geom_isd"
printf '%s\n' "$out_text" | grep -q "strongest" || fail "-help does not list the policies"
pass "-help lists the options"

# a misspelt option is reported
run_semec 1 -options_file "$DEFAULT_OPTS" -sim_cells_per_rank 4 -sim_slots 3 -output_file typo.h5 -sim_slot 5
printf '%s\n' "$out_text" | grep -qF "option -sim_slot 5 was given but no module uses it" || fail "unused option not reported"
pass "unused option reported"
finish
