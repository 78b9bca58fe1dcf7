#!/usr/bin/python3
"""Figs. 6-9 of paper 004 (Wang, Cai, Lau, Sec. VI) from the result files of
jobs/p004-figures.sh.

usage: p004_figures.py DIR [--figures OUT] [--smooth W] [--eps E] [--hold H]

DIR is the --out of jobs/p004-figures.sh.  The script reads every run listed
in DIR/runs.txt (the sweep's last invocation) and the figures of
DIR/figures.txt, and nothing else: a listed run that is missing, not
complete, of another model than -sim_model sequential_dnn, run with other
options than the list gives (K, b, policy, seed, length), or with other
settings than the sweep's other runs (any option but those) stops the script
with its name; so does a figure whose configurations are not the paper's
(Fig. 6: K = 4, Fig. 7: K = 20, both b = 0.4; Fig. 8: K = 50; Fig. 9:
b = 0.4).  Runs are DIR/K<K>-b<b>/<policy>-s<seed>.h5.  Block t's values
are the rows t n + n - 1 of the per-slot series (n = -p004_block_slots).

Figures (PNG, into OUT, default DIR):
  p004_fig6.png  K = 4, proposed: (a) the relative change of the parameters
                 per block, ||theta_k^{t+1} - theta_k^t|| / ||theta_k^t||
                 (/p004/wd_theta_change, the mean over the WDs; Alg. 1) and
                 ||eta^{t+1} - eta^t|| / ||eta^t|| (/p004/server_learning
                 [..., 1]; Alg. 2), mean over the seeds, log scale, with the
                 line eps; (b) the moving average (W blocks) of the squared
                 TD errors, the WDs' (24) (/p004/wd_td_error^2, mean over
                 the WDs) and the server's (31) (/p004/server_learning
                 [..., 0]^2), mean over the seeds (band: the 16th to 84th
                 percentile of the seeds)
  p004_fig7.png  K = 20: (a) the cost c_t (8) per block (/cells/cost at the
                 blocks' last rows), mean over the seeds, moving average over
                 W blocks (default 50), per scheme, log scale (band: the 16th
                 to 84th percentile of the seeds' smoothed curves); (b)
                 proposed and binary on a linear scale
  p004_fig8.png  K = 50: (a) /eval/discounted_cost (9a) against b, mean over
                 the seeds, error bars the 95 % Student t interval; (b) each
                 baseline minus the proposed scheme, paired over the seeds
                 (common random numbers), in % of the proposed scheme's mean
  p004_fig9.png  b = 0.4: the same against K
A figure DIR/figures.txt does not list (jobs/p004-figures.sh --sweeps) is
not drawn, and the script says so.

Tables (Markdown) to standard output and DIR/tables.md, the same numbers in
DIR/tables.csv (one row per figure, K, b, scheme, statistic and point; n is
the number of seeds a mean is over): mean +- half-width of the 95 % t
interval over the seeds (n/a with one seed).  Fig. 6: the first block whose
relative change is below eps (default 1e-3, Sec. VI) and the first block
from which it stays below eps for H consecutive blocks (default 10), for
Alg. 1 (the mean over the WDs) and Alg. 2, over the seeds that reached it
(the others are counted as "never"); the relative changes and squared TD
errors at a few blocks.  Fig. 7: the smoothed cost at a few blocks (the mean
of the W blocks ending there) and the mean cost of the first and last 500
blocks, and the blocks where the binary and even curves cross.  Figs. 8-9:
the discounted cost and /eval/mean_cost (mean cost per block over the
second half of the run).  Figs. 7-9 also tabulate each baseline minus the
proposed scheme, paired over the seeds (the schemes of a seed meet the same
drops, arrivals and channels)."""
import argparse
import csv
import math
import os
import re
import sys

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from sweeplib import ci95, die, fmt, moving_average, parse_options, text_attr  # noqa: E402

