# The local and cloud baselines and the two drop branches of the tasks model
# (src/policies/baselines.c, src/tasks/execute.c), checked against values
# derived by hand from the options, read back from the result file.
#
# Common scenario: inputs/default.opts on 1 rank (4 cells, 5 UEs each), 40
# slots of 0.1 s, one task type of 2e6 bit and 1e9 cycles, no deadline (so no
# task expires: every drop is a queue or MEC drop), Poisson arrivals of
# 2 tasks/s per UE.  UE CPU f = 1e9 cycle/s, kappa = 1e-27: computing power
# kappa f^3 = 1e-27 x 1e27 = 1 W, and one task keeps the CPU busy
# 1e9 / 1e9 = 1 s, so it costs exactly 1 J (to the rounding of a partly run
# task to whole cycles, 1 cycle = 1e-9 s).
source "$(dirname "$0")/lib.sh"

COMMON=(-options_file "$DEFAULT_OPTS" -sim_cells_per_rank 4 -geom_ues_per_cell 5 -sim_slots 40
        -task_bits 2e6 -task_cycles 1e9 -task_deadline 0 -task_priority 1 -task_arrival_rate 2
        -ue_cpu_frequency 1e9 -ue_kappa 1e-27)

# check NAME FILE PYTHON-ASSERTIONS: evaluates the assertions with the /cells
# datasets as numpy arrays (a[name], [slots, cells]) and the /cloud ones
# (cl[name]); prints the failing assertion
check() {
  local name=$1 file=$2 code=$3
  rm -f check.err
  "$SEMEC_PYTHON" - "$file" "$code" <<'EOF' && return 0
import sys, h5py, numpy as np
f = h5py.File(sys.argv[1], "r")
a = {k: f["cells"][k][:] for k in f["cells"]}
cl = {k: f["cloud"][k][:] for k in f["cloud"]}
# conservation per cell in every slot (no UE changes cell here):
# cumsum(arrived) == cumsum(served) + cumsum(dropped) + backlog
cons = np.cumsum(a["arrived"], 0) - np.cumsum(a["served"], 0) - np.cumsum(a["dropped"], 0) - a["backlog"]
ok = True
for line in ["np.all(cons == 0)"] + [l for l in sys.argv[2].split("\n") if l.strip()]:
    if not eval(line.strip()):
        open("check.err", "w").write("assertion failed: " + line.strip()); ok = False; break
sys.exit(0 if ok else 1)
EOF
  fail "$name: $(cat check.err)"
  return 1
}

# local: nothing offloaded, nothing uploaded; energy is UE computation only.
# Each UE holds at most -task_ue_queue_max 2 tasks and arrivals beyond are
# dropped (the queue-full branch): with 2 arrivals/s and 1 s per task the
# queue is full most of the time, so drops are certain (a UE sees 8 arrivals
# on average in 4 s and serves at most 4).
# Energy: a busy CPU draws 1 W, so per cell per slot energy <= 5 UEs x 0.1 s
# = 0.5 J, and over the run the energy is the CPU time, completed tasks x 1 s
# plus the part done of the tasks still held:
#   served_total <= E_total <= served_total + backlog_end (+ 1e-6 of rounding).
# Served per cell <= 5 UEs x 4 s / 1 s = 20; backlog per cell <= 5 x 2 = 10.
run_semec 1 "${COMMON[@]}" -policy local -task_ue_queue_max 2 -output_file local.h5
[ "$rc" -eq 0 ] || fail "local exited $rc: $out_text"
check local local.h5 '
a["offload_edge"].sum() == 0
a["offload_cloud"].sum() == 0
np.all(a["throughput"] == 0)
np.all(a["cloud_denied"] == 0)
cl["arrived"].sum() == 0
a["arrived"].sum() > 0
a["dropped"].sum() > 0
a["served"].sum() > 0
np.all(a["served"].sum(0) <= 20)
np.all(a["backlog"] <= 10)
np.all(a["energy"] >= 0) and np.all(a["energy"] <= 0.5 + 1e-9)
np.all(a["energy"].sum(0) >= a["served"].sum(0) - 1e-6)
np.all(a["energy"].sum(0) <= a["served"].sum(0) + a["backlog"][-1] + 1e-6)
' && pass "local: no offload, no upload, energy = CPU time x kappa f^3, queue-full drops counted"

# cloud: every task is committed to the cloud (no access limit, infinite
# cloud capacity, no UE queue can fill: 8 arrivals on average against a bound
# of 100), so sum(offload_cloud) == sum(arrived), no edge offload, no denial,
# nothing dropped; the UE CPU never runs, so the energy is transmission only,
# at most p x N x tau = 0.1 W x 32 x 0.1 s = 0.32 J per cell per slot (a task
# run locally would add 1 W x 0.1 s).  Every task the cells commit reaches the
# cloud by the end or is still uploading: sum(/cloud/arrived) <= sum(offload_cloud).
# Uploaded bits (throughput x tau, summed) are at least 2e6 per task that
# reached the cloud and at most 2e6 per committed task.
run_semec 1 "${COMMON[@]}" -policy cloud -output_file cloud.h5
[ "$rc" -eq 0 ] || fail "cloud exited $rc: $out_text"
check cloud cloud.h5 '
a["offload_cloud"].sum() > 0
a["offload_cloud"].sum() == a["arrived"].sum()
a["offload_edge"].sum() == 0
a["cloud_denied"].sum() == 0
a["dropped"].sum() == 0
cl["arrived"].sum() > 0
cl["arrived"].sum() <= a["offload_cloud"].sum()
a["served"].sum() > 0
a["throughput"].sum() * 0.1 >= 2e6 * cl["arrived"].sum() * (1 - 1e-9)
a["throughput"].sum() * 0.1 <= 2e6 * a["offload_cloud"].sum() * (1 + 1e-9)
np.all(a["energy"] <= 0.32 + 1e-9)
' && pass "cloud: every task committed to the cloud, no edge offload, transmit energy only"

# edge-capacity drops: MEC capacity 1e9 cycle/s shared by the 5 UEs of a cell
# (0.2e9 each: 5 s per task), -task_edge_queue_max 1: a UE's second task
# uploaded while its first is still at the server is dropped.  Uploads are
# fast (2e6 bit at several Mbit/s), so over 4 s every UE with two uploaded
# tasks drops one; no expiry (no deadline) and no UE-queue drops (bound 100),
# so every drop is an edge drop.  The same run with -task_edge_queue_max 100
# drops nothing.
EDGE=(-policy edge -mec_cpu_frequency 1e9)
run_semec 1 "${COMMON[@]}" "${EDGE[@]}" -task_edge_queue_max 1 -output_file edge1.h5
[ "$rc" -eq 0 ] || fail "edge with -task_edge_queue_max 1 exited $rc: $out_text"
check edge1 edge1.h5 '
a["offload_edge"].sum() == a["arrived"].sum()
a["offload_cloud"].sum() == 0
a["dropped"].sum() > 0
' && pass "edge queue bound 1: MEC drops counted, conservation holds"
run_semec 1 "${COMMON[@]}" "${EDGE[@]}" -task_edge_queue_max 100 -output_file edge100.h5
[ "$rc" -eq 0 ] || fail "edge with -task_edge_queue_max 100 exited $rc: $out_text"
check edge100 edge100.h5 '
a["dropped"].sum() == 0
' && pass "edge queue bound 100: no drop"
finish
