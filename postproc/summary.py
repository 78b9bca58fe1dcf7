#!/usr/bin/python3
"""Summarise a semec result file (HDF5, schema in docs/output.md).

    summary.py RESULT.h5 [--csv OUT.csv] [--slots A:B]

Prints the run header, a per-cell table with a network-wide row and the
task conservation check of the file's execution model (-sim_model, found
from a dataset only it writes, e.g. /cells/objective, or the root attribute
'options'):

    tasks:           arrived = served + dropped + final backlog (- backlog before the window)
    cloud_edge_end:  arrived = served + final backlog (- backlog before the window),
                     per cell and network-wide, to 1e-9 relative (fluid amounts)
    semantic_multitask (paper 002): at most one task per UE and slot in every cell
                     (the engine checks drawn = executed + discarded + queued itself);
                     the test-phase means of /eval are printed when the file has them
    multimodal_qoe (paper 001): every failed attempt has a cause, successes <= attempts,
                     and within an episode the queue falls by the successes; /eval printed
    sequential_dnn (paper 004): workload in whole CPU cycles, over the whole blocks of
                     n = -p004_block_slots slots inside the window, per cell and network-wide,
                     exactly, after every block:
                       sum(arrived) - sum(local_cycles) - sum(server_cycles) over the blocks so far
                         = (queue_wd + queue_server at the block's end)
                         - (the same at the end of the block before the window's first
                            whole block, read from the file; 0 before slot 0)
                     (a block's arrivals join the queues at its end, so the balance holds
                     at block ends, not at every slot); and at every block end in the
                     window cost = the sum of its five parts, to 1e-9 relative.  The
                     block quantities (cost, its parts, queues, offloads, outages, ...)
                     must be finite at each block's last slot (t % n == n - 1) and NaN
                     elsewhere; a window that holds no whole block is an error.  /eval
                     (discounted cost (9a), mean cost per block of the second half) printed

A file from a run that was killed has status 'running' and only its first
/run/slots_written rows hold data; only those rows are used.  --slots A:B
restricts the summary to slots A <= t < B of those rows (either end may be
left out).

Exit status: 0 on success, 1 if the file cannot be read, holds values that
contradict the schema, or violates conservation, 2 on a usage error.

Needs Debian's python3 with python3-h5py and python3-numpy (/usr/bin/python3).
"""
import argparse
import csv
import re
import sys

import h5py
import numpy as np

# What the execution models (-sim_model) write differently; reading, windows, the header, the table and the CSV
# are shared.  cells: the /cells datasets and what they hold, in the order they are read and checked:
#   "count"  whole non-negative numbers stored as float64 (read as int64)
#   "real"   finite non-negative reals
#   "signed" finite reals
#   "delay"  the tasks model's mean delay: NaN exactly where served == 0
#   "mean"   semantic_multitask's means per task: NaN exactly where tasks == 0
#   "mu"     semantic_multitask's mean mu of the offloaded tasks: NaN exactly where no task was offloaded
#   "block"  sequential_dnn's block quantities: finite non-negative reals at each block's last slot (absolute slot t
#            with t % n == n - 1, n = -p004_block_slots) and NaN exactly elsewhere
#   "block_count"  the same, whole numbers (cycles, WDs, tasks) at the block ends
# columns: the per-cell table and the CSV, (key, table heading, unit, format).


class Model:
    def __init__(self, name, cells, columns, rows, conservation, label, amount, note, describe=None, prepare=None):
        self.name, self.cells, self.columns = name, cells, columns
        self.rows, self.conservation = rows, conservation
        self.label = label        # of the conservation line
        self.amount = amount      # formats the cloud's task amounts in the header
        self.note = note          # printed under the table
        self.describe = describe  # an extra header line (a str, or a function of the result), or None
        self.prepare = prepare    # prepare(f, head) -> dict: what else the model reads from the open file, or None


# /cells datasets holding counts (integers stored as float64)
COUNT_METRICS = ("arrived", "served", "dropped", "backlog", "ues", "cloud_denied", "offload_edge", "offload_cloud",
                 "migrated_in", "migrated_out")
# /cells datasets holding non-negative reals (delay is treated separately: NaN when nothing was served)
REAL_METRICS = ("energy", "throughput")
CLOUD_METRICS = ("backlog", "arrived", "completed", "in_flight", "access")
ROOT_ATTRIBUTES = ("program", "version", "git_commit", "options", "seed", "ranks", "cells", "cells_per_rank", "slots",
                   "slot_duration", "policy", "start_time", "end_time", "status")

# Columns of the per-cell table and the CSV: (key, table heading, unit, format)
COLUMNS = (
    ("cell", "cell", "", "{}"),
    ("mean_ues", "UEs", "UEs", "{:.2f}"),
    ("arrived", "arrived", "tasks", "{:d}"),
    ("served", "served", "tasks", "{:d}"),
    ("dropped", "dropped", "tasks", "{:d}"),
    ("final_backlog", "backlog", "tasks", "{:d}"),
    ("energy_per_slot", "energy/slot", "J", "{:.4g}"),
    ("delay", "delay", "s", "{:.4g}"),
    ("throughput", "throughput", "Mbit/s", "{:.4g}"),
    ("offload_edge", "to edge", "tasks", "{:d}"),
    ("offload_cloud", "to cloud", "tasks", "{:d}"),
)

# -sim_model cloud_edge_end (paper 000): fluid task amounts; ues and cloud_denied count UEs
CEE_COUNT_METRICS = ("ues", "cloud_denied")
CEE_REAL_METRICS = ("power", "energy", "queue_local", "queue_edge", "virtual_local", "virtual_edge", "backlog", "arrived",
                    "served", "offload_edge", "offload_cloud")