POLICIES = ("proposed", "binary", "even", "random")
LABELS = {"proposed": "Proposed", "binary": "Binary offloading", "even": "Even resource allocation", "random": "Random"}
MARKERS = {"proposed": "o", "binary": "s", "even": "^", "random": "x"}
FIGURES = ("fig6", "fig7", "fig8", "fig9")
# the paper's fixed settings of each figure: K, b (None: swept)
FIXED = {"fig6": (4, 0.4), "fig7": (20, 0.4), "fig8": (50, None), "fig9": (None, 0.4)}
# the options each run sets itself (runs.txt); every other option must be the same in all runs of a sweep
PER_RUN = ("-output_file", "-output_overwrite", "-sim_summary", "-policy", "-geom_ues_per_cell", "-task_arrival_probability", "-sim_seed")
CONFIG = re.compile(r"^K(?P<K>\d+)-b(?P<b>[0-9.]+)$")
RUN_NAME = re.compile(r"^(?P<policy>[a-z_]+)-s(?P<seed>\d+)\.h5$")
FIG7_BLOCKS = (49, 99, 249, 499, 999, 1499, 1999)  # ends of the smoothing windows in Fig. 7's table
FIG6_BLOCKS = (10, 50, 100, 200, 500, 1000, 1999)  # blocks of Fig. 6's table


def config_name(K, b):
    return f"K{K}-b{b:g}"


def read_list(root):
    """The runs of DIR/runs.txt: {(K, b, policy, seed): (relative path, listed options)}."""
    path = os.path.join(root, "runs.txt")
    if not os.path.exists(path):
        die(f"{path} is missing: DIR must be the --out of jobs/p004-figures.sh")
    runs = {}
    with open(path) as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            tokens = line.split()
            parts = tokens[0].split("/")
            m, c = RUN_NAME.match(parts[-1]), CONFIG.match(parts[-2]) if len(parts) >= 2 else None
            if not m or not c:
                die(f"{path}, line {n}: {tokens[0]} is not a run of jobs/p004-figures.sh (K<K>-b<b>/<policy>-s<seed>.h5)")
            listed = parse_options(" ".join(tokens[1:]))
            K, b, policy, seed = int(c["K"]), float(c["b"]), m["policy"], int(m["seed"])
            if policy not in POLICIES or listed.get("-policy") != policy or listed.get("-sim_seed") != str(seed):
                die(f"{path}, line {n}: the file name {parts[-1]} does not match -policy {listed.get('-policy')} -sim_seed {listed.get('-sim_seed')}")
            if listed.get("-geom_ues_per_cell") != str(K) or float(listed.get("-task_arrival_probability", "nan")) != b:
                die(f"{path}, line {n}: the directory {parts[-2]} does not match -geom_ues_per_cell {listed.get('-geom_ues_per_cell')} "
                    f"-task_arrival_probability {listed.get('-task_arrival_probability')}")
            runs[(K, b, policy, seed)] = (os.path.join(parts[-2], parts[-1]), listed)
    if not runs:
        die(f"{path} lists no runs")
    return runs


def read_figures(root):
    """DIR/figures.txt: {figure: [(K, b), ...]}, each configuration checked against the paper's settings of the figure."""
    path = os.path.join(root, "figures.txt")
    if not os.path.exists(path):
        die(f"{path} is missing: DIR must be the --out of jobs/p004-figures.sh")
    figs = {}
    with open(path) as fh:
        for n, line in enumerate(fh, 1):
            tokens = line.split()
            if not tokens:
                continue
            if tokens[0] not in FIGURES or len(tokens) < 2:
                die(f"{path}, line {n}: {line.strip()!r} is not 'figN config...' with N in 6-9")
            points = []
            for t in tokens[1:]:
                c = CONFIG.match(t)
                if not c:
                    die(f"{path}, line {n}: {t!r} is not a configuration K<K>-b<b>")
                K, b = int(c["K"]), float(c["b"])
                fk, fb = FIXED[tokens[0]]
                if (fk is not None and K != fk) or (fb is not None and b != fb):
                    die(f"{path}, line {n}: {tokens[0]} lists {t}, but the paper's {tokens[0]} has "
                        f"{'K = ' + str(fk) if fk is not None else ''}{', ' if fk is not None and fb is not None else ''}{'b = ' + str(fb) if fb is not None else ''}")
                points.append((K, b))
            if tokens[0] in ("fig6", "fig7") and len(points) != 1:
                die(f"{path}, line {n}: {tokens[0]} has one configuration, not {len(points)}")
            figs[tokens[0]] = points
    return figs


