#!/usr/bin/python3
"""Figs. 2-7 of paper 001 (Ji, Qin, Tao, Han, Sec. V) from the result files of
jobs/p001-figures.sh.

usage: p001_figures.py DIR [--figures OUT] [--smooth W]

DIR is the --out of jobs/p001-figures.sh.  The script reads every run listed
in DIR/runs.txt (the sweep's last invocation) and nothing else: a listed run
that is missing, not complete, of another model than -sim_model
multimodal_qoe, or run with other options than the list gives stops the
script with its name.  Runs are DIR/<config>/<policy>-s<seed>.h5 with config
dynamic, fixed or dynamic_random_battery (the default point), or
k_text/<k>, k_image/<k>, noise/<dBm/Hz> (Figs. 5-7; their default point,
k^T 16, k^I 32, -160 dBm/Hz, is the DIR/dynamic run).

Figures (PNG, into OUT, default DIR):
  fig2_training.png   episode return (13)+(14) per training episode, moving
                      average over W episodes (default 50), mean over the
                      seeds (band: one standard deviation over the seeds),
                      for MAPPO fixed, dynamic, dynamic with random
                      batteries in training, DQN and DDQN (dynamic); and the
                      MAPPO policy entropy per update
  fig3_queue_fixed.png, fig4_queue_dynamic.png
                      mean queue left per UE of each modality (text, image,
                      the mean of the VQA UEs) after each step of the test
                      episodes, for MAPPO, DQN and DDQN (fixed beta = Fig. 3,
                      dynamic = Fig. 4); step 0 is the full queue d; a cell
                      that emptied its queues early counts 0 for the rest of
                      the episode (the metrics record it so, and the script
                      checks it)
  fig5_k_text.png, fig6_k_image.png, fig7_noise.png
                      /eval/qoe (the test-phase system sum QoE) against k^T,
                      k^I and the noise PSD, per policy: mean over the seeds,
                      error bars the 95 % Student t interval over the seeds
A figure whose runs the sweep did not list (jobs/p001-figures.sh --policies,
--sweeps) is not drawn, and the script says so.

Tables (Markdown) to standard output and DIR/tables.md, the same numbers in
DIR/tables.csv: per policy and point, the test sum QoE (mean +- half-width
of the 95 % t interval over the seeds; n/a with one seed), the completion
rate (share of test episodes that emptied every queue within T, mean over
the seeds) and the steps to empty the queues (mean over the test episodes
that emptied them, all seeds pooled)."""
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

POLICIES = ("mappo", "dqn", "ddqn", "exhaustive", "local", "remote", "random")
LEARNERS = ("mappo", "dqn", "ddqn")
LABELS = {"mappo": "MAPPO", "dqn": "DQN", "ddqn": "DDQN", "exhaustive": "Exhaustive search", "local": "Local", "remote": "Remote",
          "random": "Random"}
MARKERS = {"mappo": "o", "dqn": "s", "ddqn": "D", "exhaustive": "^", "local": "v", "remote": "x", "random": "+"}
MAIN = ("dynamic", "fixed", "dynamic_random_battery")
MAIN_LABELS = {"dynamic": "dynamic preference (28)", "fixed": "fixed beta = 0.5", "dynamic_random_battery": "dynamic, random batteries in training"}
# sweep -> (option, value at the default point of inputs/p001.opts and Table I, figure, axis label, column label)
SWEEPS = {"k_text": ("-p001_k_text", 16.0, 5, "k^T (semantic symbols per word), k^I = 32", "k^T"),
          "k_image": ("-p001_k_image", 32.0, 6, "k^I (semantic symbols per patch), k^T = 16", "k^I"),
          "noise": ("-chan_noise_psd", -160.0, 7, "noise power spectral density (dBm/Hz)", "noise")}
MODALITIES = (("text", "text UE"), ("image", "image UE"), ("vqa", "VQA UEs (mean)"))
RUN_NAME = re.compile(r"^(?P<policy>[a-z_]+)-s(?P<seed>\d+)\.h5$")


