#!/usr/bin/python3
"""System test: the HDF5 result file follows docs/output.md.

Runs semec on the default scenario (2 ranks, 60 slots written every 25, so
the last interval is partial), checks the file with h5py, then runs
postproc/summary.py on it and on doctored copies.  Then the same for a short
-sim_model cloud_edge_end run (paper 000, DRLH, 8 cells on 2 ranks).  Run by ctest in a scratch
directory with SEMEC, SEMEC_MPIEXEC, SEMEC_SOURCE, SEMEC_PYTHON and H5DIFF
in the environment.  Prints every failed check; exits 1 if any failed.
"""
import csv
import datetime
import os
import re
import shlex
import shutil
import subprocess
import sys

import h5py
import numpy as np

RANKS, SLOTS, INTERVAL = 2, 60, 25
RESULT = "schema.h5"
CEE_RESULT = "schema-cee.h5"
CEE_CELLS = 8

CELL_METRICS = {  # name: units
    "energy": "J", "delay": "s", "backlog": "tasks", "served": "tasks", "arrived": "tasks", "dropped": "tasks",
    "ues": "UEs", "throughput": "bit/s", "cloud_denied": "requests", "offload_edge": "tasks", "offload_cloud": "tasks",
    "migrated_in": "tasks", "migrated_out": "tasks", "reward": "1",
    "deadline_unmet": "tasks",
}
COUNT_METRICS = ("backlog", "served", "arrived", "dropped", "ues", "cloud_denied", "offload_edge", "offload_cloud",
                 "migrated_in", "migrated_out", "deadline_unmet")
CLOUD_METRICS = ("backlog", "arrived", "completed", "in_flight", "access")
TOPOLOGY = ("bs_x", "bs_y", "band", "owner_rank", "neighbour_start", "neighbours")
CEE_CELL_METRICS = {  # -sim_model cloud_edge_end, name: units
    "objective": "1", "power": "W", "energy": "J", "queue_local": "tasks", "queue_edge": "tasks",
    "virtual_local": "tasks", "virtual_edge": "tasks", "backlog": "tasks", "arrived": "tasks", "served": "tasks",
    "offload_edge": "tasks", "offload_cloud": "tasks", "cloud_denied": "requests", "ues": "UEs",
}
DRLH_SERIES = ("test_loss", "train_loss", "chosen_rank")
STRING_ATTRIBUTES = ("program", "version", "git_commit", "options", "policy", "start_time", "end_time", "status")
INT_ATTRIBUTES = ("seed", "ranks", "cells", "cells_per_rank", "slots")

failures = []


def check(condition, what):
    """Records a failed check; returns the condition."""
    if not condition:
        failures.append(what)
        print("FAIL:", what)
    return bool(condition)


def text(value):
    return value.decode("utf-8") if isinstance(value, bytes) else value


def parse_options(options):
    """The root 'options' attribute ('-name value ... -flag ...') as a dict."""
    tokens = options.split()
    opts, i = {}, 0
    while i < len(tokens):
        name = tokens[i]
        if re.match(r"^-[A-Za-z_]", name) and i + 1 < len(tokens) and not re.match(r"^-[A-Za-z_]", tokens[i + 1]):
            opts[name] = tokens[i + 1]
            i += 2
        else:
            opts[name] = None
            i += 1
    return opts


def run(cmd, **kw):
    print("+", " ".join(shlex.quote(str(c)) for c in cmd), flush=True)
    return subprocess.run([str(c) for c in cmd], capture_output=True, text=True, **kw)


# ---------------------------------------------------------------- the run
def run_semec(env, options=("default.opts",), extra=(), result=RESULT):
    """Runs semec on RANKS ranks with the options files inputs/OPTIONS, then EXTRA, writing RESULT."""
    cmd = shlex.split(env["SEMEC_MPIEXEC"]) + ["-n", RANKS, env["SEMEC"]]
    for name in options:
        cmd += ["-options_file", os.path.join(env["SEMEC_SOURCE"], "inputs", name)]
    cmd += list(extra) + ["-sim_slots", SLOTS, "-output_interval", INTERVAL, "-output_file", result, "-output_overwrite"]
    p = run(cmd, timeout=300)
    print(p.stdout, end="")
    if p.returncode != 0:
        print(p.stderr, end="")
    check(p.returncode == 0, f"semec exited with {p.returncode}")
    return p.stdout