def block_rows(ds, n, blocks, path, name):
    """The rows n-1, 2n-1, ... of a per-slot series (block t's values), checked: NaN in every other row."""
    a = ds[()]
    if a.shape[0] != n * blocks:
        die(f"{path}: {name} has {a.shape[0]} rows, not {n * blocks}")
    rest = a.reshape((blocks, n) + a.shape[1:])[:, : n - 1]
    if not np.all(np.isnan(rest)):
        die(f"{path}: {name} has values outside the blocks' last slots: not a paper 004 block series")
    return a[n - 1:: n]


def read_run(root, rel, listed, key, series):
    """/eval, the cost per block and (series=True) the learners' statistics per block of one listed run."""
    path = os.path.join(root, rel)
    K, b, policy, _ = key
    if not os.path.exists(path):
        log = path[:-3] + ".log"
        die(f"{path} is missing (listed in runs.txt{': it failed, see ' + log if os.path.exists(log) else ': run jobs/p004-figures.sh'})")
    try:
        f = h5py.File(path, "r")
    except OSError as e:
        die(f"{path} cannot be read as HDF5 ({e})")
    with f:
        if text_attr(f, "program") != "semec":
            die(f"{path} is not a semec result file")
        options = parse_options(text_attr(f, "options") or "")
        model = options.get("-sim_model", "tasks")
        if model != "sequential_dnn":
            die(f"{path} is a run of -sim_model {model}, not sequential_dnn (paper 004): DIR must be a sweep of jobs/p004-figures.sh")
        status = text_attr(f, "status")
        if status != "complete":
            die(f"{path} has status {status!r}, not complete: run jobs/p004-figures.sh again (it reruns unfinished runs)")
        for k, v in listed.items():
            if options.get(k) != v:
                die(f"{path} was run with {k} {options.get(k, '(unset)')}, but runs.txt lists {v}: a stale file? Empty DIR and run the sweep again")
        if text_attr(f, "policy") != policy or int(f.attrs["ues_per_cell"]) != K:
            die(f"{path}: policy {text_attr(f, 'policy')}, {int(f.attrs['ues_per_cell'])} WDs per cell, not {policy} with K = {K}")
        n = int(options.get("-p004_block_slots", 5))
        slots = int(f.attrs["slots"])
        if slots != int(options["-sim_slots"]) or int(f["run/slots_written"][()]) != slots or slots % n:
            die(f"{path}: {slots} slots, {int(f['run/slots_written'][()])} written, for -sim_slots {options['-sim_slots']} in blocks of {n}")
        blocks = slots // n
        if "eval" not in f or "discounted_cost" not in f["eval"]:
            die(f"{path} has no /eval/discounted_cost")
        cost = block_rows(f["cells/cost"], n, blocks, path, "/cells/cost")
        if not np.all(np.isfinite(cost)):
            die(f"{path}: /cells/cost is not finite at every block's last slot")
        run = {"n": n, "blocks": blocks, "options": options,
               "discounted": float(np.mean(f["eval/discounted_cost"][()])), "mean_cost": float(np.mean(f["eval/mean_cost"][()])),
               "cost": cost.mean(axis=1)}  # mean over the cells (one in inputs/p004.opts)
        if series:
            if "p004/wd_theta_change" not in f or "p004/server_learning" not in f:
                die(f"{path} has no /p004/wd_theta_change or /p004/server_learning")
            change = block_rows(f["p004/wd_theta_change"], n, blocks, path, "/p004/wd_theta_change")   # [blocks, cells, K]
            td = block_rows(f["p004/wd_td_error"], n, blocks, path, "/p004/wd_td_error")
            srv = block_rows(f["p004/server_learning"], n, blocks, path, "/p004/server_learning")   # [blocks, cells, 2]
            if change.shape[2] != K or srv.shape[2] != 2:
                die(f"{path}: /p004/wd_theta_change has {change.shape[2]} WDs, not {K}, or /p004/server_learning not 2 columns")
            run["wd_change"] = mean_finite(change.reshape(blocks, -1))   # Alg. 1: the mean over the WDs (and cells)
            run["wd_change_each"] = change[:, 0, :]                      # cell 0's WDs
            run["srv_change"] = mean_finite(srv[:, :, 1])                 # Alg. 2
            run["wd_td2"] = mean_finite((td**2).reshape(blocks, -1))
            run["srv_td2"] = mean_finite(srv[:, :, 0] ** 2)
    return run


