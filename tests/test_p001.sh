# Paper 001's model (-sim_model multimodal_qoe, inputs/p001.opts) in the
# engine, on short runs:
#  - local execution: /eval/qoe 4.232 +- 0.005 (dynamic preference), exactly
#    4 x 1.057977 with the fixed beta 0.5, every episode emptied at step 10
#    with the terminal reward (14) T - t_0 = 10, nothing offloaded or failed;
#  - the cell metrics of local, remote, random and mappo runs agree with
#    each other slot by slot (attempts = successes + failures, every failure
#    with a cause, each queue falling by its successes, (13)'s failure terms
#    negative, (14) at the cell's last step from the queues left, the
#    episode return) and with /eval (Qbar = sum QoE / t_end, completion,
#    steps to empty, energy) and the summary's test line;
#  - the summary's task conservation line is OK;
#  - 4 interfering cells give bit-identical results on 1 x 4, 2 x 2 and
#    4 x 1 ranks x cells for local, random and mappo with per-UE nets, whose
#    checkpointed nets are identical too; mappo with shared nets
#    (-mappo_share all -rl_sync allreduce) runs and updates on 2 ranks;
#  - one cell: -chan_interference changes nothing; 4 cells: interference
#    and the subcarrier quantisation change the results;
#  - the test episodes do not depend on the training length;
#  - bad input is refused, named, and leaves no output file.
source "$(dirname "$0")/lib.sh"
# xi_S of (14) back at the model's default 1 (inputs/p001.opts sets 5): the
# checks below compute the terminal reward with xi_S = xi_F = 1
P001="-options_file $SEMEC_SOURCE/inputs/p001.opts -p001_success_reward 1"
py() { "$SEMEC_PYTHON" -c "$@"; }
ev() { py "import h5py; print(h5py.File('$1')['eval/$2'][$3])"; }

# The slot-by-slot consistency of a result file (T = 20, 4 UEs text, image,
# vqa, vqa with 10 tasks each); prints what it finds wrong.
cat > p001_check.py <<'EOF'
import sys, h5py, numpy as np
path, ntrain, ntest = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
T, NUE, D = 20, 4, 10
E0 = {"text": 0.9115926861977998, "image": 0.9977810199533748, "vqa": 1.0889402885731547}  # spec App. A.1
f = h5py.File(path)
n = int(f["run/slots_written"][()])
assert n == (ntrain + ntest) * T == f.attrs["slots"], "slots written %d" % n
c = {k: f["cells/" + k][:n] for k in f["cells"]}
ncell = c["qoe"].shape[1]
bad = []
def err(msg):
    if len(bad) < 20: bad.append(msg)
