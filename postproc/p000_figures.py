#!/usr/bin/python3
"""Draws paper 000's Figs. 3-7 (Ji & Qin, Sec. V) from the result files of
jobs/p000-figures.sh and prints the time averages of every run.

usage: p000_figures.py DIR [--png-dir OUT]

Files are DIR/<base|s1|s2>/<scheme>-L<Lambda>-v<v>-s<seed>.h5 (base:
inputs/drlh-cloud.opts alone, s1/s2: with inputs/drlh-scenario1.opts /
-scenario2.opts), scheme one of exhaustive, drlh64, drlh16, drlh8, random.
Every run of the sweep must be there (a missing one stops the script with
its name); the seeds are those of DIR/runs.txt and of the files found.
Only the first /run/slots_written rows of a file are read.

Metrics, per slot, over the cell's 8 UEs: Q^L and Q^E per UE
(/cells/queue_local, /cells/queue_edge divided by /cells/ues), the power
p(t) of eq. (13) (/cells/power, W, the paper's weighted energy
consumption), the drift-plus-penalty (22) (/cells/objective) and, for
DRLH, the cross-entropy (24) of the actor against the critic's choice
(/drlh/test_loss) and on the training batch (/drlh/train_loss, NaN in
slots without a training step).  Time averages use the last third of the
slots (the last 5000 of 15000) and the mean over seeds; Fig. 3 shows the
losses as moving averages over 100 slots, Fig. 5 the series averaged every
1000 slots (every slots/15 slots in shorter runs), as the paper's
captions say."""
import argparse
import csv
import glob
import os
import re
import sys
import warnings

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.ticker import FormatStrFormatter, NullFormatter  # noqa: E402

SCHEMES = ("exhaustive", "drlh64", "drlh16", "drlh8", "random")
LABELS = {"exhaustive": "Exhaustive", "drlh64": "DRLH(64)", "drlh16": "DRLH(16)", "drlh8": "DRLH(8)", "random": "Random"}
STYLE = {"exhaustive": ("k", "s"), "drlh64": ("C0", "o"), "drlh16": ("C1", "^"), "drlh8": ("C2", "v"), "random": ("C3", "x")}
DRLH = {"drlh64": 64, "drlh16": 16, "drlh8": 8}
# scenario -> (name, queue limits Q_max^L, Q_max^E as the options give them; 0 = unbounded)
SCENARIOS = {"base": ("Table I", 20, 5), "s1": ("I", 5, 1), "s2": ("II", 0, 0)}
ARRIVALS = (50, 100, 200, 500, 750)
VS = (0.5, 1, 2, 5, 10, 20)
# the configurations of jobs/p000-figures.sh: (scenario, Lambda, v)
CONFIGS = [("base", lam, 2) for lam in ARRIVALS] + [(s, lam, v) for v in VS for s, lam in (("s1", 100), ("s2", 750))]
NAME = re.compile(r"(?P<scheme>\w+)-L(?P<lam>[\d.]+)-v(?P<v>[\d.]+)-s(?P<seed>\d+)\.h5$")


def fmt(x):
    return f"{x:g}"


def path_of(root, scen, scheme, lam, v, seed):
    return os.path.join(root, scen, f"{scheme}-L{fmt(lam)}-v{fmt(v)}-s{seed}.h5")


def seeds_of(root):
    seeds = set()
    for path in glob.glob(os.path.join(root, "*", "*.h5")):
        m = NAME.search(os.path.basename(path))
        if m:
            seeds.add(int(m["seed"]))
    runs = os.path.join(root, "runs.txt")
    if os.path.exists(runs):
        with open(runs) as f:
            for line in f:
                m = re.search(r"-sim_seed (\d+)", line)
                if m:
                    seeds.add(int(m.group(1)))
    return sorted(seeds)


def options_of(text):
    words = text.split()
    opts = {}
    for i, w in enumerate(words):
        if w.startswith("-") and not re.fullmatch(r"-[\d.]+(e[-+]?\d+)?", w):
            nxt = words[i + 1] if i + 1 < len(words) else ""
            opts[w[1:]] = nxt if nxt and not (nxt.startswith("-") and not re.fullmatch(r"-[\d.]+(e[-+]?\d+)?", nxt)) else ""
    return opts


def per_slot_mean(d):
    """Mean over the cells (and the trailing width-1 axis) of a [n, cells, ...] array, NaN where all are NaN."""
    d = d.reshape(d.shape[0], -1)
    ok = ~np.isnan(d)
    cnt = ok.sum(axis=1)
    with np.errstate(invalid="ignore"):
        return np.where(cnt > 0, np.where(ok, d, 0).sum(axis=1) / np.maximum(cnt, 1), np.nan)