CEE_SIGNED_METRICS = ("objective",)
CEE_COLUMNS = (
    ("cell", "cell", "", "{}"),
    ("mean_ues", "UEs", "UEs", "{:.2f}"),
    ("arrived", "arrived", "tasks", "{:.2f}"),
    ("served", "served", "tasks", "{:.2f}"),
    ("final_backlog", "backlog", "tasks", "{:.2f}"),
    ("queue_local_per_ue", "Q^L/UE", "tasks", "{:.4g}"),
    ("queue_edge_per_ue", "Q^E/UE", "tasks", "{:.4g}"),
    ("power", "power", "W", "{:.4g}"),
    ("objective", "objective(22)", "1", "{:.4g}"),
    ("offload_edge", "to edge", "tasks", "{:.2f}"),
    ("offload_cloud", "to cloud", "tasks", "{:.2f}"),
    ("cloud_denied", "cloud denied", "requests", "{:d}"),
)
# relative tolerance of the fluid conservation check (the engine's, src/engine/cell.c)
CEE_RTOL = 1e-9


class ResultError(Exception):
    """The file cannot be used: unreadable, incomplete or contradicting the schema."""


def text(value):
    """An HDF5 string attribute as str (h5py may return bytes)."""
    if isinstance(value, bytes):
        return value.decode("utf-8")
    return str(value)


def parse_window(spec):
    """'A:B', 'A:' or ':B' -> (A or None, B or None)."""
    if spec is None:
        return None, None
    parts = spec.split(":")
    if len(parts) != 2:
        raise argparse.ArgumentTypeError(f"--slots {spec}: expected A:B")
    ends = []
    for part in parts:
        part = part.strip()
        if part == "":
            ends.append(None)
            continue
        try:
            value = int(part)
        except ValueError:
            raise argparse.ArgumentTypeError(f"--slots {spec}: {part!r} is not an integer") from None
        if value < 0:
            raise argparse.ArgumentTypeError(f"--slots {spec}: slots are counted from 0")
        ends.append(value)
    if ends[0] is not None and ends[1] is not None and ends[1] <= ends[0]:
        raise argparse.ArgumentTypeError(f"--slots {spec}: the window is empty")
    return ends[0], ends[1]


def detect_model(f, options):
    """The execution model of an open file, from its /cells datasets or the options."""
    if "cells/cost_wd_offload_energy" in f or re.search(r"(^|\s)-sim_model\s+sequential_dnn(\s|$)", options):
        return SEQUENTIAL_DNN
    if "cells/objective" in f or re.search(r"(^|\s)-sim_model\s+cloud_edge_end(\s|$)", options):
        return CLOUD_EDGE_END
    if "cells/queue_vqa" in f or re.search(r"(^|\s)-sim_model\s+multimodal_qoe(\s|$)", options):
        return MULTIMODAL_QOE
    if "cells/qoe" in f or re.search(r"(^|\s)-sim_model\s+semantic_multitask(\s|$)", options):
        return SEMANTIC_MULTITASK
    return TASKS