qbar = np.zeros(ncell); done = np.zeros(ncell); steps = np.zeros(ncell); energy = np.zeros(ncell)
for cell in range(ncell):
    for e in range(ntrain + ntest):
        s = slice(e * T, (e + 1) * T)
        g = {k: v[s, cell] for k, v in c.items()}
        where = "cell %d episode %d" % (cell, e)
        prev, end = NUE * D, None
        for t in range(T):
            a, ok = g["attempts"][t], g["successes"][t]
            fa, fl, fe = g["fail_accuracy"][t], g["fail_latency"][t], g["fail_energy"][t]
            if end is not None:  # the cell's episode ended: idle
                if a or ok or g["qoe"][t] or g["reward"][t] or g["active"][t] != 0 or g["queue"][t] != prev:
                    err("%s step %d: activity after the cell's episode ended" % (where, t))
                continue
            failed = a - ok
            if not (1 <= a <= min(NUE, prev) and 0 <= ok <= a and 0 <= g["offloaded"][t] <= a):
                err("%s step %d: attempts %g, successes %g, offloaded %g with %g tasks queued" % (where, t, a, ok, g["offloaded"][t], prev))
            if max(fa, fl, fe) > failed or (failed > 0 and fa + fl + fe < failed):
                err("%s step %d: %g failed attempts but causes accuracy %g, latency %g, energy %g" % (where, t, failed, fa, fl, fe))
            if g["queue"][t] != prev - ok:
                err("%s step %d: queue %g, expected %g - %g successes" % (where, t, g["queue"][t], prev, ok))
            if abs(g["queue_text"][t] + g["queue_image"][t] + 2 * g["queue_vqa"][t] - g["queue"][t]) > 1e-9:
                err("%s step %d: the per-modality queues do not add up to the queue" % (where, t))
            if failed == 0 and ok == 0 and g["qoe"][t] != 0:
                err("%s step %d: QoE without a success" % (where, t))
            prev = g["queue"][t]
            last = prev == 0 or t == T - 1
            r = g["reward"][t] - g["terminal"][t]  # (13) summed over the UEs
            if failed == 0 and abs(r - g["qoe"][t]) > 1e-12 * max(1, abs(r)):
                err("%s step %d: every attempt succeeded but reward %r != QoE %r" % (where, t, r, g["qoe"][t]))
            if failed > 0 and not r - g["qoe"][t] < 0:
                err("%s step %d: %g failures earn %r beyond the QoE" % (where, t, failed, r - g["qoe"][t]))
            if not last:
                if g["active"][t] != 1 or g["terminal"][t] != 0 or not np.isnan(g["episode_return"][t]):
                    err("%s step %d: active %g, terminal %g, return %g before the end" % (where, t, g["active"][t], g["terminal"][t], g["episode_return"][t]))
                continue
            end = t
            if prev == 0:  # (14): xi_S (T - t_0)
                want = float(T - (t + 1))
            else:  # -xi_F sum_i d_i(T) E_0
                want = -(g["queue_text"][t] * E0["text"] + g["queue_image"][t] * E0["image"] + 2 * g["queue_vqa"][t] * E0["vqa"])
            if abs(g["terminal"][t] - want) > 1e-9 * max(1, abs(want)):
                err("%s step %d: terminal reward %r, expected %r" % (where, t, g["terminal"][t], want))
            ret = g["reward"][: t + 1].sum()
            if g["active"][t] != 0 or abs(g["episode_return"][t] - ret) > 1e-12 * max(1, abs(ret)):
                err("%s step %d: active %g, episode return %r != summed reward %r" % (where, t, g["active"][t], g["episode_return"][t], ret))
        if e >= ntrain:
            qbar[cell] += g["qoe"][: end + 1].sum() / (end + 1)
            energy[cell] += g["energy"][: end + 1].sum()
            if g["queue"][end] == 0:
                done[cell] += 1
                steps[cell] += end + 1
if ntest:
    want = {"qoe": qbar / ntest, "completion": done / ntest, "energy": energy / ntest,
            "steps_to_empty": np.where(done > 0, steps / np.maximum(done, 1), np.nan)}
    for k, v in want.items():
        got = f["eval/" + k][()]
        if not np.allclose(got, v, rtol=1e-12, atol=1e-12, equal_nan=True):
            err("/eval/%s %s, recomputed from /cells %s" % (k, got, v))
    if len(sys.argv) > 4:  # the summary's test line: the mean over the cells
        line = float(sys.argv[4])
        if abs(line - f["eval/qoe"][()].mean()) > 1e-5 * line:
            err("summary's sum QoE %r != mean /eval/qoe %r" % (line, f["eval/qoe"][()].mean()))
for b in bad: print(b)
sys.exit(1 if bad else 0)
EOF
consistent() { # FILE TRAIN TEST: the checks above, with the summary's test line of the last run
  local q; q=$(printf '%s\n' "$out_text" | awk '/^  test /{print $4}')
  "$SEMEC_PYTHON" p001_check.py "$@" $q
}
conserved() { printf '%s\n' "$out_text" | grep -q "check      drawn = done + left + queued: OK"; }

