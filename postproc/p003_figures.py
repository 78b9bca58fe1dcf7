#!/usr/bin/python3
"""Draws paper 003's Figs. 2-6 from the result files of jobs/p003-figures.sh
and prints the improvement of the proposed scheme at default parameters.

usage: p003_figures.py DIR [--png-dir OUT]

Files are DIR/figN/<policy>-M<m>-<param>-<value>-s<seed>.h5.  The metric is
the realised system reward per slot (paper 003 (9a): the sum over cells of
/cells/reward), averaged over the slots written and the seeds; Fig. 3 shows
it per terminal.  Fig. 2 shows the BCD objective (/bcd/objective, summed
over cells) against the iteration, the last value carried after a cell's
BCD stopped, averaged over slots and seeds."""
import argparse
import glob
import os
import re
import sys
from collections import defaultdict

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

POLICIES = ("bcd", "linear", "fa", "uc", "ftm")
LABELS = {"bcd": "Proposed", "linear": "Linear", "fa": "FA", "uc": "UC", "ftm": "FTM"}
NAME = re.compile(r"(?P<policy>\w+)-M(?P<m>\d)-(?P<param>\w+)-(?P<value>[\d.]+)-s(?P<seed>\d+)\.h5$")


def read(path):
    with h5py.File(path, "r") as f:
        n = int(f["run/slots_written"][()])
        if n == 0:
            raise ValueError(f"{path}: no slot written")
        reward = f["cells/reward"][:n].sum(axis=1).mean()
        conv = None
        if "bcd/objective" in f:
            obj = f["bcd/objective"][:n]  # [slots, cells, iterations]
            filled = obj.copy()
            for k in range(1, obj.shape[2]):  # carry the last value after the BCD stopped
                filled[:, :, k] = np.where(np.isnan(obj[:, :, k]), filled[:, :, k - 1], obj[:, :, k])
            conv = filled.sum(axis=1).mean(axis=0)
        return reward, conv


def collect(root):
    data = defaultdict(list)  # (fig, policy, m, value) -> [(reward, conv)]
    for path in glob.glob(os.path.join(root, "fig*", "*.h5")):
        m = NAME.search(os.path.basename(path))
        if not m:
            continue
        fig = os.path.basename(os.path.dirname(path))
        data[(fig, m["policy"], int(m["m"]), float(m["value"]))].append(read(path))
    return data


def sweep(data, fig, m, per_terminal=False):
    out = {}
    for p in POLICIES:
        pts = sorted((v, np.mean([r for r, _ in runs])) for (f, q, mm, v), runs in data.items() if f == fig and q == p and mm == m)
        if pts:
            x, y = np.array(pts).T
            out[p] = (x, y / x if per_terminal else y)
    return out


def plot_sweeps(data, fig, xlabel, ylabel, png, per_terminal=False, logx=False):
    fig_, axes = plt.subplots(1, 2, figsize=(10, 4), sharey=True)
    for ax, m in zip(axes, (3, 1)):
        for p, (x, y) in sweep(data, fig, m, per_terminal).items():
            ax.plot(x, y, marker="o", label=LABELS[p])
        ax.set_title(f"M = {m} exit point{'s' if m > 1 else ''}")
        ax.set_xlabel(xlabel)
        if logx:
            ax.set_xscale("log", base=2)
        ax.grid(True, alpha=0.3)
    axes[0].set_ylabel(ylabel)
    axes[0].legend()
    fig_.tight_layout()
    fig_.savefig(png, dpi=120)
    plt.close(fig_)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dir")
    ap.add_argument("--png-dir", default=None)
    a = ap.parse_args()
    data = collect(a.dir)
    if not data:
        print(f"no result files under {a.dir}/fig*/", file=sys.stderr)
        return 1
    out = a.png_dir or a.dir
    os.makedirs(out, exist_ok=True)
    # Fig. 2: convergence
    fig_, axes = plt.subplots(1, 2, figsize=(10, 4), sharey=True)
    for ax, m in zip(axes, (3, 1)):
        for p in POLICIES:
            runs = data.get(("fig2", p, m, 0.0))
            if runs:
                conv = np.mean([c for _, c in runs], axis=0)
                ax.plot(np.arange(len(conv)), conv, marker=".", label=LABELS[p])
        ax.set_title(f"M = {m}")
        ax.set_xlabel("BCD iteration (0: initial point)")
        ax.grid(True, alpha=0.3)
    axes[0].set_ylabel("objective (9a) of the plan per slot")
    axes[0].legend()
    fig_.tight_layout()
    fig_.savefig(os.path.join(out, "fig2_convergence.png"), dpi=120)
    plt.close(fig_)
    plot_sweeps(data, "fig3", "terminals U", "system reward per terminal per slot", os.path.join(out, "fig3_terminals.png"), per_terminal=True)
    plot_sweeps(data, "fig4", "edge capacity F_k / (2048 x 0.96 Gcycle/s)", "system reward per slot", os.path.join(out, "fig4_capacity.png"), logx=True)
    plot_sweeps(data, "fig5", "subcarrier bandwidth B (MHz)", "system reward per slot", os.path.join(out, "fig5_bandwidth.png"))
    plot_sweeps(data, "fig6", "compression ratio eps", "system reward per slot", os.path.join(out, "fig6_eps.png"))
    # the table at default parameters
    print("| scheme | M = 3: reward per slot | improvement of Proposed | M = 1: reward per slot | improvement of Proposed |")
    print("|---|---:|---:|---:|---:|")
    ref = {m: np.mean([r for r, _ in data.get(("fig2", "bcd", m, 0.0), [(np.nan, None)])]) for m in (3, 1)}
    for p in POLICIES:
        row = [LABELS[p]]
        for m in (3, 1):
            v = np.mean([r for r, _ in data.get(("fig2", p, m, 0.0), [(np.nan, None)])])
            row += [f"{v:.3f}", "-" if p == "bcd" else f"{100 * (ref[m] - v) / abs(v):.1f} %"]
        print("| " + " | ".join(row) + " |")
    # average improvements over each sweep, as the paper reports them
    print("\n| sweep | over Linear | over FA | over UC | over FTM | M = 3 over M = 1 |")
    print("|---|---:|---:|---:|---:|---:|")
    for fig, name in (("fig3", "terminals U (Fig. 3)"), ("fig4", "capacity F_k (Fig. 4)"), ("fig5", "bandwidth B (Fig. 5)"), ("fig6", "compression eps (Fig. 6)")):
        s3, s1 = sweep(data, fig, 3), sweep(data, fig, 1)
        if "bcd" not in s3:
            continue
        row = [name]
        for q in ("linear", "fa", "uc", "ftm"):
            row.append(f"{100 * np.mean((s3['bcd'][1] - s3[q][1]) / np.abs(s3[q][1])):.1f} %" if q in s3 else "-")
        row.append(f"{100 * np.mean((s3['bcd'][1] - s1['bcd'][1]) / np.abs(s1['bcd'][1])):.1f} %" if "bcd" in s1 else "-")
        print("| " + " | ".join(row) + " |")
    print(f"\nPNG files in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