def read_result(path, window):
    """Reads the header and the rows of the window; returns a dict."""
    try:
        f = h5py.File(path, "r")
    except OSError as e:
        raise ResultError(f"cannot open: {e}") from None
    with f:
        missing = [a for a in ROOT_ATTRIBUTES if a not in f.attrs]
        if missing:
            raise ResultError("root attributes missing: " + ", ".join(missing))
        head = {a: f.attrs[a] for a in ROOT_ATTRIBUTES}
        for a in ("program", "version", "git_commit", "options", "policy", "start_time", "end_time", "status"):
            head[a] = text(head[a])
        for a in ("seed", "ranks", "cells", "cells_per_rank", "slots"):
            head[a] = int(head[a])
        head["slot_duration"] = float(head["slot_duration"])
        for a in ("ues_per_cell", "subcarriers"):
            head[a] = int(f.attrs[a]) if a in f.attrs else None
        model = detect_model(f, head["options"])
        if "run/slots_written" not in f:
            raise ResultError("/run/slots_written is missing")
        written = int(f["run/slots_written"][()])
        slots, cells = head["slots"], head["cells"]
        if not 0 <= written <= slots:
            raise ResultError(f"/run/slots_written = {written} is outside 0..{slots}")
        head["slots_written"] = written
        if written == 0:
            raise ResultError("no slot has been written yet (/run/slots_written = 0): nothing to summarise")

        first, last = window
        first = 0 if first is None else first
        last = written if last is None else last
        if first >= written:
            raise ResultError(f"--slots starts at {first} but only {written} slots were written")
        head["clipped"] = last > written
        last = min(last, written)
        head["window"] = (first, last)

        data = {}
        for name in model.cells:
            key = "cells/" + name
            if key not in f:
                raise ResultError(f"/{key} is missing")
            d = f[key]
            if d.shape != (slots, cells):
                raise ResultError(f"/{key} has shape {d.shape}, expected ({slots}, {cells})")
            data[name] = np.asarray(d[first:last], dtype=np.float64)
        # backlog at the end of the slot before the window (0 before slot 0; models without a backlog: 0)
        if first > 0 and "backlog" in model.cells:
            before = np.asarray(f["cells/backlog"][first - 1], dtype=np.float64)
        else:
            before = np.zeros(cells)
        evaluation = {k: np.asarray(f["eval/" + k][()]) for k in f["eval"].keys()} if "eval" in f else None
        extra = model.prepare(f, head) if model.prepare else {}
        cloud = {}
        for name in CLOUD_METRICS:
            key = "cloud/" + name
            if key not in f:
                raise ResultError(f"/{key} is missing")
            d = f[key]
            if d.shape != (slots,):
                raise ResultError(f"/{key} has shape {d.shape}, expected ({slots},)")
            cloud[name] = np.asarray(d[first:last])

    # values in the used rows must be data, not fill values
    def of_kind(kind):
        return [name for name, k in model.cells.items() if k == kind]

    for name in of_kind("count"):
        v = data[name]
        bad = ~np.isfinite(v) | (v < 0) | (v != np.round(v))
        if bad.any():
            t, c = np.argwhere(bad)[0]
            raise ResultError(f"/cells/{name}[{first + t}, {c}] = {v[t, c]!r} is not a count (a whole non-negative number) "
                              "(fill value in a row that /run/slots_written says is written?)")
        data[name] = v.astype(np.int64)
    for name in of_kind("real"):
        v = data[name]
        bad = ~np.isfinite(v) | (v < 0)
        if bad.any():
            t, c = np.argwhere(bad)[0]
            raise ResultError(f"/cells/{name}[{first + t}, {c}] = {v[t, c]!r} is not a non-negative number")
    for name in of_kind("signed"):
        v = data[name]
        bad = ~np.isfinite(v)
        if bad.any():
            t, c = np.argwhere(bad)[0]
            raise ResultError(f"/cells/{name}[{first + t}, {c}] = {v[t, c]!r} is not a finite number "
                              "(fill value in a row that /run/slots_written says is written?)")
    for name in of_kind("delay"):
        served, delay = data["served"], data[name]
        bad = np.isnan(delay) != (served == 0)
        if bad.any():
            t, c = np.argwhere(bad)[0]
            raise ResultError(f"/cells/delay[{first + t}, {c}] = {delay[t, c]!r} with served = {served[t, c]}: "
                              "delay must be NaN exactly where nothing was served")
    for name in of_kind("mean"):
        bad = np.isnan(data[name]) != (data["tasks"] == 0)
        bad |= ~np.isnan(data[name]) & ~np.isfinite(data[name])
        if bad.any():
            t, c = np.argwhere(bad)[0]
            raise ResultError(f"/cells/{name}[{first + t}, {c}] = {data[name][t, c]!r} with tasks = {data['tasks'][t, c]}: "
                              "a mean per task must be NaN exactly where no task was executed")
    for name in of_kind("attempt_mean"):
        bad = np.isnan(data[name]) != (data["attempts"] == 0)
        bad |= ~np.isnan(data[name]) & ~np.isfinite(data[name])
        if bad.any():
            t, c = np.argwhere(bad)[0]
            raise ResultError(f"/cells/{name}[{first + t}, {c}] = {data[name][t, c]!r} with attempts = {data['attempts'][t, c]}: "
                              "a mean per attempt must be NaN exactly where nothing was attempted")
    for name in of_kind("mu"):
        none = (data["tasks"] == 0) | (np.nan_to_num(data["offload"]) == 0)
        bad = np.isnan(data[name]) != none
        if bad.any():
            t, c = np.argwhere(bad)[0]
            raise ResultError(f"/cells/{name}[{first + t}, {c}] = {data[name][t, c]!r}: NaN exactly where no task was offloaded")
    blocks = [name for name, k in model.cells.items() if k in ("block", "block_count")]
    if blocks:
        n = extra["n"]
        end = ((first + np.arange(last - first)) % n == n - 1)[:, None]    # rows at a block's last slot
        for name in blocks:
            v = data[name]
            bad = end & (~np.isfinite(v) | (v < 0))
            if model.cells[name] == "block_count":
                bad |= end & np.isfinite(v) & (v != np.round(v))
            if bad.any():
                t, c = np.argwhere(bad)[0]
                raise ResultError(f"/cells/{name}[{first + t}, {c}] = {v[t, c]!r} at the last slot of a block of {n} slots: "
                                  f"a block quantity there must be a finite non-negative "
                                  f"{'whole number' if model.cells[name] == 'block_count' else 'number'} "
                                  "(fill value in a row that /run/slots_written says is written?)")
            bad = ~end & ~np.isnan(v)
            if bad.any():
                t, c = np.argwhere(bad)[0]
                raise ResultError(f"/cells/{name}[{first + t}, {c}] = {v[t, c]!r} is not at the last slot of a block of {n} slots "
                                  f"(t % {n} != {n - 1}): a block quantity must be NaN there")
    if not np.isfinite(before).all() or (before < 0).any():
        raise ResultError(f"/cells/backlog[{first - 1}] holds no data")
    for name, v in cloud.items():
        if (v < 0).any():
            t = int(np.argmax(v < 0))
            raise ResultError(f"/cloud/{name}[{first + t}] = {v[t]} (fill value -1 in a written row?)")
    if model.cells.get("backlog") == "count":
        before = before.astype(np.int64)
    return {"head": head, "model": model, "cells": data, "before": before, "cloud": cloud, "eval": evaluation, "extra": extra}


# ---------------------------------------------------------------- -sim_model tasks
def cell_rows(result):
    """Per-cell rows and the network row (dicts keyed like COLUMNS)."""
    d = result["cells"]
    cells = result["head"]["cells"]
    rows = []
    for c in range(cells):
        served = d["served"][:, c]
        nserved = int(served.sum())
        delay = float(np.dot(np.where(served > 0, d["delay"][:, c], 0.0), served) / nserved) if nserved else float("nan")
        rows.append({
            "cell": c,
            "mean_ues": float(d["ues"][:, c].mean()),
            "arrived": int(d["arrived"][:, c].sum()),
            "served": nserved,
            "dropped": int(d["dropped"][:, c].sum()),
            "final_backlog": int(d["backlog"][-1, c]),
            "energy_per_slot": float(d["energy"][:, c].mean()),
            "delay": delay,
            "throughput": float(d["throughput"][:, c].mean()) / 1e6,
            "offload_edge": int(d["offload_edge"][:, c].sum()),
            "offload_cloud": int(d["offload_cloud"][:, c].sum()),
        })
    # network: totals over the cells; delay is the mean over all served tasks
    served = d["served"]
    nserved = int(served.sum())
    delay = float((np.where(served > 0, d["delay"], 0.0) * served).sum() / nserved) if nserved else float("nan")
    network = {
        "cell": "network",
        "mean_ues": float(d["ues"].sum(axis=1).mean()),
        "arrived": int(d["arrived"].sum()),
        "served": nserved,
        "dropped": int(d["dropped"].sum()),
        "final_backlog": int(d["backlog"][-1].sum()),
        "energy_per_slot": float(d["energy"].sum(axis=1).mean()),
        "delay": delay,
        "throughput": float(d["throughput"].sum(axis=1).mean()) / 1e6,
        "offload_edge": int(d["offload_edge"].sum()),
        "offload_cloud": int(d["offload_cloud"].sum()),
    }
    return rows, network