def mean_finite(a):
    """Row means over the finite entries (NaN where a row has none)."""
    ok = np.isfinite(a)
    s = np.where(ok, a, 0.0).sum(axis=1)
    c = ok.sum(axis=1)
    return np.where(c > 0, s / np.maximum(c, 1), np.nan)


def first_below(x, eps, hold):
    """(first block with x < eps, first block from which x < eps for hold consecutive blocks); NaN if none."""
    below = np.isfinite(x) & (x < eps)
    first = float(np.argmax(below)) if below.any() else math.nan
    held = math.nan
    if len(below) >= hold:
        run = np.convolve(below.astype(int), np.ones(hold, dtype=int), mode="valid")
        hit = np.flatnonzero(run == hold)
        held = float(hit[0]) if hit.size else math.nan
    return first, held


def fmt_g(x):
    return "–" if x is None or not math.isfinite(x) else f"{x:.4g}"


def pm(stat, digits=None):
    n, mean, hw = stat
    f = (lambda v: fmt(v, digits)) if digits is not None else fmt_g
    return f"{f(mean)} ± {f(hw) if n > 1 else 'n/a'}"


def markdown(title, header, rows, lines, note=None):
    lines += [f"### {title}", ""]
    if note:
        lines += [note, ""]
    lines += ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    lines.append("")


