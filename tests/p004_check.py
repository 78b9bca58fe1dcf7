# Paper 004's result files, block by block (tests/test_p004.sh and
# test_p004_decomposition.sh): python3 p004_check.py FILE POLICY [one-cell] [whole]
#   one-cell  no outages allowed
#   whole     no partial head can occur (W <= C_max and no outage), so the WD
#             queues are whole tasks and the schemes' amounts are exact
# Checks, per cell and block (the row of its last slot):
#   - the block metrics are NaN off the blocks' last slots, finite on them;
#   - the cost (8) is the sum of its five parts, each recomputed from the
#     series: w1 q^ser, w2 sum tau xi^ser f_i^3 (/p004/server_rate), w3 sum
#     q_k^wd, w4 sum of the slots' energy_local, w4 tau sum p_used;
#   - the discounted sum (9a), /eval/discounted_cost, /eval/mean_cost (the
#     blocks t >= blocks // 2);
#   - nonnegative per-slot cycles and energies, arrivals whole tasks;
#   - the server runs at most floor(tau f_i) in slot i and exactly
#     min(q^ser, sum_i floor(tau f_i)) in the block;
#   - (6) and (1) at the cell level, queue_wd = sum of /p004/wd_queue,
#     arrived - local - server = queue_wd + queue_server (exact integers);
#   - splits, outages and delivered back-ends agree with /p004/wd_offloaded;
#   - every scheme: 0 <= rho <= W, 0 <= p_used <= p_max, p_used > 0 iff
#     rho > 0; the learners' powers and TD errors (NaN for even and random);
#   - binary: rho in {0, W}, shipped at most at its p; random: rho < W;
#     proposed: p_used <= p and, below W (whole), p carries no cycle more
#     than rho; even: nothing from an empty queue, rho <= rhobar =
#     min(W, floor(n tau f_max^ser / K)) and, below rhobar (whole), p_max
#     carries no cycle more.
# Prints "outages N", then what it finds wrong; exits 1 if anything.
import sys, math, h5py, numpy as np
path, policy = sys.argv[1], sys.argv[2]
one_cell, whole = "one-cell" in sys.argv[3:], "whole" in sys.argv[3:]
f = h5py.File(path)
tok = f.attrs["options"].split()
opt = {}
for i, t in enumerate(tok):
    if t.startswith("-") and not t[1:2].isdigit():
        v = tok[i + 1] if i + 1 < len(tok) else ""
        opt[t[1:]] = v if (v and (not v.startswith("-") or v[1:2].isdigit())) else "true"
g = lambda k, d: float(opt.get(k, d))
n = int(g("p004_block_slots", 5)); tau = g("sim_slot_duration", 0.1); W = g("p004_task_cycles", 1e8)
zeta = g("p004_output_bits", 1e6) / W; B = g("chan_subcarrier_bandwidth", 1e6); gap = g("p004_snr_gap", 1.5)
xi_wd = g("ue_kappa", 1e-28); fser = g("mec_cpu_frequency", 1e10); xi_ser = g("mec_kappa", 1e-29)
pmax = g("p004_power_max", 1.0); gamma = g("p004_gamma", 0.99); K = int(g("geom_ues_per_cell", 0))
w1, w2, w3, w4 = g("p004_w1", 1) / W, g("p004_w2", 1), g("p004_w3", 1) / W, g("p004_w4", 100)
T = int(f["run/slots_written"][()]); blocks = T // n
assert T == f.attrs["slots"] and T % n == 0, "slots written %d" % T
c = {k: f["cells/" + k][:T] for k in f["cells"]}
s = {k: f["p004/" + k][:T] for k in f["p004"]}
ncell = c["cost"].shape[1]
bad = []
def err(msg):
    if len(bad) < 20: bad.append("%s %s: %s" % (path, policy, msg))
def close(a, b, rtol=1e-12):
    return abs(a - b) <= rtol * max(abs(a), abs(b), 1e-300)
def power(h, rho):  # (4)
    return gap / h * math.expm1(math.log(2) * zeta * rho / (tau * B)) if rho > 0 else 0.0