def read_list(root):
    """The runs of DIR/runs.txt: {(config, point, policy, seed): (relative path, listed options)}."""
    path = os.path.join(root, "runs.txt")
    if not os.path.exists(path):
        die(f"{path} is missing: DIR must be the --out of jobs/p001-figures.sh")
    runs = {}
    with open(path) as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            tokens = line.split()
            parts = tokens[0].split("/")
            m = RUN_NAME.match(parts[-1])
            if not m or len(parts) < 3:
                die(f"{path}, line {n}: {tokens[0]} is not a run of jobs/p001-figures.sh (<config>/<policy>-s<seed>.h5)")
            if parts[-2] in MAIN:
                config, point, rel = parts[-2], None, os.path.join(parts[-2], parts[-1])
            elif parts[-3] in SWEEPS:
                try:
                    config, point, rel = parts[-3], float(parts[-2]), os.path.join(*parts[-3:])
                except ValueError:
                    die(f"{path}, line {n}: {parts[-2]!r} is not a value of the {parts[-3]} sweep")
            else:
                die(f"{path}, line {n}: {tokens[0]} is in no configuration of jobs/p001-figures.sh ({', '.join(MAIN + tuple(SWEEPS))})")
            listed = parse_options(" ".join(tokens[1:]))
            policy, seed = m["policy"], int(m["seed"])
            if policy not in POLICIES or listed.get("-policy") != policy or listed.get("-sim_seed") != str(seed):
                die(f"{path}, line {n}: the file name {parts[-1]} does not match -policy {listed.get('-policy')} -sim_seed {listed.get('-sim_seed')}")
            runs[(config, point, policy, seed)] = (rel, listed)
    if not runs:
        die(f"{path} lists no runs")
    return runs


def read_run(root, rel, listed):
    """/eval, the training curve, the MAPPO entropy per update and the test-phase queues of one listed run."""
    path = os.path.join(root, rel)
    if not os.path.exists(path):
        log = path[:-3] + ".log"
        die(f"{path} is missing (listed in runs.txt{': it failed, see ' + log if os.path.exists(log) else ': run jobs/p001-figures.sh'})")
    try:
        f = h5py.File(path, "r")
    except OSError as e:
        die(f"{path} cannot be read as HDF5 ({e})")
    with f:
        if text_attr(f, "program") != "semec":
            die(f"{path} is not a semec result file")
        options = parse_options(text_attr(f, "options") or "")
        model = options.get("-sim_model", "tasks")
        if model != "multimodal_qoe":
            die(f"{path} is a run of -sim_model {model}, not multimodal_qoe (paper 001): DIR must be a sweep of jobs/p001-figures.sh")
        status = text_attr(f, "status")
        if status != "complete":
            die(f"{path} has status {status!r}, not complete: run jobs/p001-figures.sh again (it reruns unfinished runs)")
        for k, v in listed.items():
            if options.get(k) != v:
                die(f"{path} was run with {k} {options.get(k, '(unset)')}, but runs.txt lists {v}: a stale file? Empty DIR and run the sweep again")
        T, train, test = (int(options[k]) for k in ("-sim_episode_length", "-sim_train_episodes", "-sim_test_episodes"))
        slots = int(f.attrs["slots"])
        if slots != T * (train + test) or int(f["run/slots_written"][()]) != slots:
            die(f"{path}: {slots} slots, {int(f['run/slots_written'][()])} written, for T {T} x ({train} + {test}) episodes")
        if "eval" not in f:
            die(f"{path} has no /eval")
        e = f["eval"]
        run = {k: e[k][()] for k in ("qoe", "completion", "steps_to_empty", "energy")}
        done = run["completion"] > 0  # per cell; steps_to_empty is NaN where no test episode emptied the queues
        run["completed"] = float(run["completion"].sum() * test)  # test episodes that emptied every queue, all cells
        run["steps_sum"] = float((run["steps_to_empty"][done] * run["completion"][done] * test).sum())
        for k in ("qoe", "completion", "energy"):
            run[k] = float(run[k].mean())  # mean over the cells (one in inputs/p001.opts)
        c = f["cells"]
        ncell = c["qoe"].shape[1]
        if train > 0:
            r = c["episode_return"][: train * T]
            for j in range(ncell):
                if np.count_nonzero(~np.isnan(r[:, j])) != train:
                    die(f"{path}: cell {j} has {np.count_nonzero(~np.isnan(r[:, j]))} episode returns in {train} training episodes")
            run["curve"] = np.array([r[:, j][~np.isnan(r[:, j])] for j in range(ncell)]).mean(axis=0)
            if "mappo/entropy" in f:
                h = f["mappo/entropy"][: train * T, :, 0]
                rows = ~np.all(np.isnan(h), axis=1)
                run["entropy"] = np.nanmean(h[rows], axis=1) if rows.any() else np.zeros(0)
        rows = slice(train * T, (train + test) * T)
        active = c["active"][rows].reshape(test, T, ncell)
        queue = c["queue"][rows].reshape(test, T, ncell)
        idle = active[:, : T - 1] == 0  # the cell's episode has ended before its last step: it emptied its queues
        if np.any(queue[:, : T - 1][idle] != 0):
            die(f"{path}: a cell whose test episode had ended still holds tasks (/cells/queue)")
        d = float(options.get("-p001_queue_length", 10))
        run["queues"] = {}
        for m, _ in MODALITIES:
            q = c["queue_" + m][rows].reshape(test, T, ncell)
            if np.all(np.isnan(q)):
                continue  # no UE of this modality (-p001_modalities)
            if np.any(q[:, : T - 1][idle] != 0):
                die(f"{path}: /cells/queue_{m} is not 0 after a cell's test episode ended")
            run["queues"][m] = np.concatenate(([d], np.nanmean(q, axis=(0, 2))))
    return run


