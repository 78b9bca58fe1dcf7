# Paper 000's cloud-edge-end model on many cells sharing one cloud
# (inputs/drlh-multicell.opts, 8 cells here): bit-identical results and
# actor checkpoints for 1 x 8, 2 x 4 and 4 x 2 ranks x cells for drlh,
# exhaustive and random; the network-wide cloud access limit holds in
# every slot and binds; per-cell task conservation recomputed from the
# file (an independent route from the engine's own check); a finite cloud
# (capacity and queue bound) conserves tasks and respects its bound.
source "$(dirname "$0")/lib.sh"
CEE="-options_file $SEMEC_SOURCE/inputs/drlh-cloud.opts -options_file $SEMEC_SOURCE/inputs/drlh-multicell.opts -sim_cells 8 -cloud_access_max 8 -cloud_bandwidth 2e5"

compare() { # NAME SLOTS ARGS...
  local name=$1 slots=$2; shift 2
  local ref=""
  for d in "1 8" "2 4" "4 2"; do
    set -- $d "${@:1}"
    local r=$1 c=$2; shift 2
    run_semec "$r" $CEE -sim_cells_per_rank "$c" -sim_slots "$slots" -output_file "$name-$r.h5" "$@"
    [ "$rc" -eq 0 ] || { fail "$name on $r ranks exited $rc: $out_text"; return; }
    printf '%s\n' "$out_text" | grep -q "arrived = executed + sent to the cloud + queued: OK" || fail "$name: conservation not confirmed on $r ranks"
    printf '%s\n' "$out_text" | grep -q "state identical on all $r ranks: yes" || fail "$name: cloud copies not identical on $r ranks"
    local sum; sum=$(checksum)
    if [ -z "$ref" ]; then ref=$sum; else [ "$sum" = "$ref" ] || fail "$name: checksum $sum on $r ranks != $ref on 1 rank"; fi
    if [ "$r" != 1 ]; then
      for g in /cells /cloud /drlh /policy /model; do
        if "$SEMEC_PYTHON" -c "import h5py,sys; sys.exit(0 if sys.argv[2].strip('/') in h5py.File(sys.argv[1]) else 1)" "$name-1.h5" $g; then
          "$H5DIFF" -q "$name-1.h5" "$name-$r.h5" $g $g || fail "$name: $g differs between 1 and $r ranks"
        fi
      done
    fi
  done
  pass "$name identical on 1x8, 2x4, 4x2 (checksum $ref)"
}

compare drlh 300 -policy drlh -drlh_candidates 16 -drlh_batch 32
compare exhaustive 60 -policy exhaustive
compare random 300 -policy random -cloud_cpu_frequency 2e9 -cloud_flops_per_cycle 1000 -cloud_queue_max 12

# one actor for the network (-drlh_actor shared): with -rl_sync allreduce the
# run checks at the end that every rank holds the same weights and writes one
# row; with -rl_sync none every rank keeps its own actor (one row per rank)
for sync in allreduce none; do
  run_semec 2 $CEE -sim_cells_per_rank 4 -sim_slots 200 -policy drlh -drlh_candidates 8 -drlh_batch 32 -drlh_actor shared -rl_sync $sync \
    -output_file shared-$sync.h5
  [ "$rc" -eq 0 ] || fail "-drlh_actor shared -rl_sync $sync on 2 ranks exited $rc: $out_text"
done
"$SEMEC_PYTHON" - <<'PY' || fail "shared actor checkpoints"
import sys
import h5py
import numpy as np
a = h5py.File("shared-allreduce.h5", "r")["policy/drlh_actor"]
n = h5py.File("shared-none.h5", "r")["policy/drlh_actor"]
ok = a["params"].shape[0] == 1 and n["params"].shape[0] == 2 and a["adam_step"][0] > 0
ok = ok and np.abs(n["params"][0] - n["params"][1]).max() > 0  # -rl_sync none: the ranks' actors learn apart
sys.exit(0 if ok else 1)
PY
pass "-drlh_actor shared: one synchronised actor (allreduce), one per rank (none)"

"$SEMEC_PYTHON" - drlh-1.h5 random-4.h5 <<'PY' || fail "file checks"
import sys
import h5py
import numpy as np

bad = 0
def check(ok, msg):
    global bad
    if not ok:
        print("FAIL:", msg, file=sys.stderr)
        bad += 1

for path in sys.argv[1:]:
    f = h5py.File(path, "r")
    n = int(f["run/slots_written"][()])
    c = f["cells"]
    arrived, served, backlog = (c[k][:n] for k in ("arrived", "served", "backlog"))
    # per cell: arrived up to t = served up to t + queued at t (Q^L + Q^E)
    lhs = np.cumsum(arrived, axis=0)
    rhs = np.cumsum(served, axis=0) + backlog
    check(np.all(np.abs(lhs - rhs) <= 1e-9 * np.maximum(1, lhs)), f"{path}: per-cell conservation from the file, worst {np.abs(lhs - rhs).max():.3g}")
    check(np.allclose(backlog, c["queue_local"][:n] + c["queue_edge"][:n], rtol=1e-12, atol=0), f"{path}: backlog != queue_local + queue_edge")
    a = f["cloud/access"][:n]
    check(a.max() <= 8, f"{path}: cloud access {a.max()} > -cloud_access_max 8")
    check((a == 8).any(), f"{path}: the access limit never binds")
    check(c["cloud_denied"][:n].sum() > 0, f"{path}: no cloud request was refused")
    # what the cells sent is what the cloud received, slot by slot
    check(np.allclose(c["offload_cloud"][:n].sum(axis=1), f["cloud/arrived"][:n], rtol=1e-9, atol=1e-9), f"{path}: cells' offload_cloud != /cloud/arrived")
    k = f["cloud"]
    arr, done, q = (k[x][:n] for x in ("arrived", "completed", "backlog"))
    check(np.allclose(np.cumsum(arr), np.cumsum(done) + q, rtol=1e-12, atol=1e-9), f"{path}: cloud conservation")
    opts = str(f.attrs["options"])
    if "-cloud_queue_max" in opts:
        check(q.max() <= 12 + 1e-9, f"{path}: cloud backlog {q.max()} above -cloud_queue_max 12")
        check(q.max() > 0 and done.sum() > 0, f"{path}: the finite cloud never queued or completed anything")
    else:
        check(np.all(q == 0) and np.allclose(arr, done), f"{path}: the infinite cloud kept a backlog")
    check(np.isfinite(c["objective"][:n]).all() and np.isfinite(c["power"][:n]).all(), f"{path}: NaN in objective or power")
    if "drlh" in f:
        tl = f["drlh/train_loss"][:n]
        check(np.isfinite(tl).sum() > 0, f"{path}: no training step recorded")
        check(f["policy/drlh_actor/params"].shape[0] == 8, f"{path}: checkpoint lacks a row per cell")
sys.exit(1 if bad else 0)
PY
pass "conservation, access limit and finite cloud checked from the files"
finish