def conservation(result):
    """Network-wide check after every slot of the window.

    Returns (ok, message)."""
    d = result["cells"]
    first = result["head"]["window"][0]
    before = int(result["before"].sum())
    arrived = np.cumsum(d["arrived"].sum(axis=1))
    served = np.cumsum(d["served"].sum(axis=1))
    dropped = np.cumsum(d["dropped"].sum(axis=1))
    backlog = d["backlog"].sum(axis=1)
    balance = arrived - (served + dropped + backlog - before)
    a, s, r, b = int(arrived[-1]), int(served[-1]), int(dropped[-1]), int(backlog[-1])
    text_before = f" - backlog before slot {first} {before}" if first > 0 else ""
    message = f"arrived {a} = served {s} + dropped {r} + final backlog {b}{text_before}"
    bad = np.nonzero(balance)[0]
    if bad.size:
        t = int(bad[0])
        return False, (f"{message}: VIOLATED (first at slot {first + t}: cumulative arrived exceeds "
                       f"served + dropped + backlog by {int(balance[t])})")
    # per cell, tasks carried by UEs that change cell enter the balance
    cell_balance = (np.cumsum(d["arrived"] + d["migrated_in"] - d["served"] - d["dropped"] - d["migrated_out"], axis=0)
                    - (d["backlog"] - result["before"]))
    bad = np.argwhere(cell_balance != 0)
    if bad.size:
        t, c = (int(v) for v in bad[0])
        return False, (f"{message}: OK network-wide, but VIOLATED in cell {c} at slot {first + t}: "
                       f"arrived + migrated in - served - dropped - migrated out - backlog change = {int(cell_balance[t, c])}")
    return True, message + ", and per cell with migrations: OK"


# ---------------------------------------------------------------- -sim_model cloud_edge_end
def cee_row(d, label, cols):
    """One row of the cloud_edge_end table over the cells cols (one cell, or all for the network row).

    Amounts add over slots and cells; power and objective are the mean over the window of their sum over cols; the
    queues per UE are the mean over the window of the queued tasks of cols divided by their UEs (slots without UEs
    left out)."""
    ues = d["ues"][:, cols].sum(axis=1)

    def per_ue(name):
        q = d[name][:, cols].sum(axis=1)
        has = ues > 0
        return float((q[has] / ues[has]).mean()) if has.any() else float("nan")

    return {
        "cell": label,
        "mean_ues": float(ues.mean()),
        "arrived": float(d["arrived"][:, cols].sum()),
        "served": float(d["served"][:, cols].sum()),
        "final_backlog": float(d["backlog"][-1, cols].sum()),
        "queue_local_per_ue": per_ue("queue_local"),
        "queue_edge_per_ue": per_ue("queue_edge"),
        "power": float(d["power"][:, cols].sum(axis=1).mean()),
        "objective": float(d["objective"][:, cols].sum(axis=1).mean()),
        "offload_edge": float(d["offload_edge"][:, cols].sum()),
        "offload_cloud": float(d["offload_cloud"][:, cols].sum()),
        "cloud_denied": int(d["cloud_denied"][:, cols].sum()),
    }


def cee_cell_rows(result):
    """Per-cell rows and the network row (dicts keyed like CEE_COLUMNS)."""
    d = result["cells"]
    cells = result["head"]["cells"]
    return [cee_row(d, c, [c]) for c in range(cells)], cee_row(d, "network", list(range(cells)))


def cee_conservation(result):
    """Fluid balance after every slot of the window, network-wide and per cell:
    backlog before the window + cumulative arrived == cumulative served + backlog, to CEE_RTOL relative
    (relative to max(1, backlog before + cumulative arrived), as the engine checks it).

    Returns (ok, message)."""
    d = result["cells"]
    first = result["head"]["window"][0]
    before = result["before"]
    inflow = before + np.cumsum(d["arrived"], axis=0)            # [slot, cell]
    outflow = np.cumsum(d["served"], axis=0) + d["backlog"]
    a, s, b = float(d["arrived"].sum()), float(d["served"].sum()), float(d["backlog"][-1].sum())
    text_before = f" - backlog before slot {first} {float(before.sum()):.10g}" if first > 0 else ""
    message = f"arrived {a:.10g} = served {s:.10g} + final backlog {b:.10g}{text_before} (relative tolerance {CEE_RTOL:g})"
    net_in, net_out = inflow.sum(axis=1), outflow.sum(axis=1)
    balance = net_in - net_out
    bad = np.nonzero(~(np.abs(balance) <= CEE_RTOL * np.maximum(1.0, net_in)))[0]
    if bad.size:
        t = int(bad[0])
        return False, (f"{message}: VIOLATED (first at slot {first + t}: cumulative arrived exceeds "
                       f"served + backlog by {balance[t]:.10g})")
    cell_balance = inflow - outflow
    bad = np.argwhere(~(np.abs(cell_balance) <= CEE_RTOL * np.maximum(1.0, inflow)))
    if bad.size:
        t, c = (int(v) for v in bad[0])
        return False, (f"{message}: OK network-wide, but VIOLATED in cell {c} at slot {first + t}: "
                       f"arrived - served - backlog change = {cell_balance[t, c]:.10g}")
    return True, message + ", and per cell: OK"


TASKS = Model(
    "tasks",
    dict([(n, "count") for n in COUNT_METRICS] + [(n, "real") for n in REAL_METRICS] + [("delay", "delay")]),
    COLUMNS, cell_rows, conservation, "network-wide", lambda x: f"{int(x)}",
    "(network row: sums over the cells; delay is the mean over all served tasks, weighted by served counts)")
CLOUD_EDGE_END = Model(
    "cloud_edge_end",
    dict([(n, "count") for n in CEE_COUNT_METRICS] + [(n, "real") for n in CEE_REAL_METRICS]
         + [(n, "signed") for n in CEE_SIGNED_METRICS]),
    CEE_COLUMNS, cee_cell_rows, cee_conservation, "per cell and network-wide", lambda x: f"{float(x):.10g}",
    "(network row: sums over the cells; power and objective (22) are means over the window of the sum over the cells;\n"
    " Q^L/UE and Q^E/UE: mean over the window of the tasks queued at the end of a slot per UE)",
    "cloud_edge_end (paper 000): fluid task amounts, per-cell sums over the UEs")