def read(path, scen, scheme, lam, v):
    """The per-slot series of one run (first /run/slots_written rows only)."""
    with h5py.File(path, "r") as f:
        n = int(f["run/slots_written"][()])
        if n == 0:
            raise ValueError(f"{path}: no slot written")
        slots = int(f.attrs["slots"])
        status = f.attrs["status"]
        status = status.decode() if isinstance(status, bytes) else status
        text = f.attrs["options"]
        opts = options_of(text.decode() if isinstance(text, bytes) else text)
        # the file must be the configuration its name says
        want = {"policy": "drlh" if scheme in DRLH else scheme, "task_arrival_rate": lam, "cee_lyapunov_v": v,
                "cee_queue_max_local": SCENARIOS[scen][1], "cee_queue_max_edge": SCENARIOS[scen][2]}
        if scheme in DRLH:
            want["drlh_candidates"] = DRLH[scheme]
        for k, w in want.items():
            got = opts.get(k)
            same = got == w if isinstance(w, str) else got is not None and np.isclose(float(got), w)
            if not same:
                raise ValueError(f"{path}: -{k} is {got}, expected {w} for this file name")
        ues = f["cells/ues"][:n].sum(axis=1)
        r = {"n": n, "slots": slots, "status": status,
             "ql": f["cells/queue_local"][:n].sum(axis=1) / ues,
             "qe": f["cells/queue_edge"][:n].sum(axis=1) / ues,
             "power": f["cells/power"][:n].sum(axis=1),
             "objective": f["cells/objective"][:n].sum(axis=1)}
        if scheme in DRLH:
            if "drlh/test_loss" not in f:
                raise ValueError(f"{path}: /drlh/test_loss missing in a DRLH run")
            r["test_loss"] = per_slot_mean(f["drlh/test_loss"][:n])
            r["train_loss"] = per_slot_mean(f["drlh/train_loss"][:n])
    if status != "complete":
        print(f"warning: {path}: status {status}, {n} of {slots} slots written; using those", file=sys.stderr)
    for k in ("ql", "qe", "power", "objective"):
        if np.isnan(r[k]).any():
            print(f"warning: {path}: {np.isnan(r[k]).sum()} NaN in {k}", file=sys.stderr)
    return r