def summary(runs):
    """Test-phase statistics of a list of runs (one per seed)."""
    n, mean, hw = ci95([r["qoe"] for r in runs])
    completed = sum(r["completed"] for r in runs)
    return {"n": n, "qoe": mean, "hw": hw, "completion": float(np.mean([r["completion"] for r in runs])),
            "steps": sum(r["steps_sum"] for r in runs) / completed if completed > 0 else math.nan,
            "energy": float(np.mean([r["energy"] for r in runs]))}


def cell_text(s):
    return f"{fmt(s['qoe'], 3)} ± {fmt(s['hw'], 3) if s['n'] > 1 else 'n/a'} ({100 * s['completion']:.0f} %, {fmt(s['steps'], 1)})"


def point_text(x):
    return f"{x:g}"


def markdown(title, header, rows, lines):
    lines += [f"### {title}", "", "| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    lines.append("")


def band(ax, x, curves, label, **kw):
    c = np.array(curves)
    m = c.mean(axis=0)
    (line,) = ax.plot(x, m, label=label, **kw)
    if len(c) > 1:
        s = c.std(axis=0, ddof=1)
        ax.fill_between(x, m - s, m + s, alpha=0.2, color=line.get_color())


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dir")
    ap.add_argument("--figures", help="directory of the PNGs (default DIR)")
    ap.add_argument("--smooth", type=int, default=50, help="moving-average window of Fig. 2, in episodes (default 50)")
    args = ap.parse_args(argv)
    root = args.dir
    out = args.figures or root
    if args.smooth < 1:
        die("--smooth must be at least 1")
    listed = read_list(root)
    os.makedirs(out, exist_ok=True)
    seeds = sorted({k[3] for k in listed})
    data = {k: read_run(root, rel, opts) for k, (rel, opts) in sorted(listed.items(), key=lambda kv: kv[1][0])}

    def group(config, point, policy):
        """The runs of (config, point, policy) over every seed; the whole group must be listed."""
        keys = [(config, point, policy, s) for s in seeds]
        missing = [k for k in keys if k not in data]
        if missing:
            die(f"runs.txt lists {policy} at {config} {'' if point is None else point_text(point)} for seeds "
                f"{sorted(set(seeds) - {k[3] for k in missing})} but not for {[k[3] for k in missing]}: an incomplete sweep")
        return [data[k] for k in keys]

    lines = [f"paper 001 sweep {root}: seeds {seeds}", ""]
    if os.path.exists(os.path.join(root, "sweep.txt")):
        with open(os.path.join(root, "sweep.txt")) as fh:
            lines += [f"sweep: {fh.read().strip()}", ""]
    lines += ["Test phase. QoE: /eval/qoe, the system sum QoE, mean ± half-width of the 95 % t interval over the seeds (n/a with one seed); "
              "completion: share of the test episodes that emptied every queue within T; steps: mean step at which they did "
              "(– if none did).", ""]
    csv_rows = []

    def record(sweep, point, policy, s):
        csv_rows.append([sweep, "" if point is None else point, policy, s["n"], s["qoe"], s["hw"], s["completion"], s["steps"], s["energy"]])

    # the default point
    configs = [c for c in MAIN if any(k[0] == c for k in data)]
    policies = [p for p in POLICIES if any(k[0] in MAIN and k[2] == p for k in data)]
    header, rows = ["policy"], []
    for c in ("dynamic", "fixed"):
        if c in configs:
            header += [f"QoE, {c}", "completion", "steps", "energy (J)"]
    for p in policies:
        row = [LABELS[p]]
        for c in ("dynamic", "fixed"):
            if c in configs:
                if any(k[:3] == (c, None, p) for k in data):
                    s = summary(group(c, None, p))
                    record(c, None, p, s)
                    row += [f"{fmt(s['qoe'], 3)} ± {fmt(s['hw'], 3) if s['n'] > 1 else 'n/a'}", f"{100 * s['completion']:.0f} %",
                            fmt(s["steps"], 1), fmt(s["energy"], 2)]
                else:
                    row += ["-"] * 4
        rows.append(row)
    if "dynamic_random_battery" in configs:
        for p in policies:
            if any(k[:3] == ("dynamic_random_battery", None, p) for k in data):
                s = summary(group("dynamic_random_battery", None, p))
                record("dynamic_random_battery", None, p, s)
                row = [f"{LABELS[p]}, random batteries in training"]
                if "dynamic" in configs:
                    row += [f"{fmt(s['qoe'], 3)} ± {fmt(s['hw'], 3) if s['n'] > 1 else 'n/a'}", f"{100 * s['completion']:.0f} %",
                            fmt(s["steps"], 1), fmt(s["energy"], 2)]
                rows.append(row + ["-"] * (len(header) - len(row)))
    markdown("Default point (k^T 16, k^I 32, noise -160 dBm/Hz)", header, rows, lines)

    # Figs. 5-7
    figures_done, notes = [], []
    for sweep, (option, default, fig, xlabel, col) in SWEEPS.items():
        points = sorted({k[1] for k in data if k[0] == sweep} | ({default} if any(k[0] == sweep for k in data) else set()))
        if not points:
            notes.append(f"Fig. {fig} not drawn: runs.txt lists no {sweep} sweep (jobs/p001-figures.sh --sweeps)")
            continue
        pols = [p for p in POLICIES if any(k[0] == sweep and k[2] == p for k in data)]
        stats = {}
        for p in pols:
            for x in points:
                rs = group("dynamic", None, p) if x == default else group(sweep, x, p)
                stats[(p, x)] = summary(rs)
                record(sweep, x, p, stats[(p, x)])
        markdown(f"Fig. {fig}: test sum QoE against {col}, dynamic preference: QoE ± 95 % half-width (completion, steps)",
                 ["policy"] + [f"{col} = {point_text(x)}" for x in points],
                 [[LABELS[p]] + [cell_text(stats[(p, x)]) for x in points] for p in pols], lines)
        fig_, ax = plt.subplots(figsize=(6, 4))
        for p in pols:
            y = [stats[(p, x)]["qoe"] for x in points]
            e = [stats[(p, x)]["hw"] if math.isfinite(stats[(p, x)]["hw"]) else 0.0 for x in points]
            ax.errorbar(points, y, yerr=e, marker=MARKERS[p], capsize=3, label=LABELS[p])
        ax.set_xticks(points)
        ax.set_xlabel(xlabel)
        ax.set_ylabel("system sum QoE (test)")
        ax.set_title(f"Fig. {fig}: sum QoE against {col} " + (f"({len(seeds)} seeds, 95 % t interval)" if len(seeds) > 1 else "(1 seed, no interval)"))
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7)
        fig_.tight_layout()
        name = f"fig{fig}_{sweep}.png"
        fig_.savefig(os.path.join(out, name), dpi=120)
        plt.close(fig_)
        figures_done.append(name)

    # Fig. 2: training
    curves = [("dynamic_random_battery", "mappo"), ("dynamic", "mappo"), ("fixed", "mappo"), ("dynamic", "dqn"), ("dynamic", "ddqn")]
    curves = [(c, p) for c, p in curves if any(k[:3] == (c, None, p) for k in data)]
    trained = [(c, p) for c, p in curves if all("curve" in r for r in group(c, None, p))]
    if not curves:
        notes.append("Fig. 2 not drawn: runs.txt lists no learner (mappo, dqn, ddqn) at the default point")
    elif len(trained) < len(curves):
        notes.append("Fig. 2 not drawn: the learners trained 0 episodes (jobs/p001-figures.sh --train 0)")
    else:
        fig_, (ax, bx) = plt.subplots(1, 2, figsize=(11, 4))
        n = min(len(r["curve"]) for c, p in curves for r in group(c, None, p))
        w = min(args.smooth, n)
        for c, p in curves:
            label = f"{LABELS[p]}, {MAIN_LABELS[c]}"
            band(ax, np.arange(w, n + 1), [moving_average(r["curve"][:n], w) for r in group(c, None, p)], label)
        ax.set_xlabel("training episode")
        ax.set_ylabel(f"episode return, moving average over {w}")
        ax.set_title("Fig. 2 (a): training return (13)-(14)")
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7)
        drawn = 0
        for c, p in curves:
            if p != "mappo":
                continue
            h = [r.get("entropy", np.zeros(0)) for r in group(c, None, p)]
            u = min(len(e) for e in h)
            if u == 0:
                notes.append(f"Fig. 2 (b): MAPPO, {MAIN_LABELS[c]} made no update in training (fewer than -p001_mappo_rollout_steps steps)")
                continue
            band(bx, np.arange(1, u + 1), [e[:u] for e in h], f"MAPPO, {MAIN_LABELS[c]}", marker="." if u < 30 else None)
            drawn += 1
        bx.set_xlabel("MAPPO update")
        bx.set_ylabel("policy entropy (mean over the update)")
        bx.set_title("Fig. 2 (b): MAPPO policy entropy")
        bx.grid(alpha=0.3)
        if drawn:
            bx.legend(fontsize=7)
        fig_.tight_layout()
        fig_.savefig(os.path.join(out, "fig2_training.png"), dpi=120)
        plt.close(fig_)
        figures_done.append("fig2_training.png")

    # Figs. 3-4: queues of the test episodes
    for fig, c in ((3, "fixed"), (4, "dynamic")):
        pols = [p for p in LEARNERS if any(k[:3] == (c, None, p) for k in data)]
        if not pols:
            notes.append(f"Fig. {fig} not drawn: runs.txt lists no learner (mappo, dqn, ddqn) with the {c} preference")
            continue
        fig_, axes = plt.subplots(1, len(pols), figsize=(4 * len(pols), 3.6), sharey=True, squeeze=False)
        rows, T = [], None
        for ax, p in zip(axes[0], pols):
            rs = group(c, None, p)
            for m, label in MODALITIES:
                if all(m in r["queues"] for r in rs):
                    q = np.mean([r["queues"][m] for r in rs], axis=0)
                    T = len(q) - 1
                    ax.plot(np.arange(len(q)), q, marker=".", label=label)
                    rows.append([LABELS[p], label] + [f"{q[t]:.2f}" for t in (0, 5, 10, 15, T)])
            ax.set_title(LABELS[p])
            ax.set_xlabel("step of the test episode")
            ax.grid(alpha=0.3)
        axes[0][0].set_ylabel("mean remaining queue per UE (tasks)")
        axes[0][0].legend(fontsize=7)
        fig_.suptitle(f"Fig. {fig}: remaining queue, {MAIN_LABELS[c]}")
        fig_.tight_layout()
        name = f"fig{fig}_queue_{c}.png"
        fig_.savefig(os.path.join(out, name), dpi=120)
        plt.close(fig_)
        figures_done.append(name)
        markdown(f"Fig. {fig}: mean remaining queue per UE, {MAIN_LABELS[c]} (test episodes)",
                 ["policy", "UE", "step 0", "step 5", "step 10", "step 15", f"step {T}"], rows, lines)

    text = "\n".join(lines)
    print(text)
    with open(os.path.join(root, "tables.md"), "w") as fh:
        fh.write(text + "\n")
    with open(os.path.join(root, "tables.csv"), "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["config", "point", "policy", "seeds", "qoe", "qoe_ci95", "completion", "steps_to_empty", "energy"])
        w.writerows(csv_rows)
    for note in notes:
        print(note)
    print(f"figures in {out}: {', '.join(figures_done) if figures_done else 'none'}; tables in {os.path.join(root, 'tables.md')} and tables.csv")
    return 0


if __name__ == "__main__":
    sys.exit(main())