# ---------------------------------------------------------------- -sim_model semantic_multitask
P002_COUNT_METRICS = ("tasks", "violations", "unserved", "ues")
P002_COLUMNS = (
    ("cell", "cell", "", "{}"),
    ("mean_ues", "UEs", "UEs", "{:.2f}"),
    ("tasks", "tasks", "tasks", "{:d}"),
    ("qoe", "QoE", "1", "{:.4f}"),
    ("delay", "delay", "ms", "{:.4g}"),
    ("energy_per_task", "energy/task", "J", "{:.4g}"),
    ("accuracy", "accuracy", "%", "{:.2f}"),
    ("offload", "offloaded", "%", "{:.1f}"),
    ("mu", "mean mu", "1", "{:.3f}"),
    ("violations", "violations", "tasks", "{:d}"),
    ("unserved", "unserved", "UEs", "{:d}"),
)


def p002_row(d, label, cols):
    """One row over the cells cols: means per executed task, weighted by the slots' task counts."""
    tasks = d["tasks"][:, cols]
    n = int(tasks.sum())
    offloaded = np.nan_to_num(d["offload"][:, cols]) * tasks

    def per_task(name, scale=1.0):
        return float((np.nan_to_num(d[name][:, cols]) * tasks).sum() / n * scale) if n else float("nan")

    noff = float(offloaded.sum())
    return {
        "cell": label,
        "mean_ues": float(d["ues"][:, cols].sum(axis=1).mean()),
        "tasks": n,
        "qoe": per_task("qoe"),
        "delay": per_task("delay", 1e3),
        "energy_per_task": float((d["energy_ue"][:, cols] + d["energy_es"][:, cols]).sum() / n) if n else float("nan"),
        "accuracy": per_task("accuracy", 100.0),
        "offload": per_task("offload", 100.0),
        "mu": float((np.nan_to_num(d["mu"][:, cols]) * offloaded).sum() / noff) if noff else float("nan"),
        "violations": int(d["violations"][:, cols].sum()),
        "unserved": int(d["unserved"][:, cols].sum()),
    }


def p002_cell_rows(result):
    d = result["cells"]
    cells = result["head"]["cells"]
    return [p002_row(d, c, [c]) for c in range(cells)], p002_row(d, "network", list(range(cells)))


def p002_conservation(result):
    """Every UE executes at most one task per slot; prints /eval when the file has it."""
    d = result["cells"]
    first = result["head"]["window"][0]
    e = result["eval"]
    if e is not None and "qoe" in e:
        print(f"\ntest phase (/eval, cell means): QoE {np.nanmean(e['qoe']):.4f}, delay {np.nanmean(e['delay']):.4g} ms, "
              f"energy {np.nanmean(e['energy']):.4g} J per episode, accuracy {100 * np.nanmean(e['accuracy']):.2f} %")
    bad = np.argwhere(d["tasks"] > d["ues"])
    message = f"{int(d['tasks'].sum())} tasks executed, at most one per UE and slot"
    if bad.size:
        t, c = (int(v) for v in bad[0])
        return False, f"{message}: VIOLATED in cell {c} at slot {first + t} ({d['tasks'][t, c]} tasks, {d['ues'][t, c]} UEs)"
    return True, message + ": OK"


SEMANTIC_MULTITASK = Model(
    "semantic_multitask",
    dict([(n, "count") for n in P002_COUNT_METRICS] + [("energy_ue", "real"), ("energy_es", "real"), ("reward", "signed")]
         + [(n, "mean") for n in ("qoe", "delay", "accuracy", "offload")] + [("mu", "mu")]),
    P002_COLUMNS, p002_cell_rows, p002_conservation, "per cell", lambda x: f"{int(x)}",
    "(network row: over all the cells' tasks; QoE, delay, accuracy and offloaded are means per task, mean mu over the offloaded tasks)",
    "semantic_multitask (paper 002): one task per UE and step, episodes")


# ---------------------------------------------------------------- -sim_model multimodal_qoe
P001_COUNT_METRICS = ("attempts", "successes", "fail_accuracy", "fail_latency", "fail_energy", "offloaded", "queue", "active")
P001_COLUMNS = (
    ("cell", "cell", "", "{}"),
    ("attempts", "attempts", "tasks", "{:d}"),
    ("successes", "successes", "tasks", "{:d}"),
    ("fail_accuracy", "fail eps", "tasks", "{:d}"),
    ("fail_latency", "fail t", "tasks", "{:d}"),
    ("fail_energy", "fail E", "tasks", "{:d}"),
    ("qoe_per_step", "QoE/step", "1", "{:.4f}"),
    ("energy_per_success", "energy/task", "J", "{:.4g}"),
    ("offload", "offloaded", "%", "{:.1f}"),
    ("queue", "queue left", "tasks", "{:d}"),
)


def p001_row(d, label, cols):
    """One row over the cells cols: QoE per step the cell ran, summed over its UEs (and over the cells)."""
    attempts, successes = d["attempts"][:, cols], d["successes"][:, cols]
    steps = int((attempts > 0).sum())
    n, ok = int(attempts.sum()), int(successes.sum())
    return {
        "cell": label,
        "attempts": n,
        "successes": ok,
        "fail_accuracy": int(d["fail_accuracy"][:, cols].sum()),
        "fail_latency": int(d["fail_latency"][:, cols].sum()),
        "fail_energy": int(d["fail_energy"][:, cols].sum()),
        "qoe_per_step": float(d["qoe"][:, cols].sum() / steps * len(cols)) if steps else float("nan"),
        "energy_per_success": float(d["energy"][:, cols].sum() / ok) if ok else float("nan"),
        "offload": float(100.0 * d["offloaded"][:, cols].sum() / n) if n else float("nan"),
        "queue": int(d["queue"][-1, cols].sum()),
    }


def p001_cell_rows(result):
    d = result["cells"]
    cells = result["head"]["cells"]
    return [p001_row(d, c, [c]) for c in range(cells)], p001_row(d, "network", list(range(cells)))