# local: 4.232 (dynamic beta, full batteries), each queue empty at step 10
run_semec 1 $P001 -policy local -sim_train_episodes 0 -sim_test_episodes 10 -output_file local.h5
[ "$rc" -eq 0 ] || fail "local exited $rc: $out_text"
conserved || fail "local: conservation not confirmed"
consistent local.h5 0 10 || fail "local: cell metrics inconsistent"
q=$(ev local.h5 qoe 0) c=$(ev local.h5 completion 0) s=$(ev local.h5 steps_to_empty 0)
awk -v q="$q" -v c="$c" -v s="$s" 'BEGIN{exit !(q > 4.227 && q < 4.237 && c == 1 && s == 10)}' ||
  fail "local: /eval qoe $q (want 4.232 +- 0.005), completion $c (1), steps_to_empty $s (10)"
py "import h5py,sys,numpy as np; c=h5py.File('local.h5')['cells']; ok=(c['offloaded'][()]==0).all() and (c['fail_accuracy'][()]+c['fail_latency'][()]+c['fail_energy'][()]==0).all() and (c['accuracy'][()].reshape(10,20)[:,:10]==1).all() and (c['terminal'][()].reshape(10,20)[:,9]==10).all() and (c['successes'][()].reshape(10,20)[:,:10]==4).all(); sys.exit(0 if ok else 1)" ||
  fail "local: something offloaded or failed, or the terminal reward at step 10 is not T - t_0 = 10"
pass "local (dynamic beta): /eval/qoe $q, completion 1, 10 steps to empty"
# fixed beta 0.5: exactly 4 x 1.057977 in every step
run_semec 1 $P001 -policy local -p001_preference fixed -sim_train_episodes 0 -sim_test_episodes 3 -output_file local-fixed.h5
[ "$rc" -eq 0 ] || fail "local with fixed beta exited $rc: $out_text"
py "import h5py,sys,numpy as np; f=h5py.File('local-fixed.h5'); q=f['cells/qoe'][()].reshape(3,20); ok=np.allclose(q[:,:10], 4.2319081, rtol=2e-8) and (q[:,10:]==0).all() and abs(f['eval/qoe'][0]-4.2319081) < 1e-6; sys.exit(0 if ok else 1)" ||
  fail "local with fixed beta 0.5: a step's QoE is not 4 x 1.057977 = 4.2319081"
pass "local (fixed beta 0.5): 4.2319081 in every step"

# remote and random on one cell: consistent files, remote offloads every attempt
run_semec 1 $P001 -policy remote -sim_train_episodes 0 -sim_test_episodes 10 -output_file remote.h5
[ "$rc" -eq 0 ] || fail "remote exited $rc: $out_text"
conserved || fail "remote: conservation not confirmed"
consistent remote.h5 0 10 || fail "remote: cell metrics inconsistent"
py "import h5py,sys,numpy as np; c=h5py.File('remote.h5')['cells']; sys.exit(0 if (c['offloaded'][()]==c['attempts'][()]).all() and c['attempts'][()].sum() > 0 else 1)" ||
  fail "remote: an attempt was not offloaded"
pass "remote: consistent, every attempt offloaded"
run_semec 1 $P001 -policy random -sim_train_episodes 2 -sim_test_episodes 10 -output_file random.h5
[ "$rc" -eq 0 ] || fail "random exited $rc: $out_text"
conserved || fail "random: conservation not confirmed"
consistent random.h5 2 10 || fail "random: cell metrics inconsistent"
sum_one_on=$(checksum)
py "import h5py,sys; c=h5py.File('random.h5')['cells']; sys.exit(0 if c['fail_accuracy'][()].sum() > 0 and c['offloaded'][()].sum() > 0 else 1)" ||
  fail "random: no offloaded or failed attempt: the failure checks saw nothing"
