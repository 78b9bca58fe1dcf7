"""Paper 000 Sec. V on semec's single hot spot (inputs/drlh-cloud.opts),
15000 slots as the paper trains:

* scenario II (Lambda = 750, unbounded queues), last 5000 slots: DRLH(64)
  spends within 5 % of the power (13) of exhaustive search; every scheme's
  queues are stable (no growth from slots 5000-10000 to 10000-15000); the
  per-slot objective (22), averaged, is ordered exhaustive <= DRLH(64) <=
  DRLH(16) <= DRLH(8) < random, where "<=" allows OBJ_TOL of |G| (the
  schemes' trajectories differ, so their states and hence their per-slot
  objectives differ slightly even at equal decision quality), and random
  must be worse than DRLH(8) by more than that;
* scenario I (Lambda = 100, Q_max^L = 5, Q_max^E = 1): DRLH(64) and
  exhaustive meet the queue constraints (3)-(4) on average over the UEs,
  and for every UE to 1 % of Q_max (bounded through the virtual queues:
  Z_i(T) >= sum_t (Q_i(t) - Q_max), so mean Q_i <= Q_max + Z_i(T) / T).
"""
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import h5py
import numpy as np

SLOTS, LAST = 15000, 5000
POWER_TOL = 0.05   # issue 4: DRLH(64) energy within 5 % of exhaustive search
OBJ_TOL = 0.02     # relative tolerance of the objective ordering
SRC = os.environ["SEMEC_SOURCE"]
MPIEXEC = os.environ["SEMEC_MPIEXEC"].split()
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
        print("FAIL:", what)
    return ok


def run(name, scenario, args):
    out = f"{name}.h5"
    cmd = MPIEXEC + ["-n", "1", os.environ["SEMEC"], "-options_file", f"{SRC}/inputs/drlh-cloud.opts",
                     "-options_file", f"{SRC}/inputs/drlh-scenario{scenario}.opts", "-sim_slots", str(SLOTS),
                     "-output_file", out, "-output_overwrite", "-sim_summary", "0"] + args
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {p.returncode}:\n{p.stdout[-2000:]}{p.stderr[-2000:]}")
    return name, out


SCHEMES = {
    "exhaustive": ["-policy", "exhaustive"],
    "drlh64": ["-policy", "drlh", "-drlh_candidates", "64"],
    "drlh16": ["-policy", "drlh", "-drlh_candidates", "16"],
    "drlh8": ["-policy", "drlh", "-drlh_candidates", "8"],
    "random": ["-policy", "random"],
}


def stats(path):
    with h5py.File(path, "r") as f:
        n = int(f["run/slots_written"][()])
        check(n == SLOTS, f"{path}: {n} of {SLOTS} slots written")
        c = f["cells"]
        ues = c["ues"][0, 0]
        ql, qe = c["queue_local"][:n, 0] / ues, c["queue_edge"][:n, 0] / ues
        return {"power": c["power"][n - LAST:n, 0].mean(), "objective": c["objective"][n - LAST:n, 0].mean(),
                "q_last": (ql + qe)[n - LAST:n].mean(), "q_mid": (ql + qe)[n - 2 * LAST:n - LAST].mean(),
                "ql": ql.mean(), "qe": qe.mean(),
                # (15)-(16): Z(T) >= sum_t (Q_i(t) - Q_max) for every UE i, so each UE's
                # time average is at most Q_max + Z_i(T) / T <= Q_max + (sum_i Z_i(T)) / T
                "zl_rate": c["virtual_local"][n - 1, 0] / n, "ze_rate": c["virtual_edge"][n - 1, 0] / n}


def main():
    jobs = [(f"s2-{k}", 2, v) for k, v in SCHEMES.items()] + [(f"s1-{k}", 1, SCHEMES[k]) for k in ("exhaustive", "drlh64")]
    # the longest runs first, two at a time (the machine has two cores)
    jobs.sort(key=lambda j: j[0].endswith("exhaustive"), reverse=True)
    with ThreadPoolExecutor(max_workers=2) as pool:
        files = dict(pool.map(lambda j: run(*j), jobs))
    s = {name: stats(path) for name, path in files.items()}
    print(f"{'run':>16} {'power (W)':>10} {'objective':>10} {'Q/UE mid':>9} {'Q/UE last':>9} {'Q^L/UE':>7} {'Q^E/UE':>7}")
    for name, v in s.items():
        print(f"{name:>16} {v['power']:10.4f} {v['objective']:10.3f} {v['q_mid']:9.3f} {v['q_last']:9.3f} {v['ql']:7.3f} {v['qe']:7.3f}")

    ex, d64 = s["s2-exhaustive"], s["s2-drlh64"]
    check(abs(d64["power"] - ex["power"]) <= POWER_TOL * ex["power"],
          f"scenario II: DRLH(64) power {d64['power']:.4f} W is not within 5 % of exhaustive {ex['power']:.4f} W")
    for k in SCHEMES:
        v = s[f"s2-{k}"]
        check(v["q_last"] <= 1.05 * v["q_mid"] + 0.05, f"scenario II: {k} queues grow: {v['q_mid']:.3f} -> {v['q_last']:.3f} per UE")
    order = ["exhaustive", "drlh64", "drlh16", "drlh8"]
    tol = OBJ_TOL * abs(ex["objective"])
    for a, b in zip(order, order[1:]):
        ga, gb = s[f"s2-{a}"]["objective"], s[f"s2-{b}"]["objective"]
        check(ga <= gb + tol, f"scenario II: objective of {a} {ga:.3f} > {b} {gb:.3f} + {tol:.3f}")
    g8, gr = s["s2-drlh8"]["objective"], s["s2-random"]["objective"]
    check(g8 + tol < gr, f"scenario II: random {gr:.3f} is not worse than DRLH(8) {g8:.3f} by more than {tol:.3f}")

    # scenario I: time averages of (3)-(4) per UE
    for k in ("exhaustive", "drlh64"):
        with h5py.File(files[f"s1-{k}"], "r") as f:
            opts = f.attrs["options"]
            opts = opts.decode() if isinstance(opts, bytes) else opts
            check("-cee_queue_max_local 5" in opts and "-cee_queue_max_edge 1" in opts, f"scenario I options not in {files[f's1-{k}']}")
        v = s[f"s1-{k}"]
        check(v["ql"] <= 5.0, f"scenario I: {k} mean Q^L per UE {v['ql']:.3f} > Q_max^L = 5")
        check(v["qe"] <= 1.0, f"scenario I: {k} mean Q^E per UE {v['qe']:.3f} > Q_max^E = 1")
        # every UE: mean Q_i <= Q_max + Z(T)/T; allow 1 % of Q_max
        check(v["zl_rate"] <= 0.05 and v["ze_rate"] <= 0.01,
              f"scenario I: {k} virtual queues grow (Z^L/T {v['zl_rate']:.4f}, Z^E/T {v['ze_rate']:.4f}): some UE misses (3) or (4)")
    if failures:
        print(f"{len(failures)} check(s) failed")
        sys.exit(1)
    print("all checks passed")


if __name__ == "__main__":
    main()