def p001_conservation(result):
    """Every failed attempt has a cause; within an episode the queue falls by the successes."""
    d = result["cells"]
    first = result["head"]["window"][0]
    e = result["eval"]
    if e is not None and "qoe" in e:
        print(f"\ntest phase (/eval, cell means): system sum QoE {np.nanmean(e['qoe']):.4f}, "
              f"{100 * np.nanmean(e['completion']):.1f} % of the episodes emptied every queue, "
              f"in {np.nanmean(e['steps_to_empty']):.3g} steps, energy {np.nanmean(e['energy']):.4g} J per episode")
    a, s = d["attempts"], d["successes"]
    causes = d["fail_accuracy"] + d["fail_latency"] + d["fail_energy"]
    message = f"{int(a.sum())} attempts, {int(s.sum())} successes; every failure has a cause, the queues fall by the successes"
    bad = np.argwhere((s > a) | (a - s > causes) | (causes > 3 * (a - s)))
    if bad.size:
        t, c = (int(v) for v in bad[0])
        return False, f"{message}: VIOLATED in cell {c} at slot {first + t} ({a[t, c]} attempts, {s[t, c]} successes, {causes[t, c]} failure causes)"
    q = d["queue"]
    m = re.search(r"(^|\s)-sim_episode_length\s+(\d+)", result["head"]["options"])
    if not m or int(m.group(2)) <= 0:
        return False, "the options do not give -sim_episode_length: a multimodal_qoe run is episodic"
    length = int(m.group(2))
    # a running step (attempts > 0) after a running step of the same episode: the queue falls by exactly the successes
    ran = a > 0
    slot = first + np.arange(1, a.shape[0])
    cont = ran[1:] & ran[:-1] & (slot % length != 0)[:, None]
    drop = q[:-1] - q[1:]
    bad = np.argwhere(cont & (drop != s[1:]))
    if bad.size:
        t, c = (int(v) for v in bad[0])
        return False, f"{message}: VIOLATED in cell {c} at slot {first + t + 1} (queue {q[t, c]} -> {q[t + 1, c]}, {s[t + 1, c]} successes)"
    return True, message + ": OK"


MULTIMODAL_QOE = Model(
    "multimodal_qoe",
    dict([(n, "count") for n in P001_COUNT_METRICS] + [("energy", "real"), ("energy_es", "real"), ("qoe", "real"),
                                                       ("reward", "signed"), ("terminal", "signed"), ("accuracy", "attempt_mean")]),
    P001_COLUMNS, p001_cell_rows, p001_conservation, "per cell", lambda x: f"{int(x)}",
    "(QoE/step: the QoE of the successful tasks summed over the UEs, per step the cell ran; the network row sums the cells;\n"
    " energy/task: UE energy (8) per successful task; queue left: at the last slot of the window)",
    "multimodal_qoe (paper 001): one head task per UE and step, episodes until the queues empty")


# ---------------------------------------------------------------- -sim_model sequential_dnn
# Paper 004 (src/p004/model.c): blocks of n slots.  Slot quantities every slot; block quantities at each block's last
# slot and NaN elsewhere.  Workload in whole CPU cycles (W per task).
P004_SLOT_COUNT_METRICS = ("arrived", "local_cycles", "server_cycles")
P004_SLOT_REAL_METRICS = ("energy_local", "energy_server")
P004_COST_PARTS = ("cost_server_queue", "cost_server_energy", "cost_wd_queue", "cost_wd_local_energy", "cost_wd_offload_energy")
P004_BLOCK_REAL_METRICS = ("cost",) + P004_COST_PARTS + ("discounted_cost", "offload_energy")
P004_BLOCK_COUNT_METRICS = ("queue_wd", "queue_server", "offloaded", "outages", "splits", "tasks_local")
P004_DEFAULT_BLOCK_SLOTS = 5      # SEMEC_P004_DEFAULT_BLOCK_SLOTS, -p004_block_slots
P004_DEFAULT_TASK_CYCLES = 1e8    # -p004_task_cycles
P004_RTOL = 1e-9                  # cost == the sum of its five parts
P004_COLUMNS = (
    ("cell", "cell", "", "{}"),
    ("blocks", "blocks", "", "{:d}"),
    ("cost", "cost/block", "1", "{:.4g}"),
    ("cost_server_queue", "w1 q_ser", "1", "{:.4g}"),
    ("cost_server_energy", "w2 E_ser", "1", "{:.4g}"),
    ("cost_wd_queue", "w3 q_wd", "1", "{:.4g}"),
    ("cost_wd_local_energy", "w4 E_wd", "1", "{:.4g}"),
    ("cost_wd_offload_energy", "w4 E_off", "1", "{:.4g}"),
    ("discounted_cost", "discounted(9a)", "1", "{:.6g}"),
    ("energy_per_block", "energy/block", "J", "{:.4g}"),
    ("queued", "queued", "tasks", "{:.2f}"),
    ("offloaded", "offloaded", "tasks", "{:.2f}"),
    ("splits", "offloads", "WDs", "{:d}"),
    ("outages", "outages", "WDs", "{:d}"),
    ("tasks_local", "local", "tasks", "{:d}"),
)


def option_value(options, name, default, kind):
    """The value of -name in the options string (the last if repeated), as kind; default if it is absent."""
    found = re.findall(r"(?:^|\s)-" + re.escape(name) + r"\s+(\S+)", options)
    if not found:
        return default
    try:
        return kind(found[-1])
    except ValueError:
        raise ResultError(f"the options attribute gives -{name} {found[-1]!r}, not a {kind.__name__}") from None