def band(ax, x, curves, label, **kw):
    """The mean over the seeds, and a band from the 16th to the 84th percentile of the seeds (one std for a normal spread)."""
    c = np.array(curves)
    (line,) = ax.plot(x, c.mean(axis=0), label=label, **kw)
    if len(c) > 1:
        lo, hi = np.percentile(c, [16, 84], axis=0)
        ax.fill_between(x, lo, hi, alpha=0.15, color=line.get_color())


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dir")
    ap.add_argument("--figures", help="directory of the PNGs (default DIR)")
    ap.add_argument("--smooth", type=int, default=50, help="moving-average window of Figs. 6 (b) and 7, in blocks (default 50)")
    ap.add_argument("--eps", type=float, default=1e-3, help="convergence tolerance of Fig. 6 on the relative change (default 1e-3, Sec. VI)")
    ap.add_argument("--hold", type=int, default=10, help="consecutive blocks below eps of Fig. 6's second test (default 10)")
    args = ap.parse_args(argv)
    root = args.dir
    out = args.figures or root
    if args.smooth < 1 or args.hold < 1 or not args.eps > 0:
        die("--smooth and --hold must be at least 1, --eps positive")
    listed = read_list(root)
    figs = read_figures(root)
    os.makedirs(out, exist_ok=True)
    seeds = sorted({k[3] for k in listed})
    fig6_key = (figs["fig6"][0] + ("proposed",)) if "fig6" in figs else None
    data = {k: read_run(root, rel, opts, k, fig6_key is not None and k[:3] == fig6_key)
            for k, (rel, opts) in sorted(listed.items(), key=lambda kv: kv[1][0])}
    # one sweep: the same settings but the per-run options, and the same length, in every run
    ref_key = min(data)
    ref = {k: v for k, v in data[ref_key]["options"].items() if k not in PER_RUN}
    for k, r in data.items():
        o = {a: v for a, v in r["options"].items() if a not in PER_RUN}
        if o != ref:
            diff = sorted(a for a in set(o) | set(ref) if o.get(a) != ref.get(a))
            what = ", ".join(f"{a} {o.get(a, '(unset)')} (against {ref.get(a, '(unset)')})" for a in diff)
            die(f"{os.path.join(root, listed[k][0])} differs from {listed[ref_key][0]} in {what}: not one sweep (empty DIR and run it again)")
    blocks, n = data[ref_key]["blocks"], data[ref_key]["n"]

    def group(K, b, policy):
        """The runs of (K, b, policy) over every seed; the whole group must be listed."""
        keys = [(K, b, policy, s) for s in seeds]
        missing = [k for k in keys if k not in data]
        if missing:
            die(f"runs.txt lists {policy} at {config_name(K, b)} for seeds {sorted(set(seeds) - {k[3] for k in missing})} "
                f"but not for {[k[3] for k in missing]}: an incomplete sweep")
        return [data[k] for k in keys]

    def policies_at(points):
        pols = [p for p in POLICIES if any(k[:2] == pt and k[2] == p for pt in points for k in data)]
        for p in pols:
            for K, b in points:
                group(K, b, p)  # every scheme of a figure at every point
        return pols

    lines = [f"paper 004 sweep {root}: seeds {seeds} ({len(seeds)}), {blocks} blocks of {n} slots per run", ""]
    if os.path.exists(os.path.join(root, "sweep.txt")):
        with open(os.path.join(root, "sweep.txt")) as fh:
            lines += [f"sweep: {fh.read().strip()}", ""]
    lines += ["Every number: mean ± half-width of the 95 % Student t interval over the seeds (n/a with one seed); "
              "n: the seeds a mean is over.", ""]
    csv_rows = []
    figures_done, notes = [], []

    def paired(K, b, policy, value):
        """(baseline - proposed) of value(run) over the seeds (common random numbers), as ci95."""
        return ci95([value(r) - value(q) for r, q in zip(group(K, b, policy), group(K, b, "proposed"))], finite_only=True)

    def record(fig, K, b, policy, statistic, point, stat):
        csv_rows.append([fig, K, b, policy, statistic, point, len(seeds), stat[0], stat[1], stat[2]])

    # Fig. 6: convergence of Algorithms 1 and 2
    if "fig6" in figs:
        K, b = figs["fig6"][0]
        rs = group(K, b, "proposed")
        t = np.arange(blocks)
        series = {"alg1": ("Alg. 1 (WDs), mean over the WDs", "wd_change", "wd_td2"), "alg2": ("Alg. 2 (server)", "srv_change", "srv_td2")}
        rows = []
        for key, (label, ch, _) in series.items():
            fb = [first_below(r[ch], args.eps, args.hold) for r in rs]
            s1, s2 = ci95([x[0] for x in fb], finite_only=True), ci95([x[1] for x in fb], finite_only=True)
            record("fig6", K, b, "proposed", f"{key}_first_below", "", s1)
            record("fig6", K, b, "proposed", f"{key}_first_held", "", s2)
            rows.append([label, pm(s1, 1), f"{s1[0]}/{len(rs)}", pm(s2, 1), f"{s2[0]}/{len(rs)}"])
        markdown(f"Fig. 6: convergence of Algorithms 1-2 (K = {K}, b = {b:g}, proposed)",
                 ["algorithm", f"first block < {args.eps:g}", "seeds that reached it", f"first block of {args.hold} consecutive < {args.eps:g}",
                  "seeds that reached it"], rows, lines,
                 note=f"Relative parameter change ||x^(t+1) - x^t|| / ||x^t|| of the step taken at block t's start (t from 0; undefined while the "
                      f"parameters are 0). Means over the seeds that reached the test; the others never did within {blocks} blocks.")
        at = [x for x in FIG6_BLOCKS if x < blocks]
        if blocks - 1 not in at:
            at.append(blocks - 1)
        rows = []
        for key, (label, ch, td) in series.items():
            for what, name, arr in (("relative change", "change", ch), ("squared TD error", "td2", td)):
                row = [label, what]
                for x in at:
                    s = ci95([r[arr][x] for r in rs], finite_only=True)
                    record("fig6", K, b, "proposed", f"{key}_{name}", x, s)
                    row.append(pm(s))
                rows.append(row)
        markdown("Fig. 6: the statistics at single blocks", ["algorithm", "statistic"] + [f"block {x}" for x in at], rows, lines)
        fig_, (ax, bx) = plt.subplots(1, 2, figsize=(11, 4))
        ax.set_yscale("log")
        for i in range(rs[0]["wd_change_each"].shape[1]):
            ax.plot(t, rs[0]["wd_change_each"][:, i], color="0.75", lw=0.4, label=f"Alg. 1, each WD (seed {seeds[0]})" if i == 0 else None)
        for key, (label, ch, _) in series.items():
            ax.plot(t, mean_finite(np.array([r[ch] for r in rs]).T), lw=0.9, label=f"{label}, mean over {len(rs)} seeds")
        ax.axhline(args.eps, color="k", ls="--", lw=0.8, label=f"eps = {args.eps:g}")
        ax.set_xlabel("block (iteration) t")
        ax.set_ylabel("relative parameter change")
        ax.set_title("Fig. 6 (a): ||theta^(t+1)-theta^t||/||theta^t||, ||eta^(t+1)-eta^t||/||eta^t||", fontsize=9)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7)
        bx.set_yscale("log")
        for key, (label, _, td) in series.items():
            ok = np.all([np.isfinite(r[td]) for r in rs], axis=0)
            start = int(np.argmax(ok)) if ok.any() else blocks  # block 0 has no TD error (no step yet)
            if not ok[start:].all():
                die(f"{listed[(K, b, 'proposed', seeds[0])][0]} and the other seeds: the {label}'s TD error is NaN at a block after {start}")
            w = min(args.smooth, blocks - start)
            if w < 1:
                continue
            curves = [moving_average(r[td][start:], w) for r in rs]
            band(bx, np.arange(start + w - 1, blocks), curves, label)
        bx.set_xlabel("block (iteration) t")
        bx.set_ylabel(f"squared TD error, moving average over {w}")
        bx.set_title("Fig. 6 (b): squared TD errors (24), (31)", fontsize=9)
        bx.grid(alpha=0.3)
        bx.legend(fontsize=7)
        fig_.suptitle(f"Fig. 6: convergence, K = {K}, proposed ({len(rs)} seeds)")
        fig_.tight_layout()
        fig_.savefig(os.path.join(out, "p004_fig6.png"), dpi=120)
        plt.close(fig_)
        figures_done.append("p004_fig6.png")
    else:
        notes.append("Fig. 6 not drawn: figures.txt lists no fig6 (jobs/p004-figures.sh --sweeps)")

    # Fig. 7: cost per block
    if "fig7" in figs:
        K, b = figs["fig7"][0]
        pols = policies_at([(K, b)])
        w = min(args.smooth, blocks)
        at = sorted({w - 1, blocks - 1} | {x for x in FIG7_BLOCKS if w - 1 <= x < blocks})
        span = min(500, blocks // 2)
        rows, curves = [], {}
        for p in pols:
            rs = group(K, b, p)
            curves[p] = [moving_average(r["cost"], w) for r in rs]
            row = [LABELS[p]]
            for x in at:
                s = ci95([c[x - (w - 1)] for c in curves[p]], finite_only=True)
                record("fig7", K, b, p, f"cost_ma{w}", x, s)
                row.append(pm(s, 2))
            for name, sl in ((f"first_{span}", slice(0, span)), (f"last_{span}", slice(blocks - span, blocks))):
                s = ci95([float(r["cost"][sl].mean()) for r in rs], finite_only=True)
                record("fig7", K, b, p, f"cost_{name}", "", s)
                row.append(pm(s, 2))
            rows.append(row)
        markdown(f"Fig. 7: cost (8) per block, K = {K}, b = {b:g}", ["scheme"] + [f"block {x}" for x in at] + [f"blocks 0-{span - 1}", f"blocks {blocks - span}-{blocks - 1}"],
                 rows, lines, note=f"block x: the mean cost of blocks x-{w - 1}..x (moving average over {w}); last columns: mean cost per block.")
        if "proposed" in pols and len(pols) > 1:
            rows = []
            for p in pols:
                if p == "proposed":
                    continue
                row = [f"{LABELS[p]} - Proposed"]
                for name, sl in ((f"first_{span}", slice(0, span)), (f"last_{span}", slice(blocks - span, blocks))):
                    d = paired(K, b, p, lambda r: float(r["cost"][sl].mean()))
                    record("fig7", K, b, p, f"cost_{name}_minus_proposed", "", d)
                    row.append(pm(d, 3))
                rows.append(row)
            markdown("Fig. 7: each scheme's mean cost per block minus the proposed scheme's, paired over the seeds", ["difference", f"blocks 0-{span - 1}",
                     f"blocks {blocks - span}-{blocks - 1}"], rows, lines)
        if "binary" in curves and "even" in curves:
            d = np.mean(curves["binary"], axis=0) - np.mean(curves["even"], axis=0)
            sign = np.sign(d)
            cross = [int(i + w) for i in np.flatnonzero(sign[1:] * sign[:-1] < 0)]  # the window ending at block i + 1 + w - 1
            lines += [f"Fig. 7: binary minus even (seed means, moving average over {w}): {fmt_g(d[0])} at block {w - 1}, {fmt_g(d[-1])} at block {blocks - 1}; "
                      f"binary {'below' if d[0] < 0 else 'above'} even at first; sign changes at blocks {cross if cross else 'none'}", ""]
        near = [p for p in ("proposed", "binary") if p in pols]  # (b): the schemes the log scale of (a) cannot tell apart
        fig_, axes = plt.subplots(1, 2 if len(near) == 2 else 1, figsize=(12 if len(near) == 2 else 6.5, 4.2), squeeze=False)
        ax = axes[0][0]
        ax.set_yscale("log")
        for p in pols:
            band(ax, np.arange(w - 1, blocks), curves[p], LABELS[p], zorder=3 if p == "proposed" else 2, ls="--" if p == "proposed" else "-")
        ax.set_xlabel("time block index t")
        ax.set_ylabel(f"cost c_t (8), moving average over {w} blocks")
        ax.set_title(f"Fig. 7{' (a)' if len(near) == 2 else ''}: cost per block, K = {K} ({len(seeds)} seeds, band: 16-84 % of the seeds)", fontsize=9)
        ax.grid(alpha=0.3, which="both")
        ax.legend(fontsize=7)
        if len(near) == 2:
            bx = axes[0][1]
            for p in pols:
                (line,) = bx.plot([], [])  # the colours of (a)
                if p in near:
                    bx.plot(np.arange(w - 1, blocks), np.mean(curves[p], axis=0), color=line.get_color(), label=LABELS[p], ls="--" if p == "proposed" else "-")
            bx.set_xlabel("time block index t")
            bx.set_ylabel(f"cost c_t (8), moving average over {w} blocks")
            bx.set_title("Fig. 7 (b): proposed and binary, linear scale (mean over the seeds)", fontsize=9)
            bx.grid(alpha=0.3)
            bx.legend(fontsize=7)
        fig_.tight_layout()
        fig_.savefig(os.path.join(out, "p004_fig7.png"), dpi=120)
        plt.close(fig_)
        figures_done.append("p004_fig7.png")
    else:
        notes.append("Fig. 7 not drawn: figures.txt lists no fig7 (jobs/p004-figures.sh --sweeps)")

    # Figs. 8-9: discounted cost against b and K
    for fig, col, xlabel in (("fig8", "b", "task arrival probability b"), ("fig9", "K", "number of WDs K")):
        if fig not in figs:
            notes.append(f"Fig. {fig[3]} not drawn: figures.txt lists no {fig} (jobs/p004-figures.sh --sweeps)")
            continue
        points = sorted(figs[fig], key=lambda pt: pt[1] if col == "b" else pt[0])
        fixed = f"K = {points[0][0]}" if col == "b" else f"b = {points[0][1]:g}"
        xs = [pt[1] if col == "b" else pt[0] for pt in points]
        pols = policies_at(points)
        stats = {}
        for p in pols:
            for pt in points:
                rs = group(pt[0], pt[1], p)
                stats[(p, pt)] = (ci95([r["discounted"] for r in rs], finite_only=True), ci95([r["mean_cost"] for r in rs], finite_only=True))
                record(fig, pt[0], pt[1], p, "discounted_cost", "", stats[(p, pt)][0])
                record(fig, pt[0], pt[1], p, "mean_cost_second_half", "", stats[(p, pt)][1])
        for j, what in ((0, "discounted cost (9a), /eval/discounted_cost"), (1, f"mean cost per block over blocks {blocks - blocks // 2}-{blocks - 1}, /eval/mean_cost")):
            markdown(f"Fig. {fig[3]}: {what} against {col}, {fixed}", ["scheme"] + [f"{col} = {x:g}" for x in xs],
                     [[LABELS[p]] + [pm(stats[(p, pt)][j], 1 if j == 0 else 2) for pt in points] for p in pols], lines,
                     note=f"n = {len(seeds)} seeds per point." if j == 0 else None)
        base = [p for p in pols if p != "proposed"] if "proposed" in pols else []
        diff = {}
        if base:
            rows = []
            for p in base:
                row = [f"{LABELS[p]} - Proposed"]
                for pt in points:
                    d = diff[(p, pt)] = paired(pt[0], pt[1], p, lambda r: r["discounted"])
                    record(fig, pt[0], pt[1], p, "discounted_cost_minus_proposed", "", d)
                    row.append(f"{pm(d, 1)} ({100 * d[1] / stats[('proposed', pt)][0][1]:+.2f} %)")
                rows.append(row)
            markdown(f"Fig. {fig[3]}: each scheme's discounted cost minus the proposed scheme's, paired over the seeds, against {col}, {fixed}",
                     ["difference"] + [f"{col} = {x:g}" for x in xs], rows, lines,
                     note="In parentheses: the mean difference in % of the proposed scheme's mean. Positive: the proposed scheme is better.")
        fig_, axes = plt.subplots(1, 2 if base else 1, figsize=(12 if base else 6, 4.2), squeeze=False)
        ax = axes[0][0]
        ax.set_yscale("log")
        for p in pols:
            y = np.array([stats[(p, pt)][0][1] for pt in points])
            e = np.array([stats[(p, pt)][0][2] if math.isfinite(stats[(p, pt)][0][2]) else 0.0 for pt in points])
            prop = p == "proposed"
            ax.errorbar(xs, y, yerr=[np.minimum(e, 0.999 * y), e], marker=MARKERS[p], capsize=3, label=LABELS[p], zorder=3 if prop else 2,
                        mfc="none" if prop else None, ms=9 if prop else 6, ls="--" if prop else "-")
        ax.set_xticks(xs)
        ax.set_xlabel(xlabel)
        ax.set_ylabel("long-term discounted sum cost (9a)")
        ax.set_title(f"Fig. {fig[3]}{' (a)' if base else ''}: discounted cost against {col}, {fixed} "
                     + (f"({len(seeds)} seeds, 95 % t interval)" if len(seeds) > 1 else "(1 seed)"), fontsize=9)
        ax.grid(alpha=0.3, which="both")
        ax.legend(fontsize=7)
        if base:
            bx = axes[0][1]
            bx.plot([], [])  # proposed's colour
            for p in base:
                y = np.array([100 * diff[(p, pt)][1] / stats[("proposed", pt)][0][1] for pt in points])
                e = np.array([100 * (diff[(p, pt)][2] if math.isfinite(diff[(p, pt)][2]) else 0.0) / stats[("proposed", pt)][0][1] for pt in points])
                bx.errorbar(xs, y, yerr=e, marker=MARKERS[p], capsize=3, label=f"{LABELS[p]} - Proposed")
            bx.axhline(0, color="k", lw=0.8)
            bx.set_yscale("symlog", linthresh=1)
            bx.set_xticks(xs)
            bx.set_xlabel(xlabel)
            bx.set_ylabel("difference, % of the proposed scheme's cost")
            bx.set_title(f"Fig. {fig[3]} (b): (scheme - proposed) / proposed, paired over the seeds, 95 % t interval", fontsize=9)
            bx.grid(alpha=0.3, which="both")
            bx.legend(fontsize=7)
        fig_.tight_layout()
        name = f"p004_{fig[:3]}{fig[3]}.png"
        fig_.savefig(os.path.join(out, name), dpi=120)
        plt.close(fig_)
        figures_done.append(name)

    text = "\n".join(lines)
    print(text)
    with open(os.path.join(root, "tables.md"), "w") as fh:
        fh.write(text + "\n")
    with open(os.path.join(root, "tables.csv"), "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["figure", "K", "b", "policy", "statistic", "point", "seeds", "n", "mean", "ci95"])
        w.writerows([r[:2] + [f"{r[2]:g}"] + r[3:] for r in csv_rows])
    for note in notes:
        print(note)
    print(f"figures in {out}: {', '.join(figures_done) if figures_done else 'none'}; tables in {os.path.join(root, 'tables.md')} and tables.csv")
    return 0


if __name__ == "__main__":
    sys.exit(main())