ends = np.arange(n - 1, T, n)
mid = np.setdiff1d(np.arange(T), ends)
for k in ("cost", "cost_server_queue", "cost_server_energy", "cost_wd_queue", "cost_wd_local_energy", "cost_wd_offload_energy",
          "discounted_cost", "queue_wd", "queue_server", "offloaded", "offload_energy", "outages", "splits", "tasks_local"):
    if not np.isnan(c[k][mid]).all() or not np.isfinite(c[k][ends]).all():
        err("/cells/%s is not NaN off the blocks' last slots and finite on them" % k)
for k, v in s.items():
    if not np.isnan(v[mid]).all():
        err("/p004/%s is not NaN off the blocks' last slots" % k)
for k in ("arrived", "local_cycles", "server_cycles", "energy_local", "energy_server"):
    if not (c[k] >= 0).all():
        err("/cells/%s has a negative slot" % k)
if not (np.mod(c["arrived"], W) == 0).all():
    err("an arrival is not a whole number of tasks")
learns = policy in ("proposed", "binary")
rhobar = min(W, math.floor(n * tau * fser / K))
outages = 0
for cell in range(ncell):
    disc, gk, qs0, qw0, cum, half, qk0 = 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, np.zeros(K)
    for t in range(blocks):
        e, sl = t * n + n - 1, slice(t * n, t * n + n)
        C = lambda k: c[k][e, cell]
        where = "cell %d block %d" % (cell, t)
        parts = [C("cost_server_queue"), C("cost_server_energy"), C("cost_wd_queue"), C("cost_wd_local_energy"), C("cost_wd_offload_energy")]
        if not close(C("cost"), sum(parts)):
            err("%s: cost %r != sum of its parts %r" % (where, C("cost"), sum(parts)))
        disc += gk * C("cost"); gk *= gamma
        if not close(C("discounted_cost"), disc):
            err("%s: discounted_cost %r, running sum of gamma^t cost %r" % (where, C("discounted_cost"), disc))
        if t >= blocks // 2: half += C("cost")
        rate, qk = s["server_rate"][e, cell], s["wd_queue"][e, cell]
        rho, pu, p = s["wd_offloaded"][e, cell], s["wd_power_used"][e, cell], s["wd_power"][e, cell]
        # the cost's parts from the series
        es = tau * xi_ser * rate ** 3
        if not np.allclose(c["energy_server"][sl, cell], es, rtol=1e-12, atol=0):
            err("%s: energy_server is not tau xi f^3 of /p004/server_rate" % where)
        want = [w1 * qs0, w2 * es.sum(), w3 * qk0.sum(), w4 * c["energy_local"][sl, cell].sum(), w4 * tau * pu.sum()]
        for j, (a, b) in enumerate(zip(parts, want)):
            if not close(a, b, 1e-9):
                err("%s: cost part %d is %r, recomputed %r" % (where, j + 1, a, b))
        if not close(C("offload_energy"), tau * pu.sum(), 1e-12):
            err("%s: offload_energy %r != tau sum p_used %r" % (where, C("offload_energy"), tau * pu.sum()))
        # the server: floor(tau f_i) per slot, min(q^ser, sum) per block
        caps = np.floor(tau * rate)
        served = c["server_cycles"][sl, cell]
        if not (served <= caps).all():
            err("%s: server cycles %s above floor(tau f) %s" % (where, served, caps))
        if served.sum() != min(qs0, caps.sum()):
            err("%s: the server ran %r cycles with %r queued and %r of capacity" % (where, served.sum(), qs0, caps.sum()))
        if not ((rate >= 0) & (rate <= fser)).all():
            err("%s: a server rate outside [0, f_max^ser]" % where)
        # (1), (6), the WD queues, cumulative conservation
        arr, loc = c["arrived"][sl, cell].sum(), c["local_cycles"][sl, cell].sum()
        if C("queue_wd") != qk.sum():
            err("%s: queue_wd %r != sum of /p004/wd_queue %r" % (where, C("queue_wd"), qk.sum()))
        if C("queue_server") != qs0 - served.sum() + C("offloaded"):
            err("%s: (6): queue_server %r != %r - %r + %r" % (where, C("queue_server"), qs0, served.sum(), C("offloaded")))
        if C("queue_wd") != qw0 + arr - loc - C("offloaded"):
            err("%s: (1): queue_wd %r != %r + %r - %r - %r" % (where, C("queue_wd"), qw0, arr, loc, C("offloaded")))
        cum += arr - loc - served.sum()
        if cum != C("queue_wd") + C("queue_server"):
            err("%s: arrived - local - server %r != queues %r + %r" % (where, cum, C("queue_wd"), C("queue_server")))
        # offloads: delivered, outages, splits
        out = C("outages"); outages += out
        if C("splits") != (rho > 0).sum() or out > C("splits"):
            err("%s: splits %r, outages %r, WDs with rho > 0 %r" % (where, C("splits"), out, (rho > 0).sum()))
        if (out == 0) != (C("offloaded") == rho.sum()) or C("offloaded") > rho.sum():
            err("%s: delivered %r of %r offloaded with %r outages" % (where, C("offloaded"), rho.sum(), out))
        if one_cell and out != 0:
            err("%s: %r outages in one cell" % (where, out))
        if whole and not (np.mod(qk, W) == 0).all():
            err("%s: a WD queue is not whole tasks: %s" % (where, qk))
        # every scheme: powers and amounts
        if not ((rho >= 0) & (rho <= W) & (pu >= 0) & (pu <= pmax * (1 + 1e-9))).all() or ((rho > 0) != (pu > 0)).any():
            err("%s: rho %s, p_used %s" % (where, rho, pu))
        td, tc = s["wd_td_error"][e, cell], s["wd_theta_change"][e, cell]
        sl_ = s["server_learning"][e, cell]
        if learns and not (np.isfinite(p).all() and ((p >= 0) & (p <= pmax)).all() and (np.isfinite(td).all() if t > 0 else np.isnan(td).all())):
            err("%s: %s's power %s or TD error %s" % (where, policy, p, td))
        if not learns and not (np.isnan(p).all() and np.isnan(td).all() and np.isnan(tc).all()):
            err("%s: %s has a power or a TD error" % (where, policy))
        if np.isfinite(sl_[0]) != (t > 0):
            err("%s: server TD error %r" % (where, sl_[0]))
        for u in range(K):
            pos = rho[u] > 0
            h = gap * math.expm1(math.log(2) * zeta * rho[u] / (tau * B)) / pu[u] if pos and pu[u] > 0 else 1.0  # the gain (4) implies
            if policy == "binary" and rho[u] not in (0, W):
                err("%s WD %d: binary offloaded %r" % (where, u, rho[u]))
            if policy == "binary" and pos and not pu[u] <= p[u] * (1 + 1e-9):
                err("%s WD %d: binary shipped a task at %r W above its p %r W" % (where, u, pu[u], p[u]))
            if policy == "random" and not rho[u] < W:
                err("%s WD %d: random offloaded %r >= W" % (where, u, rho[u]))
            if policy == "proposed":
                if not pu[u] <= p[u] * (1 + 1e-9):
                    err("%s WD %d: proposed used %r W above its p %r W" % (where, u, pu[u], p[u]))
                if whole and pos and rho[u] < W and not power(h, rho[u] + 1) > p[u] * (1 - 1e-9):
                    err("%s WD %d: proposed offloaded %r cycles, but its p %r W carries one more" % (where, u, rho[u], p[u]))
            if policy == "even":
                if qk0[u] == 0 and pos:
                    err("%s WD %d: even offloaded %r from an empty queue" % (where, u, rho[u]))
                if rho[u] > rhobar:
                    err("%s WD %d: even offloaded %r > rhobar %r" % (where, u, rho[u], rhobar))
                if whole and pos and rho[u] < rhobar and not power(h, rho[u] + 1) > pmax * (1 - 1e-9):
                    err("%s WD %d: even offloaded %r < rhobar %r, but p_max carries one cycle more (p_used %r)" % (where, u, rho[u], rhobar, pu[u]))
        qs0, qw0, qk0 = C("queue_server"), C("queue_wd"), qk
    if not close(f["eval/discounted_cost"][cell], disc):
        err("cell %d: /eval/discounted_cost %r != %r" % (cell, f["eval/discounted_cost"][cell], disc))
    if not close(f["eval/mean_cost"][cell], half / (blocks - blocks // 2)):
        err("cell %d: /eval/mean_cost %r != %r" % (cell, f["eval/mean_cost"][cell], half / (blocks - blocks // 2)))
if policy == "even" and whole:  # the common amount was used
    rho = s["wd_offloaded"][ends]
    if (rho > 0).any() and not (rho == rhobar).any():
        err("even never offloaded rhobar %r" % rhobar)
print("outages %d" % outages)
for b in bad: print(b)
sys.exit(1 if bad else 0)