def p004_prepare(f, head):
    """n and W from the options, the window's whole blocks [b0, b1) and the queues (cycles) at the end of the block
    before b0, read from the file (0 before slot 0)."""
    options = head["options"]
    n = option_value(options, "p004_block_slots", P004_DEFAULT_BLOCK_SLOTS, int)
    W = option_value(options, "p004_task_cycles", P004_DEFAULT_TASK_CYCLES, float)
    if n < 1:
        raise ResultError(f"the options give -p004_block_slots {n}: a block has at least 1 slot")
    if not (W >= 1 and W == np.floor(W)):
        raise ResultError(f"the options give -p004_task_cycles {W!r}: not a whole number of cycles")
    if head["slots"] % n:
        raise ResultError(f"{head['slots']} slots are not a whole number of blocks of -p004_block_slots {n} slots")
    first, last = head["window"]
    b0, b1 = -(-first // n), last // n
    if b1 <= b0:
        raise ResultError(f"the window, slots {first}:{last}, holds no whole block of {n} slots (block k is slots "
                          f"{n}k .. {n}k+{n - 1}, -p004_block_slots): nothing to summarise; widen --slots")
    before = np.zeros(head["cells"], dtype=np.int64)
    if b0 > 0:
        t = b0 * n - 1
        for name in ("queue_wd", "queue_server"):
            v = np.asarray(f["cells/" + name][t], dtype=np.float64)
            bad = ~np.isfinite(v) | (v < 0) | (np.nan_to_num(v) != np.round(np.nan_to_num(v)))
            if bad.any():
                c = int(np.argmax(bad))
                raise ResultError(f"/cells/{name}[{t}, {c}] = {v[c]!r}, the queue at the end of the block before the "
                                  f"window's first whole block, is not a whole number of cycles")
            before += v.astype(np.int64)
    return {"n": n, "W": W, "blocks": (b0, b1), "before": before}


def p004_ends(result):
    """Indices (into the window's rows) of the last slots of the window's whole blocks."""
    n, (b0, b1) = result["extra"]["n"], result["extra"]["blocks"]
    return np.arange(b0, b1) * n + (n - 1) - result["head"]["window"][0]


def p004_row(result, label, cols):
    """One row over the cells cols: means per whole block of the window, sums over cols; discounted cost and queued
    tasks at the last block end."""
    d, x = result["cells"], result["extra"]
    n, W, (b0, b1) = x["n"], x["W"], x["blocks"]
    first = result["head"]["window"][0]
    ends, nb = p004_ends(result), b1 - b0
    slots = slice(b0 * n - first, b1 * n - first)

    def at_ends(name):
        return d[name][ends][:, cols]

    def per_block(name):
        return float(at_ends(name).sum() / nb)

    energy = float((d["energy_local"][slots, cols].sum() + d["energy_server"][slots, cols].sum()
                    + at_ends("offload_energy").sum()) / nb)
    row = {"cell": label, "blocks": nb}
    for name in ("cost",) + P004_COST_PARTS:
        row[name] = per_block(name)
    row.update({
        "discounted_cost": float(d["discounted_cost"][ends[-1], cols].sum()),
        "energy_per_block": energy,
        "queued": float((d["queue_wd"][ends[-1], cols].sum() + d["queue_server"][ends[-1], cols].sum()) / W),
        "offloaded": float(at_ends("offloaded").sum() / W),
        "splits": int(at_ends("splits").sum()),
        "outages": int(at_ends("outages").sum()),
        "tasks_local": int(at_ends("tasks_local").sum()),
    })
    return row


def p004_cell_rows(result):
    cells = result["head"]["cells"]
    return [p004_row(result, c, [c]) for c in range(cells)], p004_row(result, "network", list(range(cells)))


def p004_conservation(result):
    """Workload in cycles over the window's whole blocks, after each of them, network-wide and per cell (exact):
    cumulative arrived - local - server == queued at the block's end - queued before the first whole block;
    and cost == the sum of its five parts at every block end of the window (P004_RTOL).  Prints /eval."""
    d, x, h = result["cells"], result["extra"], result["head"]
    n, (b0, b1) = x["n"], x["blocks"]
    first, cells = h["window"][0], h["cells"]
    e = result["eval"]
    if e is not None and "discounted_cost" in e and "mean_cost" in e:
        print(f"\nwhole run (/eval, cell means): discounted cost (9a) {np.nanmean(e['discounted_cost']):.6g}, "
              f"mean cost per block over the run's second half {np.nanmean(e['mean_cost']):.6g}")
    nb, ends = b1 - b0, p004_ends(result)
    slots = slice(b0 * n - first, b1 * n - first)
    arrived, local, server = (d[k][slots] for k in P004_SLOT_COUNT_METRICS)          # int64 [slots, cells]
    flow = (arrived - local - server).reshape(nb, n, cells).sum(axis=1)             # per block and cell
    queued = d["queue_wd"][ends].astype(np.int64) + d["queue_server"][ends].astype(np.int64)
    before = x["before"]
    cell_balance = np.cumsum(flow, axis=0) - (queued - before)                    # [block, cell]
    a, l, s = int(arrived.sum()), int(local.sum()), int(server.sum())
    q, q0 = int(queued[-1].sum()), int(before.sum())
    text_before = (f" - queued {q0} at the end of slot {b0 * n - 1}" if b0 > 0 else " (from empty queues)")
    message = (f"arrived {a} = local {l} + server {s} + queued {q} at the end of slot {b1 * n - 1}{text_before} "
               f"(CPU cycles, the {nb} whole blocks of slots {b0 * n}:{b1 * n})")
    net = cell_balance.sum(axis=1)
    bad = np.nonzero(net)[0]
    if bad.size:
        k = int(bad[0])
        return False, (f"{message}: VIOLATED (first after the block ending at slot {(b0 + k) * n + n - 1}: "
                       f"arrived - local - server exceeds the change of the queues by {int(net[k])} cycles)")
    bad = np.argwhere(cell_balance != 0)
    if bad.size:
        k, c = (int(v) for v in bad[0])
        return False, (f"{message}: OK network-wide, but VIOLATED in cell {c} after the block ending at slot "
                       f"{(b0 + k) * n + n - 1}: arrived - local - server - queue change = {int(cell_balance[k, c])} cycles")
    message += ", and per cell: OK"
    # cost (8) = its five parts, at every block end in the window (also of a block the window starts inside)
    allends = np.nonzero((first + np.arange(d["cost"].shape[0])) % n == n - 1)[0]
    cost = d["cost"][allends]
    parts = sum(d[k][allends] for k in P004_COST_PARTS)
    cmessage = f"cost = the sum of its five parts at the window's {allends.size} block ends (relative {P004_RTOL:g})"
    bad = np.argwhere(~(np.abs(cost - parts) <= P004_RTOL * np.maximum(np.abs(cost), np.abs(parts))))
    if bad.size:
        k, c = (int(v) for v in bad[0])
        return False, (f"{message}; {cmessage}: VIOLATED in cell {c} at slot {first + allends[k]}: "
                       f"cost {cost[k, c]!r}, parts sum to {parts[k, c]!r}")
    return True, f"{message}; {cmessage}: OK"


def p004_describe(result):
    x = result["extra"]
    n, (b0, b1) = x["n"], x["blocks"]
    return (f"sequential_dnn (paper 004): blocks of {n} slots, W = {x['W']:.6g} cycles per task; "
            f"the window's {b1 - b0} whole blocks {b0}..{b1 - 1} (slots {b0 * n}:{b1 * n}) are used")


SEQUENTIAL_DNN = Model(
    "sequential_dnn",
    dict([(n, "count") for n in P004_SLOT_COUNT_METRICS] + [(n, "real") for n in P004_SLOT_REAL_METRICS]
         + [(n, "block") for n in P004_BLOCK_REAL_METRICS] + [(n, "block_count") for n in P004_BLOCK_COUNT_METRICS]),
    P004_COLUMNS, p004_cell_rows, p004_conservation, "per cell and network-wide", lambda x: f"{int(x)}",
    "(over the window's whole blocks: cost/block and its five parts of (8) (w1 q_ser + w2 E_ser + w3 q_wd + w4 E_wd + w4 E_off)\n"
    " and energy/block (local + server + transmit) are means per block; discounted (9a) and queued (WD and server queues) are\n"
    " at the last block's end; offloaded: back-ends delivered, offloads: WDs that offloaded, outages: offloads lost to the SINR,\n"
    " local: tasks completed locally, all summed; tasks = cycles / W; the network row sums the cells)",
    p004_describe, p004_prepare)


# ---------------------------------------------------------------- output, shared
def print_header(path, result):
    h = result["head"]
    model = result["model"]
    first, last = h["window"]
    written, slots = h["slots_written"], h["slots"]
    print(f"semec result {path}")
    print(f"  program    {h['program']} {h['version']} (git {h['git_commit']})")
    if model.describe:
        print(f"  model      {model.describe(result) if callable(model.describe) else model.describe}")
    print(f"  policy     {h['policy']}")
    ues = f", {h['ues_per_cell']} UEs per cell" if h["ues_per_cell"] is not None else ""
    print(f"  cells      {h['cells']} on {h['ranks']} ranks ({h['cells_per_rank']} per rank){ues}")
    print(f"  seed       {h['seed']}")
    print(f"  status     {h['status']} (started {h['start_time']}, ended {h['end_time'] or '-'})")
    print(f"  slots      {written} of {slots} written, {h['slot_duration']:g} s each")
    if h["status"] == "running":
        print(f"  note       the run did not finish (killed, or still running): only the first {written} rows "
              "(/run/slots_written) hold data and only they are used")
    elif h["status"] == "aborted":
        print(f"  note       the run was stopped by a signal after {written} of {slots} slots; only those rows are used")
    elif h["status"] == "complete" and written != slots:
        print(f"  warning    status is complete but only {written} of {slots} slots were written", file=sys.stderr)
    elif h["status"] not in ("running", "aborted", "complete"):
        print(f"  warning    unknown status {h['status']!r}", file=sys.stderr)
    window = f"slots {first}:{last} ({last - first} slots, {(last - first) * h['slot_duration']:g} s)"
    if h["clipped"]:
        window += f"; --slots clipped to the {written} slots written"
    print(f"  window     {window}")
    k = result["cloud"]
    n = model.amount
    print(f"  cloud      {n(k['arrived'].sum())} tasks arrived, {n(k['completed'].sum())} completed, "
          f"backlog {n(k['backlog'][-1])} and {n(k['in_flight'][-1])} in flight at the end")


def format_value(value, fmt):
    if isinstance(value, float) and np.isnan(value):
        return "-"
    return fmt.format(value)


def print_table(columns, rows, network, note):
    headings = [f"{title} [{unit}]" if unit else title for _, title, unit, _ in columns]
    body = [[format_value(row[key], fmt) for key, _, _, fmt in columns] for row in rows + [network]]
    widths = [max(len(headings[i]), *(len(line[i]) for line in body)) for i in range(len(columns))]
    print()
    print("  ".join(h.rjust(w) for h, w in zip(headings, widths)))
    for n, line in enumerate(body):
        if n == len(rows):
            print("  ".join("-" * w for w in widths))
        print("  ".join(v.rjust(w) for v, w in zip(line, widths)))
    print(note)


def write_csv(path, columns, rows, network):
    with open(path, "w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow([f"{key} [{unit}]" if unit else key for key, _, unit, _ in columns])
        for row in rows + [network]:
            writer.writerow([repr(row[key]) if isinstance(row[key], float) else row[key] for key, _, _, _ in columns])


def main(argv=None):
    parser = argparse.ArgumentParser(description="Summarise a semec HDF5 result file.")
    parser.add_argument("result", help="semec result file (HDF5)")
    parser.add_argument("--csv", metavar="OUT.csv", help="also write the per-cell rows and the network row to this CSV file")
    parser.add_argument("--slots", metavar="A:B", type=parse_window, default=(None, None),
                        help="use slots A <= t < B only (default: every slot written)")
    args = parser.parse_args(argv)

    try:
        result = read_result(args.result, args.slots)
    except (ResultError, KeyError, OSError, ValueError) as e:
        print(f"summary.py: {args.result}: {e}", file=sys.stderr)
        return 1
    model = result["model"]
    print_header(args.result, result)
    rows, network = model.rows(result)
    print_table(model.columns, rows, network, model.note)
    ok, message = model.conservation(result)
    print()
    print(f"conservation ({model.label}): {message}")
    if args.csv:
        try:
            write_csv(args.csv, model.columns, rows, network)
        except OSError as e:
            print(f"summary.py: cannot write {args.csv}: {e}", file=sys.stderr)
            return 1
        print(f"wrote {args.csv}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