def window(r):
    """The last third of the slots written (the last 5000 of 15000)."""
    return slice(r["n"] - r["n"] // 3, r["n"])


def tail_means(r):
    w = window(r)
    out = {k: float(np.mean(r[k][w])) for k in ("ql", "qe", "power", "objective")}
    out["test_loss"] = float(np.nanmean(r["test_loss"][w])) if "test_loss" in r else np.nan
    return out


def seed_mean(runs, key):
    """Per-slot series averaged over the seeds (cut to the shortest run)."""
    n = min(len(r[key]) for r in runs)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN slots of train_loss
        return np.nanmean([r[key][:n] for r in runs], axis=0)


def moving_average(y, k):
    """Mean of the non-NaN values in the windows of k slots ending at each slot from k-1 on."""
    ok = ~np.isnan(y)
    s = np.concatenate([[0.0], np.cumsum(np.where(ok, y, 0.0))])
    c = np.concatenate([[0], np.cumsum(ok)])
    num, cnt = s[k:] - s[:-k], c[k:] - c[:-k]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.arange(k, len(y) + 1), np.where(cnt > 0, num / cnt, np.nan)


def block_average(y, k):
    m = len(y) // k
    return (np.arange(m) + 1) * k, y[: m * k].reshape(m, k).mean(axis=1)


def scheme_legend(fig, queues=False):
    """One legend row under the panels (call after tight_layout(rect=LEGEND_RECT))."""
    handles = [Line2D([], [], color=STYLE[p][0], marker=STYLE[p][1], label=LABELS[p]) for p in SCHEMES]
    if queues:
        handles += [Line2D([], [], color="gray", ls="-", label=r"$Q^{\rm L}$ (UE)"), Line2D([], [], color="gray", ls="--", mfc="none", label=r"$Q^{\rm E}$ (MEC)")]
    fig.legend(handles=handles, loc="lower center", ncol=len(handles), fontsize=9, frameon=False)


LEGEND_RECT = (0, 0.07, 1, 1)


def plot_sweep(means, points, x, xlabel, title, png, logx=False):
    """(a) Q^L and Q^E per UE, (b) power, against a parameter; points[i] = (scen, lam, v) of x[i]."""
    fig, (a, b) = plt.subplots(1, 2, figsize=(11, 4.2))
    for p in SCHEMES:
        c, mk = STYLE[p]
        ql = [means[(pt, p)]["ql"] for pt in points]
        qe = [means[(pt, p)]["qe"] for pt in points]
        pw = [means[(pt, p)]["power"] for pt in points]
        a.plot(x, ql, color=c, marker=mk, ls="-")
        a.plot(x, qe, color=c, marker=mk, ls="--", mfc="none")
        b.plot(x, pw, color=c, marker=mk)
    a.set_ylabel("mean queue length per UE (tasks)")
    a.set_title(r"(a) queue length: local $Q^{\rm L}$ (solid), MEC $Q^{\rm E}$ (dashed)", fontsize=10)
    b.set_ylabel(r"mean weighted power $p(t)$, eq. (13) (W)")
    b.set_title("(b) weighted energy consumption of the system", fontsize=10)
    for ax in (a, b):
        ax.set_xlabel(xlabel)
        if logx:
            ax.set_xscale("log")
            ax.set_xticks(x)
            ax.set_xticklabels([fmt(v) for v in x])
            ax.minorticks_off()
        ax.grid(True, alpha=0.3)
    fig.suptitle(title, fontsize=11)
    fig.tight_layout(rect=LEGEND_RECT)
    scheme_legend(fig, queues=True)
    fig.savefig(png, dpi=120)
    plt.close(fig)


def main():
    top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dir")
    ap.add_argument("--png-dir", default=os.path.join(top, "docs", "figures"), help="where the PNGs and p000_summary.csv go (default docs/figures)")
    a = ap.parse_args()
    seeds = seeds_of(a.dir)
    if not seeds:
        print(f"no result files under {a.dir}/<base|s1|s2>/ and no {a.dir}/runs.txt: run jobs/p000-figures.sh --out {a.dir}", file=sys.stderr)
        return 1
    wanted = [(c, p, s) for c in CONFIGS for p in SCHEMES for s in seeds]
    missing = [path_of(a.dir, c[0], p, c[1], c[2], s) for c, p, s in wanted if not os.path.exists(path_of(a.dir, c[0], p, c[1], c[2], s))]
    if missing:
        print(f"{len(missing)} of {len(wanted)} runs missing, e.g.", file=sys.stderr)
        for m in missing[:10]:
            print(f"  missing: {m}", file=sys.stderr)
        print(f"run jobs/p000-figures.sh --out {a.dir} (finished runs are kept)", file=sys.stderr)
        return 1
    runs = {}  # (config, scheme) -> [series per seed]
    try:
        for c, p, s in wanted:
            runs.setdefault((c, p), []).append(read(path_of(a.dir, c[0], p, c[1], c[2], s), c[0], p, c[1], c[2]))
    except (OSError, KeyError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    lengths = {r["slots"] for rs in runs.values() for r in rs}
    if len(lengths) > 1:
        print(f"error: runs of different lengths in {a.dir}: {sorted(lengths)} slots", file=sys.stderr)
        return 1
    slots = lengths.pop()
    means = {k: {m: float(np.mean([tail_means(r)[m] for r in rs])) for m in ("ql", "qe", "power", "objective", "test_loss")} for k, rs in runs.items()}
    out = a.png_dir
    os.makedirs(out, exist_ok=True)

    # the table: every run, time averages over the last third
    head = ["scheme", "scenario", "Lambda [tasks/s]", "v", "seed", "slots", "window", "Q^L per UE [tasks]", "Q^E per UE [tasks]",
            "power [W]", "objective (22) [1]", "test loss (24) [1]"]
    rows = []
    for c in CONFIGS:
        for p in SCHEMES:
            for s, r in zip(seeds, runs[(c, p)]):
                t, w = tail_means(r), window(r)
                rows.append([LABELS[p], SCENARIOS[c[0]][0], fmt(c[1]), fmt(c[2]), str(s), str(r["n"]), f"{w.start}:{w.stop}",
                             f"{t['ql']:.4g}", f"{t['qe']:.4g}", f"{t['power']:.4g}", f"{t['objective']:.5g}",
                             "-" if np.isnan(t["test_loss"]) else f"{t['test_loss']:.4g}"])
    print(f"p000: {len(rows)} runs of {slots} slots, seeds {', '.join(map(str, seeds))}; time averages over the last third of the slots written")
    print("| " + " | ".join(head) + " |")
    print("|---|---|" + "---:|" * (len(head) - 2))
    for row in rows:
        print("| " + " | ".join(row) + " |")
    csv_path = os.path.join(out, "p000_summary.csv")
    with open(csv_path, "w", newline="") as f:
        wr = csv.writer(f)
        wr.writerow(["scheme", "scenario", "Lambda [tasks/s]", "v [1]", "seed", "slots_written [slots]", "window [slots]",
                     "queue_local_per_ue [tasks]", "queue_edge_per_ue [tasks]", "power [W]", "objective [1]", "test_loss [1]"])
        for row in rows:
            wr.writerow(row[:-1] + ["nan" if row[-1] == "-" else row[-1]])

    s1, s2 = ("s1", 100, 2), ("s2", 750, 2)
    # Fig. 3: losses of DRLH(N_A), moving average over 100 slots
    k = min(100, max(1, slots // 10))
    fig, axes = plt.subplots(2, 2, figsize=(11, 7), sharex=True)
    for i, (c, name) in enumerate(((s1, r"scenario I ($\Lambda$ = 100 tasks/s)"), (s2, r"scenario II ($\Lambda$ = 750 tasks/s)"))):
        for j, (key, what) in enumerate((("train_loss", "training loss (replay batch)"), ("test_loss", "test loss (actor vs critic's choice)"))):
            ax = axes[i, j]
            for p in DRLH:
                x, y = moving_average(seed_mean(runs[(c, p)], key), k)
                ax.plot(x, y, color=STYLE[p][0], lw=1, label=LABELS[p])
            ax.set_yscale("log")
            ax.yaxis.set_major_formatter(FormatStrFormatter("%g"))
            lo, hi = ax.get_ylim()  # label the minor ticks only when the axis spans little more than a decade
            ax.yaxis.set_minor_formatter(FormatStrFormatter("%g") if hi / lo < 30 else NullFormatter())
            ax.set_title(f"{what}, {name}", fontsize=10)
            ax.set_ylabel(f"cross-entropy (24), {k}-slot mean")
            ax.grid(True, which="both", alpha=0.3)
    for ax in axes[1]:
        ax.set_xlabel("time slot (10 ms)")
    axes[0, 0].legend(fontsize=8)
    fig.suptitle(r"Fig. 3: training and test loss of DRLH($N_A$), $v$ = 2", fontsize=11)
    fig.tight_layout()
    fig.savefig(os.path.join(out, "p000_fig3_loss.png"), dpi=120)
    plt.close(fig)

    # Fig. 4: against the arrival rate (Table I queue limits)
    plot_sweep(means, [("base", lam, 2) for lam in ARRIVALS], list(ARRIVALS), r"mean task arrival rate $\Lambda$ (tasks/s per UE)",
               r"Fig. 4: Table I queue limits ($Q_{\max}^{\rm L}$ = 20, $Q_{\max}^{\rm E}$ = 5), $v$ = 2", os.path.join(out, "p000_fig4_arrival.png"))

    # Fig. 5: scenario II over the slots, averaged every 1000 slots
    blk = 1000 if slots >= 15000 else max(1, slots // 15)
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.2))
    for p in SCHEMES:
        for ax, key in zip(axes, ("ql", "qe", "power")):
            x, y = block_average(seed_mean(runs[(s2, p)], key), blk)
            ax.plot(x, y, color=STYLE[p][0], marker=STYLE[p][1], label=LABELS[p])
    for ax, ylabel, t in zip(axes, (r"local queue $Q^{\rm L}$ per UE (tasks)", r"MEC queue $Q^{\rm E}$ per UE (tasks)", r"weighted power $p(t)$, eq. (13) (W)"),
                             ("(a) queue length of the UEs", "(b) queue length at the MEC server", "(c) weighted energy consumption")):
        ax.set_xlabel("time slot (10 ms)")
        ax.set_ylabel(ylabel)
        ax.set_title(t, fontsize=10)
        ax.grid(True, alpha=0.3)
    fig.suptitle(rf"Fig. 5: scenario II ($\Lambda$ = 750 tasks/s, unbounded queues, $v$ = 2), means over blocks of {blk} slots", fontsize=11)
    fig.tight_layout(rect=LEGEND_RECT)
    scheme_legend(fig)
    fig.savefig(os.path.join(out, "p000_fig5_training.png"), dpi=120)
    plt.close(fig)

    # Figs. 6 and 7: against the Lyapunov weight v
    plot_sweep(means, [("s1", 100, v) for v in VS], list(VS), r"Lyapunov weight $v$",
               r"Fig. 6: scenario I ($\Lambda$ = 100 tasks/s, $Q_{\max}^{\rm L}$ = 5, $Q_{\max}^{\rm E}$ = 1)", os.path.join(out, "p000_fig6_v_scenario1.png"), logx=True)
    plot_sweep(means, [("s2", 750, v) for v in VS], list(VS), r"Lyapunov weight $v$",
               r"Fig. 7: scenario II ($\Lambda$ = 750 tasks/s, unbounded queues)", os.path.join(out, "p000_fig7_v_scenario2.png"), logx=True)
    print(f"\nPNG files and {os.path.basename(csv_path)} in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