# common random numbers: the same test episodes without training
run_semec 1 $P001 -policy random -sim_train_episodes 0 -sim_test_episodes 10 -output_file random0.h5
[ "$rc" -eq 0 ] || fail "random without training exited $rc: $out_text"
"$H5DIFF" -q random0.h5 random.h5 /eval /eval || fail "random: the test episodes differ with the training length"
py "import h5py,sys; a=h5py.File('random0.h5')['cells/qoe'][()]; b=h5py.File('random.h5')['cells/qoe'][40:]; sys.exit(0 if (a == b).all() else 1)" ||
  fail "random: the test phase's per-slot QoE differs with the training length"
pass "random: consistent, test episodes independent of the training length"

# mappo on one cell (per-UE nets, 256-step rollouts): consistent, updates at episode ends
run_semec 1 $P001 -policy mappo -sim_train_episodes 30 -sim_test_episodes 10 -output_file mappo.h5
[ "$rc" -eq 0 ] || fail "mappo exited $rc: $out_text"
conserved || fail "mappo: conservation not confirmed"
consistent mappo.h5 30 10 || fail "mappo: cell metrics inconsistent"
py "import h5py,sys,numpy as np; f=h5py.File('mappo.h5'); a=f['mappo/actor_loss'][:600,0,0]; u=np.flatnonzero(np.isfinite(a)); p=f['policy/actor/params'][()]; ok=u.size >= 1 and (u % 20 == 19).all() and np.isnan(f['mappo/actor_loss'][600:]).all() and p.shape[0] == 4 and np.isfinite(p).all() and np.isfinite(f['policy/critic/params'][()]).all(); sys.exit(0 if ok else 1)" ||
  fail "mappo: no update, an update off an episode's end or in the test phase, or not 4 finite per-UE nets in /policy"
pass "mappo: consistent, $(py "import h5py,numpy as np; print(np.isfinite(h5py.File('mappo.h5')['mappo/actor_loss'][:,0,0]).sum())") updates, test QoE $(ev mappo.h5 qoe 0)"

# 4 interfering cells (grid 200 m apart, all neighbours): 1 x 4, 2 x 2, 4 x 1
# bit-identical; mappo with 64-step rollouts: an update every few episodes
NET="-sim_cells 4 -geom_isd 200 -chan_interference true -chan_interference_radius 2000"
for pol in "local -sim_train_episodes 0" "random -sim_train_episodes 2" "mappo -sim_train_episodes 16 -mappo_share none -p001_mappo_rollout_steps 64"; do
  ref="" tag=${pol%% *} ntrain=$(printf '%s\n' "$pol" | awk '{for (i = 1; i < NF; i++) if ($i == "-sim_train_episodes") print $(i + 1)}')
  for d in "1 4" "2 2" "4 1"; do
    set -- $d
    run_semec "$1" $P001 $NET -sim_test_episodes 10 -policy $pol -sim_cells_per_rank "$2" -output_file dec-$tag-$1.h5
    [ "$rc" -eq 0 ] || { fail "$tag: 4 cells on $1 ranks exited $rc: $out_text"; continue; }
    printf '%s\n' "$out_text" | grep -q "shares on subcarriers" || fail "$tag: 4 interfering cells without quantised shares"
    sum=$(checksum)
    if [ -z "$ref" ]; then
      ref=$sum
      conserved || fail "$tag: 4 cells: conservation not confirmed"
      consistent dec-$tag-1.h5 $ntrain 10 || fail "$tag: 4 cells: cell metrics inconsistent"
    else
      [ "$sum" = "$ref" ] || fail "$tag: checksum $sum on $1 ranks != $ref on 1 rank"
      for g in /cells /eval; do "$H5DIFF" -q dec-$tag-1.h5 dec-$tag-$1.h5 $g $g || fail "$tag: $g differs between 1 and $1 ranks"; done
      [ "$tag" = mappo ] && { "$H5DIFF" -q dec-$tag-1.h5 dec-$tag-$1.h5 /policy /policy || fail "mappo: the per-UE nets differ between 1 and $1 ranks"; }
    fi
  done
  eval "sum_$tag=\$ref"
  pass "$tag: 4 interfering cells identical on 1x4, 2x2, 4x1 (checksum $ref)"