# ---------------------------------------------------------------- file checks
def check_root(f, env):
    attrs = f.attrs
    for name in STRING_ATTRIBUTES + INT_ATTRIBUTES + ("slot_duration",):
        check(name in attrs, f"root attribute {name} is missing")
    if failures:
        return None
    a = {n: text(attrs[n]) for n in STRING_ATTRIBUTES}
    for n in STRING_ATTRIBUTES:
        check(isinstance(a[n], str), f"root attribute {n} is not a string: {a[n]!r}")
    for n in INT_ATTRIBUTES:
        check(np.issubdtype(np.asarray(attrs[n]).dtype, np.integer), f"root attribute {n} is not an integer: {attrs[n]!r}")
        a[n] = int(attrs[n])
    check(np.issubdtype(np.asarray(attrs["slot_duration"]).dtype, np.floating), "root attribute slot_duration is not a float")
    a["slot_duration"] = float(attrs["slot_duration"])

    check(a["program"] == "semec", f"program = {a['program']!r}")
    with open(os.path.join(env["SEMEC_SOURCE"], "CMakeLists.txt")) as cm:
        m = re.search(r"project\(semec VERSION ([0-9.]+)", cm.read())
    check(m and a["version"] == m.group(1), f"version = {a['version']!r}, CMakeLists.txt says {m and m.group(1)!r}")
    check(a["git_commit"] != "", "git_commit is empty")
    check(a["policy"] == "edge", f"policy = {a['policy']!r}, default.opts says edge")
    check(a["status"] == "complete", f"status = {a['status']!r}, expected 'complete'")
    check(a["seed"] == 1, f"seed = {a['seed']}, default.opts says 1")
    check(a["ranks"] == RANKS, f"ranks = {a['ranks']}, ran on {RANKS}")
    check(a["cells"] == 4, f"cells = {a['cells']}, default.opts says 4")
    check(a["cells_per_rank"] == 2, f"cells_per_rank = {a['cells_per_rank']}, default.opts says 2")
    check(a["cells"] == a["ranks"] * a["cells_per_rank"], "cells != ranks * cells_per_rank")
    check(a["slots"] == SLOTS, f"slots = {a['slots']}, asked for {SLOTS}")
    check(a["slot_duration"] == 0.1, f"slot_duration = {a['slot_duration']}, default.opts says 0.1")
    times = []
    for n in ("start_time", "end_time"):
        try:
            times.append(datetime.datetime.strptime(a[n], "%Y-%m-%dT%H:%M:%SZ"))
        except ValueError:
            check(False, f"{n} = {a[n]!r} is not YYYY-MM-DDTHH:MM:SSZ")
    if len(times) == 2:
        check(times[0] <= times[1], f"end_time {a['end_time']} is before start_time {a['start_time']}")
    opts = parse_options(a["options"])
    check(opts.get("-sim_slots") == str(SLOTS), f"options do not record -sim_slots {SLOTS}: {a['options']!r}")
    check(opts.get("-output_interval") == str(INTERVAL), f"options do not record -output_interval {INTERVAL}")
    check(opts.get("-policy") == "edge", "options do not record -policy edge")
    a["opts"] = opts
    return a


def check_descriptions(f):
    """Every dataset has non-empty string attributes units and description."""
    datasets = []
    f.visititems(lambda name, obj: datasets.append(name) if isinstance(obj, h5py.Dataset) else None)
    check(len(datasets) >= len(CELL_METRICS) + len(CLOUD_METRICS) + len(TOPOLOGY) + 1, f"only {len(datasets)} datasets")
    for name in datasets:
        for attr in ("units", "description"):
            value = text(f[name].attrs.get(attr, ""))
            check(isinstance(value, str) and value.strip() != "", f"/{name} has no non-empty '{attr}' attribute")
    return datasets


def check_cells(f, slots, cells):
    g = f["cells"]
    check(set(g.keys()) == set(CELL_METRICS), f"/cells holds {sorted(g.keys())}, expected {sorted(CELL_METRICS)}")
    data = {}
    for name, units in CELL_METRICS.items():
        if not check(name in g, f"/cells/{name} is missing"):
            continue
        d = g[name]
        check(d.shape == (slots, cells), f"/cells/{name} shape {d.shape}, expected ({slots}, {cells})")
        check(d.dtype == np.float64, f"/cells/{name} dtype {d.dtype}, expected float64")
        check(text(d.attrs.get("units")) == units, f"/cells/{name} units {d.attrs.get('units')!r}, expected {units!r}")
        data[name] = d[()]
    if len(data) != len(CELL_METRICS):
        return None
    for name, v in data.items():
        if name == "delay":
            continue
        check(np.isfinite(v).all(), f"/cells/{name} holds {np.count_nonzero(~np.isfinite(v))} NaN/inf (fill values left?)"
                                    f" at [slot, cell] {np.argwhere(~np.isfinite(v))[:5].tolist()}")
        if name != "reward":  # ln(1/(M delay)) is negative for M delay > 1
            check(not (v < 0).any(), f"/cells/{name} has negative values at {np.argwhere(v < 0)[:5].tolist()}")
    # the reward sums over completed tasks: exactly 0 in slots that completed none
    check((data["reward"][data["served"] == 0] == 0).all(), "/cells/reward is not 0 where nothing was served")
    for name in COUNT_METRICS:
        v = data[name][np.isfinite(data[name])]
        check((v == np.round(v)).all(), f"/cells/{name} holds non-integer counts")
    # the partial last interval (slots 50..59) was written too
    check(np.isfinite(data["energy"][-1]).all(), "last slot of /cells/energy not written (partial interval lost?)")
    served, delay = data["served"], data["delay"]
    nan_where = np.isnan(delay)
    check(np.array_equal(nan_where, served == 0),
          f"/cells/delay is NaN at {np.count_nonzero(nan_where)} places, served == 0 at {np.count_nonzero(served == 0)}; "
          f"mismatch at {np.argwhere(nan_where != (served == 0))[:5].tolist()}")
    finite = delay[~nan_where]
    check(np.isfinite(finite).all() and (finite >= 0).all(), "/cells/delay has negative or infinite values")
    # every UE is in exactly one cell in every slot
    total_ues = data["ues"].sum(axis=1)
    check((total_ues == total_ues[0]).all(), f"total UEs changes between slots: {np.unique(total_ues)}")
    # the default scenario has a fixed number of UEs per cell
    if "ues_per_cell" in f.attrs:
        check(total_ues[0] == cells * int(f.attrs["ues_per_cell"]),
              f"total UEs {total_ues[0]} != cells * ues_per_cell = {cells * int(f.attrs['ues_per_cell'])}")
    else:
        check(False, "root attribute ues_per_cell is missing")
    # edge policy: every arrived task is committed to the edge, none to the cloud
    check((data["offload_cloud"] == 0).all(), "policy edge offloaded tasks to the cloud")
    return data