done
py "import h5py,sys,numpy as np; f=h5py.File('dec-mappo-1.h5'); p=f['policy/actor/params'][()]; ok=p.shape[0] == 16 and len({r.tobytes() for r in p}) == 16 and np.isfinite(f['mappo/actor_loss'][:320]).sum() >= 3; sys.exit(0 if ok else 1)" ||
  fail "mappo -mappo_share none: not 16 distinct per-UE actors, or fewer than 3 updates"
# shared nets averaged over 2 ranks: the run completes and checkpoints one
# copy.  Unlike src/p002/mappo.c, src/p001/mappo.c's checkpoint does not
# compare the ranks' copies, and under -rl_sync allreduce only rank 0's copy
# is written, so this run cannot show ranks whose shared nets diverged.
run_semec 2 $P001 $NET -sim_train_episodes 16 -sim_test_episodes 5 -policy mappo -mappo_share all -rl_sync allreduce -p001_mappo_rollout_steps 64 -sim_cells_per_rank 2 -output_file shared.h5
[ "$rc" -eq 0 ] || fail "mappo with shared nets on 2 ranks exited $rc: $out_text"
py "import h5py,sys,numpy as np; f=h5py.File('shared.h5'); p=f['policy/actor/params'][()]; ok=p.shape[0] == 1 and np.isfinite(p).all() and np.isfinite(f['mappo/actor_loss'][:320]).any(); sys.exit(0 if ok else 1)" ||
  fail "mappo -mappo_share all -rl_sync allreduce: no update, or not one finite shared actor in /policy"
pass "mappo with shared nets on 2 ranks"

# interference: nothing with one cell (random.h5 has -chan_interference true,
# the default); with 4 cells the co-channel power and the quantised shares count
run_semec 1 $P001 -policy random -sim_train_episodes 2 -sim_test_episodes 10 -chan_interference false -output_file one-off.h5
[ "$rc" -eq 0 ] || fail "one cell without interference exited $rc: $out_text"
[ "$(checksum)" = "$sum_one_on" ] || fail "one cell: -chan_interference true gives checksum $sum_one_on, false $(checksum)"
"$H5DIFF" -q random.h5 one-off.h5 /cells /cells || fail "one cell: /cells differ with -chan_interference"
NET4="-sim_cells 4 -sim_cells_per_rank 4 -geom_isd 200 -sim_train_episodes 2 -sim_test_episodes 10 -policy random"
run_semec 1 $P001 $NET4 -chan_interference true -chan_interference_radius 100 -output_file four-far.h5
s_far=$(checksum)
printf '%s\n' "$out_text" | grep -q "shares on subcarriers" || fail "4 cells with -chan_interference true, no neighbours: shares not quantised"
run_semec 1 $P001 $NET4 -chan_interference false -output_file four-off.h5
s_off=$(checksum)
[ "$sum_random" != "$s_far" ] || fail "4 cells: the neighbours' co-channel power changes nothing (checksum $s_far)"
[ "$s_far" != "$s_off" ] || fail "4 cells: the quantised shares change nothing (checksum $s_far)"
# without interference cell 0 of 4 is the one-cell run (same UE ids, same draws)
py "import h5py,sys,numpy as np; a=h5py.File('one-off.h5')['cells']; b=h5py.File('four-off.h5')['cells']; sys.exit(0 if all(np.array_equal(a[k][:,0], b[k][:,0], equal_nan=True) for k in a) else 1)" ||
  fail "4 cells without interference: cell 0 differs from the one-cell run"
pass "interference: none with one cell ($sum_one_on); neighbours and quantisation matter with 4"

# bad input: refused, named, nothing written.  One rank without mpiexec (an
# MPI singleton): an abort under mpiexec costs a second more per case.
expect_error() {
  local want=$1 before=$failures; shift
  rm -f bad.h5
  out_text=$("$SEMEC" $P001 -sim_train_episodes 0 -sim_test_episodes 2 -output_file bad.h5 "$@" 2>&1)
  rc=$?
  if [ "$rc" -eq 0 ]; then fail "$* exited 0"; return; fi
  # the message itself, not PETSc's table of the options given
  msg=$(printf '%s\n' "$out_text" | awk '/PETSC ERROR: -+ Error Message/{on=1; next} /PETSC ERROR: See https/{on=0} on')
  printf '%s\n' "$msg" | grep -qF -- "$want" || { fail "$*: message lacks '$want':"; printf '%s\n' "$msg" >&2; }
  [ -e bad.h5 ] && fail "$*: left an output file"
  [ "$failures" -eq "$before" ] && pass "rejected: $*"
}
expect_error "Option -p001_queue_length, 0, is out of range" -p001_queue_length 0
expect_error "Option -p001_beta, 1.5, is out of range" -p001_beta 1.5
expect_error "Option -p001_beta, -0.1, is out of range" -p001_preference fixed -p001_beta -0.1
expect_error "Option -p001_power_max, 10. dBm, is below -p001_power_min, 18. dBm" -p001_power_max 10
expect_error "Option -p001_words_max, 5, is out of range" -p001_words_max 5
expect_error "Option -p001_modalities, entry 1, audio, is not a modality" -p001_modalities text,audio
expect_error "Options -p001_ceiling_k_text and -p001_ceiling_text go together" -p001_ceiling_k_text 8,16
expect_error "Option -p001_ceiling_k_text has 2 values and -p001_ceiling_text 1" -p001_ceiling_k_text 8,16 -p001_ceiling_text 0.9
expect_error "Option -p001_ceiling_k_text, 8., is out of range" -p001_ceiling_k_text 16,8 -p001_ceiling_text 0.9,0.95
expect_error "Option -p001_k_text, 40., is out of range: allowed [8., 20.]" -p001_k_text 40
expect_error "Option -p001_mappo_rollout_steps, 0, is out of range" -policy mappo -p001_mappo_rollout_steps 0
expect_error "Option -p001_sentences, 0, is out of range" -p001_sentences 0
expect_error "Option -p001_offload, both, is not allowed" -p001_offload both
expect_error "Option -p001_accuracy_table_text, nosuch.txt, cannot be read" -p001_accuracy_table_text nosuch.txt
expect_error "Option -geom_ue_drop, cell, is not allowed" -geom_ue_drop cell
expect_error "Options -sim_train_episodes and -sim_test_episodes need -sim_episode_length > 0" -sim_episode_length 0
expect_error "Option -sim_episode_length, 0, must be at least 1" -sim_episode_length 0 -sim_test_episodes 0 -sim_slots 10
expect_error "Option -geom_ue_speed, 1., must be 0" -geom_ue_speed 1
expect_error "Option -chan_subcarriers, 3, is below -geom_ues_per_cell 4" -sim_cells 4 -sim_cells_per_rank 4 -chan_subcarriers 3

# postproc/summary.py recognises the model and its checks pass on a learner's
# and a baseline's file (every failure has a cause, queues fall by the successes)
for f in local.h5 mappo.h5; do
  out_text=$("$SEMEC_PYTHON" "$SEMEC_SOURCE/postproc/summary.py" "$f" 2>&1) || fail "summary.py $f exited non-zero: $out_text"
  grep -q "model      multimodal_qoe" <<< "$out_text" && grep -q "the queues fall by the successes: OK" <<< "$out_text" ||
    fail "summary.py $f: model or check line missing: $out_text"
done
finish