def check_cloud(f, slots):
    g = f["cloud"]
    check(set(g.keys()) == set(CLOUD_METRICS), f"/cloud holds {sorted(g.keys())}, expected {sorted(CLOUD_METRICS)}")
    for name in CLOUD_METRICS:
        if not check(name in g, f"/cloud/{name} is missing"):
            continue
        d = g[name]
        check(d.shape == (slots,), f"/cloud/{name} shape {d.shape}, expected ({slots},)")
        check(d.dtype == np.float64, f"/cloud/{name} dtype {d.dtype}, expected float64")
        v = d[()]
        check((v >= 0).all(), f"/cloud/{name} holds negative or NaN values at {np.nonzero(~(v >= 0))[0][:5].tolist()}")
        # the tasks model counts whole tasks and UEs
        check((v == np.round(v)).all(), f"/cloud/{name} holds fractions in the tasks model")
        want = "UEs" if name == "access" else "tasks"
        check(text(d.attrs.get("units")) == want, f"/cloud/{name} units {d.attrs.get('units')!r}")


def check_topology(f, root):
    cells, cpr, opts = root["cells"], root["cells_per_rank"], root["opts"]
    g = f["topology"]
    check(set(g.keys()) == set(TOPOLOGY), f"/topology holds {sorted(g.keys())}, expected {sorted(TOPOLOGY)}")
    if not all(n in g for n in TOPOLOGY):
        return
    t = {n: g[n][()] for n in TOPOLOGY}
    for n in ("bs_x", "bs_y", "band", "owner_rank"):
        check(t[n].shape == (cells,), f"/topology/{n} shape {t[n].shape}, expected ({cells},)")
    check(np.isfinite(t["bs_x"]).all() and np.isfinite(t["bs_y"]).all(), "BS positions are not finite")
    check(np.array_equal(t["owner_rank"], np.arange(cells) // cpr), f"owner_rank {t['owner_rank']} != cell // cells_per_rank")
    reuse = int(opts.get("-chan_reuse", "1"))
    check(np.array_equal(t["band"], np.arange(cells) % reuse), f"band {t['band']} != cell % {reuse}")
    start, nbr = t["neighbour_start"], t["neighbours"]
    if not check(start.shape == (cells + 1,), f"/topology/neighbour_start shape {start.shape}, expected ({cells + 1},)"):
        return
    csr = check(start[0] == 0 and start[-1] == len(nbr) and (np.diff(start) >= 0).all(),
                f"neighbour_start {start} is not a CSR offset array for {len(nbr)} neighbours")
    if csr:
        check(((nbr >= 0) & (nbr < cells)).all(), f"neighbours {nbr} out of range 0..{cells - 1}")
        lists = [nbr[start[c]:start[c + 1]].tolist() for c in range(cells)]
        for c, lst in enumerate(lists):
            check(c not in lst, f"cell {c} is its own neighbour")
            check(all(a < b for a, b in zip(lst, lst[1:])), f"neighbours of cell {c} not strictly ascending: {lst}")
            for o in lst:
                check(0 <= o < cells and c in lists[o], f"neighbour relation not symmetric: {o} in N({c}) but {c} not in N({o})")
        # neighbours are exactly the other cells within -chan_interference_radius
        radius = float(opts.get("-chan_interference_radius", "nan"))
        x, y = t["bs_x"], t["bs_y"]
        for c in range(cells):
            expect = [o for o in range(cells) if o != c and (x[o] - x[c]) ** 2 + (y[o] - y[c]) ** 2 <= radius * radius]
            check(lists[c] == expect, f"neighbours of cell {c} are {lists[c]}, cells within {radius} m are {expect}")


def check_conservation(data):
    arrived = np.cumsum(data["arrived"].sum(axis=1))
    served = np.cumsum(data["served"].sum(axis=1))
    dropped = np.cumsum(data["dropped"].sum(axis=1))
    backlog = data["backlog"].sum(axis=1)
    bad = np.nonzero(arrived != served + dropped + backlog)[0]
    check(bad.size == 0, f"network-wide conservation fails at slots {bad[:10].tolist()}: cumulative arrived "
                         f"{arrived[bad[:3]].tolist()} vs served + dropped + backlog {(served + dropped + backlog)[bad[:3]].tolist()}")


def check_stdout(stdout, data):
    """semec's own end-of-run table agrees with the file."""
    m = re.search(r"tasks\s+arrived (\d+), completed (\d+), dropped (\d+), backlog (\d+)", stdout)
    if not check(m, "semec's summary has no 'tasks arrived ..., completed ..., dropped ..., backlog ...' line"):
        return
    printed = tuple(int(v) for v in m.groups())
    in_file = (int(data["arrived"].sum()), int(data["served"].sum()), int(data["dropped"].sum()), int(data["backlog"][-1].sum()))
    check(printed == in_file, f"semec printed arrived/completed/dropped/backlog {printed}, the file sums to {in_file}")


def mix(x):
    """SplitMix64 finaliser of src/engine/summary.c."""
    mask = (1 << 64) - 1
    x = (x + 0x9E3779B97F4A7C15) & mask
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & mask
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & mask
    return x ^ (x >> 31)


def check_checksum(stdout, data, slots, cells):
    """The checksum semec prints hashes every recorded cell metric (src/engine/summary.c,
    metrics in the order of the tasks model's metric table, src/tasks/model.c); recomputed from the file it must
    agree, i.e. the file holds exactly what was recorded."""
    m = re.search(r"checksum\s+([0-9a-f]{16})", stdout)
    if not check(m, "semec's summary has no checksum line"):
        return
    order = ("energy", "delay", "backlog", "served", "arrived", "dropped", "ues", "throughput", "cloud_denied",
             "offload_edge", "offload_cloud", "migrated_in", "migrated_out", "reward", "deadline_unmet")
    bits = np.stack([data[n].view(np.uint64) for n in order], axis=-1)  # [slot, cell, metric]
    total = 0
    for t in range(slots):
        for c in range(cells):
            h = mix(((c << 32) ^ t) & ((1 << 64) - 1))
            for b in bits[t, c]:
                h = mix(h ^ int(b))
            total = (total + (h >> 32)) & ((1 << 64) - 1)
    check(f"{total:016x}" == m.group(1), f"checksum of the file {total:016x} != semec's {m.group(1)}")


# ---------------------------------------------------------------- summary.py
def summary_rows(data):
    """Expected per-cell and network rows of summary.py (same columns as its CSV)."""
    rows = []
    cells = data["served"].shape[1]

    def row(label, cols):
        served = data["served"][:, cols]
        delay = data["delay"][:, cols]
        n = served.sum()
        return {
            "cell": label,
            "mean_ues": data["ues"][:, cols].sum(axis=1).mean(),
            "arrived": data["arrived"][:, cols].sum(),
            "served": n,
            "dropped": data["dropped"][:, cols].sum(),
            "final_backlog": data["backlog"][-1, cols].sum(),
            "energy_per_slot": data["energy"][:, cols].sum(axis=1).mean(),
            "delay": np.nansum(delay * served) / n if n else float("nan"),
            "throughput": data["throughput"][:, cols].sum(axis=1).mean() / 1e6,
            "offload_edge": data["offload_edge"][:, cols].sum(),
            "offload_cloud": data["offload_cloud"][:, cols].sum(),
        }

    for c in range(cells):
        rows.append(row(str(c), [c]))
    rows.append(row("network", list(range(cells))))
    return rows


def close(a, b, rtol):
    if np.isnan(a) and np.isnan(b):
        return True
    return abs(a - b) <= rtol * max(abs(b), 1e-12)


def run_summary(env, args):
    script = os.path.join(env["SEMEC_SOURCE"], "postproc", "summary.py")
    return run([env.get("SEMEC_PYTHON") or "/usr/bin/python3", script] + args, timeout=120)


def check_summary(env, data):
    p = run_summary(env, [RESULT, "--csv", "summary.csv"])
    print(p.stdout, end="")
    print(p.stderr, end="")
    check(p.returncode == 0, f"summary.py exited with {p.returncode}")
    expect = summary_rows(data)
    net = expect[-1]
    # the printed network row: network, UEs, arrived, served, dropped, backlog, energy, delay, throughput, edge, cloud
    lines = [ln.split() for ln in p.stdout.splitlines() if ln.split()[:1] == ["network"]]
    if check(len(lines) == 1 and len(lines[0]) == 11, f"summary.py printed no network row of 11 columns: {lines}"):
        v = lines[0]
        for i, key in ((2, "arrived"), (3, "served"), (4, "dropped"), (5, "final_backlog"), (9, "offload_edge"), (10, "offload_cloud")):
            check(int(v[i]) == int(net[key]), f"summary.py network {key} = {v[i]}, the test computes {int(net[key])}")
        for i, key in ((1, "mean_ues"), (6, "energy_per_slot"), (7, "delay"), (8, "throughput")):
            printed = float("nan") if v[i] == "-" else float(v[i])
            check(close(printed, float(net[key]), 5e-3), f"summary.py network {key} = {v[i]}, the test computes {net[key]:.6g}")
    check("conservation" in p.stdout and ": OK" in p.stdout, "summary.py did not report conservation OK")
    check(f"{SLOTS} of {SLOTS} written" in p.stdout, "summary.py header does not say all slots were written")

    # the CSV: a header naming units, one row per cell and the network row
    if not check(os.path.exists("summary.csv"), "summary.py --csv wrote no file"):
        return
    with open("summary.csv", newline="") as fh:
        table = list(csv.reader(fh))
    header, body = table[0], table[1:]
    keys = [h.split(" [")[0] for h in header]
    check(keys == list(expect[0].keys()), f"CSV columns {header}")
    check(any("[J]" in h for h in header) and any("[s]" in h for h in header) and any("[tasks]" in h for h in header),
          f"CSV header does not name units: {header}")
    check(len(body) == len(expect), f"CSV has {len(body)} rows, expected {len(expect)} (cells + network)")
    for got, want in zip(body, expect):
        check(len(got) == len(keys), f"CSV row {got} has {len(got)} fields")
        for key, value in zip(keys, got):
            if key == "cell":
                check(value == want["cell"], f"CSV row label {value!r}, expected {want['cell']!r}")
                continue
            try:
                number = float(value)
            except ValueError:
                check(False, f"CSV {key} of cell {want['cell']} = {value!r} is not a number")
                continue
            check(close(number, float(want[key]), 1e-9), f"CSV {key} of cell {want['cell']} = {value}, the test computes {want[key]!r}")


def check_summary_cases(env, data):
    """summary.py on a window, a killed-run file, a broken file, a missing file."""
    # a window: conservation counts the backlog held before it
    p = run_summary(env, [RESULT, "--slots", "10:35"])
    check(p.returncode == 0, f"summary.py --slots 10:35 exited with {p.returncode}: {p.stderr}")
    m = re.search(r"arrived (\d+) = served (\d+)", p.stdout)
    check(m and int(m.group(1)) == int(data["arrived"][10:35].sum()) and int(m.group(2)) == int(data["served"][10:35].sum()),
          f"summary.py --slots 10:35 totals {m and m.groups()} != {int(data['arrived'][10:35].sum())}, {int(data['served'][10:35].sum())}")

    # a file as a killed run leaves it: status running, 25 rows written, the rest fill values
    shutil.copyfile(RESULT, "killed.h5")
    with h5py.File("killed.h5", "r+") as f:
        f.attrs["status"] = "running"
        f.attrs["end_time"] = ""
        f["run/slots_written"][()] = INTERVAL
        for name in CELL_METRICS:
            f["cells/" + name][INTERVAL:] = np.nan
        for name in CLOUD_METRICS:
            f["cloud/" + name][INTERVAL:] = -1
    p = run_summary(env, ["killed.h5", "--csv", "killed.csv"])
    check(p.returncode == 0, f"summary.py on a killed-run file exited with {p.returncode}: {p.stderr}")
    check(f"{INTERVAL} of {SLOTS} written" in p.stdout and "running" in p.stdout,
          "summary.py does not say the killed run wrote 25 of 60 slots")
    if os.path.exists("killed.csv"):
        with open("killed.csv", newline="") as fh:
            net = list(csv.reader(fh))[-1]
        check(int(net[2]) == int(data["arrived"][:INTERVAL].sum()),
              f"summary.py on the killed-run file counts {net[2]} arrivals, the first {INTERVAL} rows hold {int(data['arrived'][:INTERVAL].sum())}")

    # conservation broken: one more task served than arrived
    shutil.copyfile(RESULT, "broken.h5")
    with h5py.File("broken.h5", "r+") as f:
        served = f["cells/served"]
        served[SLOTS // 2, 0] = served[SLOTS // 2, 0] + 1
        delay = f["cells/delay"]
        if np.isnan(delay[SLOTS // 2, 0]):
            delay[SLOTS // 2, 0] = 0.5
    p = run_summary(env, ["broken.h5"])
    check(p.returncode != 0, "summary.py exits with 0 on a file that violates conservation")
    check("VIOLATED" in p.stdout, "summary.py does not report the violated conservation")

    p = run_summary(env, ["no-such-file.h5"])
    check(p.returncode != 0, "summary.py exits with 0 on a missing file")


# ---------------------------------------------------------------- -sim_model cloud_edge_end
def check_cee_file(result):
    """The file of a cloud_edge_end run (docs/output.md, "/cells with -sim_model cloud_edge_end", /drlh, /policy).
    Returns /cells as a dict, or None if it cannot be checked further."""
    with h5py.File(result, "r") as f:
        options = text(f.attrs.get("options", ""))
        check(re.search(r"(^|\s)-sim_model cloud_edge_end(\s|$)", options), f"options do not record -sim_model cloud_edge_end: {options!r}")
        slots, cells, dt = int(f.attrs["slots"]), int(f.attrs["cells"]), float(f.attrs["slot_duration"])
        check((slots, cells) == (SLOTS, CEE_CELLS), f"cloud_edge_end: slots, cells = {slots}, {cells}, expected {SLOTS}, {CEE_CELLS}")
        check(text(f.attrs["status"]) == "complete", f"cloud_edge_end: status {text(f.attrs['status'])!r}")
        check(int(f["run/slots_written"][()]) == slots, "cloud_edge_end: /run/slots_written != slots")
        check_descriptions(f)
        g = f["cells"]
        check(set(g.keys()) == set(CEE_CELL_METRICS),
              f"cloud_edge_end: /cells holds {sorted(g.keys())}, expected {sorted(CEE_CELL_METRICS)}")
        data = {}
        for name, units in CEE_CELL_METRICS.items():
            if not check(name in g, f"cloud_edge_end: /cells/{name} is missing"):
                continue
            d = g[name]
            check(d.shape == (slots, cells), f"cloud_edge_end: /cells/{name} shape {d.shape}, expected ({slots}, {cells})")
            check(d.dtype == np.float64, f"cloud_edge_end: /cells/{name} dtype {d.dtype}, expected float64")
            check(text(d.attrs.get("units")) == units,
                  f"cloud_edge_end: /cells/{name} units {d.attrs.get('units')!r}, expected {units!r}")
            data[name] = d[()]
        for name in DRLH_SERIES:
            key = "drlh/" + name
            if check(key in f, f"cloud_edge_end: /{key} is missing"):
                check(f[key].shape == (slots, cells, 1), f"cloud_edge_end: /{key} shape {f[key].shape}, expected ({slots}, {cells}, 1)")
        key = "policy/drlh_actor/params"
        if check(key in f, f"cloud_edge_end: /{key} is missing"):
            shape = f[key].shape
            check(len(shape) == 2 and shape[0] == cells and shape[1] > 0,
                  f"cloud_edge_end: /{key} shape {shape}, expected ({cells}, P)")
        for name in CLOUD_METRICS:
            key = "cloud/" + name
            if not check(key in f, f"cloud_edge_end: /{key} is missing"):
                continue
            d = f[key]
            check(d.shape == (slots,) and d.dtype == np.float64, f"cloud_edge_end: /{key} is {d.shape} {d.dtype}, expected ({slots},) float64")
            check((d[()] >= 0).all(), f"cloud_edge_end: /{key} holds negative or NaN values")
    if len(data) != len(CEE_CELL_METRICS):
        return None
    for name, v in data.items():
        check(np.isfinite(v).all(), f"cloud_edge_end: /cells/{name} holds NaN/inf at {np.argwhere(~np.isfinite(v))[:5].tolist()}")
        if name != "objective":  # eq. (22) is a drift-plus-penalty, negative as a rule
            check(not (v < 0).any(), f"cloud_edge_end: /cells/{name} has negative values at {np.argwhere(v < 0)[:5].tolist()}")
    for name in ("ues", "cloud_denied"):
        check((data[name] == np.round(data[name])).all(), f"cloud_edge_end: /cells/{name} holds non-integer counts")
    check(np.allclose(data["energy"], data["power"] * dt, rtol=1e-12, atol=0),
          f"cloud_edge_end: /cells/energy != power * slot_duration {dt}")
    check(np.allclose(data["backlog"], data["queue_local"] + data["queue_edge"], rtol=1e-12, atol=1e-12),
          "cloud_edge_end: /cells/backlog != queue_local + queue_edge")
    inflow = np.cumsum(data["arrived"], axis=0)
    bad = np.argwhere(np.abs(inflow - np.cumsum(data["served"], axis=0) - data["backlog"]) > 1e-9 * np.maximum(1.0, inflow))
    check(bad.size == 0, f"cloud_edge_end: per-cell conservation fails at [slot, cell] {bad[:5].tolist()}")
    return data


def check_model_tasks(f, data):
    """/model of the tasks model (docs/output.md): the end state agrees with the per-slot /cells sums, every
    cell conserves its tasks with the queued rows, and the rows are ordered by cell, UE and queue."""
    if not check("model" in f, "/model (the tasks model's end state) is missing"):
        return
    g = f["model"]
    m = {k: g[k][()] for k in g.keys()}
    cells = data["arrived"].shape[1]
    for k in ("cell_arrived", "cell_completed", "cell_dropped", "cell_migrated_in", "cell_migrated_out", "cell_energy", "cell_delay_sum"):
        if not check(k in m and m[k].shape == (cells,), f"/model/{k} missing or not of shape ({cells},)"):
            return
    for k, name in (("cell_arrived", "arrived"), ("cell_completed", "served"), ("cell_dropped", "dropped"),
                    ("cell_migrated_in", "migrated_in"), ("cell_migrated_out", "migrated_out")):
        check(np.array_equal(m[k], data[name].sum(axis=0).astype(np.int64)), f"/model/{k} != the sum over slots of /cells/{name}")
    check(np.allclose(m["cell_energy"], data["energy"].sum(axis=0), rtol=1e-9, atol=0), "/model/cell_energy != the sum of /cells/energy")
    n = m["task_cell"].shape[0]
    for k in ("task_ue", "task_queue", "task_type", "task_priority", "task_route", "task_bits", "task_cycles", "task_total_cycles",
              "task_pre_cycles", "task_batch", "task_arrival", "task_deadline", "task_ready"):
        if not check(k in m and m[k].shape == (n,), f"/model/{k} missing or not of shape ({n},)"):
            return
    held = np.bincount(m["task_cell"], minlength=cells) if n else np.zeros(cells, dtype=np.int64)
    check(np.array_equal(held, data["backlog"][-1].astype(np.int64)), f"/model task rows per cell {held} != /cells/backlog of the last slot")
    lhs = m["cell_arrived"] + m["cell_migrated_in"]
    rhs = m["cell_completed"] + m["cell_dropped"] + held + m["cell_migrated_out"]
    check(np.array_equal(lhs, rhs), "/model: arrived + migrated_in != completed + dropped + queued rows + migrated_out in some cell")
    check(m["ue_id"].shape[0] == int(data["ues"][-1].sum()), "/model/ue_id does not list every UE")
    check(np.all(np.diff(m["ue_cell"]) >= 0), "/model/ue_cell is not in cell order")
    key = m["ue_cell"] * (1 << 40) + m["ue_id"]
    check(np.all(np.diff(key) > 0), "/model/ue_id is not by id within each cell")
    queue, ue = m["task_queue"], m["task_ue"]
    check(np.isin(queue, np.arange(5)).all(), "/model/task_queue outside 0..4")
    check(np.array_equal(queue == 4, ue == -1), "/model: a task in the cloud has a UE, or a UE's task has none")
    where = dict(zip(m["ue_id"].tolist(), m["ue_cell"].tolist()))
    check(all(where.get(int(u)) == int(c) for u, c in zip(ue[ue >= 0], m["task_cell"][ue >= 0])),
          "/model: a queued task's UE is not in the task's cell")
    check((m["task_cycles"] > 0).all() and (m["task_bits"] >= 0).all() and (m["task_pre_cycles"] >= 0).all(),
          "/model: a queued task has no cycles left or negative bits")
    check((m["task_arrival"] <= m["task_ready"] + 1e-12).all(), "/model: a queued task is ready before it arrived")


def check_model_cee(result, data):
    """/model of the cloud_edge_end model: per-UE queues that sum to the last slot's /cells sums, and per-cell
    cumulative sums that conserve tasks."""
    with h5py.File(result, "r") as f:
        if not check("model" in f, "cloud_edge_end: /model is missing"):
            return
        m = {k: f["model"][k][()] for k in f["model"].keys()}
    cells = data["arrived"].shape[1]
    ues = int(data["ues"][-1].sum())
    for k in ("q_local", "q_edge", "z_local", "z_edge"):
        if not check(k in m and m[k].shape == (ues,), f"cloud_edge_end: /model/{k} missing or not of shape ({ues},)"):
            return
    per = np.repeat(np.arange(cells), data["ues"][-1].astype(np.int64))
    for k, name in (("q_local", "queue_local"), ("q_edge", "queue_edge"), ("z_local", "virtual_local"), ("z_edge", "virtual_edge")):
        check(np.allclose(np.bincount(per, weights=m[k], minlength=cells), data[name][-1], rtol=1e-12, atol=1e-12),
              f"cloud_edge_end: /model/{k} summed per cell != /cells/{name} of the last slot")
    check(np.allclose(m["cell_arrived"], data["arrived"].sum(axis=0), rtol=1e-12, atol=0),
          "cloud_edge_end: /model/cell_arrived != the sum of /cells/arrived")
    queued = np.bincount(per, weights=m["q_local"] + m["q_edge"], minlength=cells)
    check(np.allclose(m["cell_arrived"], m["cell_left"] + queued, rtol=1e-9, atol=1e-9),
          "cloud_edge_end: /model: arrived != left + queued in some cell")


def check_cee_summary(env, data):
    """summary.py on the cloud_edge_end file: exit 0, conservation OK, the CSV's network row matches the file;
    and on a copy with one served value + 1: exit non-zero and VIOLATED."""
    p = run_summary(env, [CEE_RESULT, "--csv", "summary-cee.csv"])
    print(p.stdout, end="")
    print(p.stderr, end="")
    check(p.returncode == 0, f"summary.py on the cloud_edge_end file exited with {p.returncode}")
    check(re.search(r"^conservation .*: OK$", p.stdout, re.M), "summary.py did not report conservation OK on the cloud_edge_end file")
    if check(os.path.exists("summary-cee.csv"), "summary.py --csv wrote no file for the cloud_edge_end file"):
        with open("summary-cee.csv", newline="") as fh:
            table = list(csv.reader(fh))
        header, body = table[0], table[1:]
        keys = [h.split(" [")[0] for h in header]
        check(len(body) == CEE_CELLS + 1 and body[-1][:1] == ["network"],
              f"cloud_edge_end CSV has {len(body)} rows (last {body[-1][:1] if body else None}), expected {CEE_CELLS} cells + network")
        for key, unit in (("arrived", "tasks"), ("served", "tasks"), ("final_backlog", "tasks"), ("power", "W"), ("cloud_denied", "requests")):
            check(f"{key} [{unit}]" in header, f"cloud_edge_end CSV header has no '{key} [{unit}]': {header}")
        if body and body[-1][:1] == ["network"]:
            net = dict(zip(keys, body[-1]))
            # power and objective (22): the mean over the slots of the sum over the cells (recomputed here)
            for key, want in (("arrived", data["arrived"].sum()), ("served", data["served"].sum()),
                              ("final_backlog", data["backlog"][-1].sum()), ("power", data["power"].sum(axis=1).mean()),
                              ("objective", data["objective"].sum(axis=1).mean())):
                try:
                    got = float(net.get(key, "nan"))
                except ValueError:
                    got = float("nan")
                check(close(got, float(want), 1e-9), f"cloud_edge_end CSV network {key} = {net.get(key)!r}, the file sums to {want!r}")
            for c in range(min(CEE_CELLS, len(body) - 1)):  # a cell's power: the mean over the slots of its own
                row = dict(zip(keys, body[c]))
                check(close(float(row.get("power", "nan")), float(data["power"][:, c].mean()), 1e-9),
                      f"cloud_edge_end CSV cell {c} power = {row.get('power')!r}, the file's mean is {data['power'][:, c].mean()!r}")

    shutil.copyfile(CEE_RESULT, "broken-cee.h5")
    with h5py.File("broken-cee.h5", "r+") as f:
        served = f["cells/served"]
        served[SLOTS // 2, 0] = served[SLOTS // 2, 0] + 1
    p = run_summary(env, ["broken-cee.h5"])
    check(p.returncode != 0, "summary.py exits with 0 on a cloud_edge_end file that violates conservation")
    check("VIOLATED" in p.stdout, "summary.py does not report the violated conservation of a cloud_edge_end file")


def main():
    env = dict(os.environ)
    for var in ("SEMEC", "SEMEC_MPIEXEC", "SEMEC_SOURCE"):
        if not env.get(var):
            print(f"test_schema: environment variable {var} is not set (run through ctest)")
            return 1
    stdout = run_semec(env)
    if failures or not os.path.exists(RESULT):
        check(os.path.exists(RESULT), f"semec wrote no {RESULT}")
        print(f"{len(failures)} check(s) failed")
        return 1

    with h5py.File(RESULT, "r") as f:
        check(set(f.keys()) >= {"run", "topology", "cells", "cloud", "policy", "model"},
              f"groups {sorted(f.keys())}, expected run, topology, cells, cloud, policy, model")
        root = check_root(f, env)
        if root is None:
            print(f"{len(failures)} check(s) failed")
            return 1
        slots, cells = root["slots"], root["cells"]
        if check("run/slots_written" in f, "/run/slots_written is missing"):
            w = f["run/slots_written"]
            check(w.shape == () and np.issubdtype(w.dtype, np.integer), f"/run/slots_written is {w.shape} {w.dtype}, expected a scalar integer")
            check(int(w[()]) == slots, f"/run/slots_written = {int(w[()])}, expected {slots}")
        check_descriptions(f)
        data = check_cells(f, slots, cells) if "cells" in f else None
        if "cloud" in f:
            check_cloud(f, slots)
        if "topology" in f:
            check_topology(f, root)
        if data is not None:
            check_model_tasks(f, data)

    if data is not None:
        check_conservation(data)
        check_stdout(stdout, data)
        check_checksum(stdout, data, slots, cells)
        check_summary(env, data)
        check_summary_cases(env, data)

    # the cloud_edge_end model: one short run, 8 cells on 2 ranks
    run_semec(env, ("drlh-cloud.opts", "drlh-multicell.opts"),
              ("-sim_cells", CEE_CELLS, "-sim_cells_per_rank", CEE_CELLS // RANKS, "-cloud_access_max", CEE_CELLS,
               "-cloud_bandwidth", "2e5", "-drlh_batch", 32), CEE_RESULT)
    if check(os.path.exists(CEE_RESULT), f"semec wrote no {CEE_RESULT}"):
        cee = check_cee_file(CEE_RESULT)
        if cee is not None:
            check_cee_summary(env, cee)
            check_model_cee(CEE_RESULT, cee)

    if failures:
        print(f"{len(failures)} check(s) failed")
        return 1
    print("test_schema: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
