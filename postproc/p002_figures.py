#!/usr/bin/python3
"""Tables III-V and Figs. 6-12 of paper 002 (Chen et al., Sec. IV) from the
result files of jobs/p002-figures.sh.

usage: p002_figures.py DIR [--png-dir OUT]

Files are DIR/<mixed|text|image|vqa>/<scheme>-s<seed>.h5 (scheme one of
local, dqn, mappo, semantic_unaware, exhaustive) and
DIR/weights/mappo-t<omega_t>-e<omega_e>-a<omega_a>-s<seed>.h5.  Every run
listed in DIR/runs.txt must be there (a missing one stops the script with
its name).  Each file gives its test-phase means from /eval (QoE per task,
delay in ms, energy in J per episode, accuracy) and, from the test rows of
/cells, the reward (13) per task and the share of tasks that missed a
constraint; tables show the mean and the sample standard deviation over
the seeds.  Figs. 6-7 are the training curves /mappo/episode_return and
/dqn/episode_return (mean over seeds, band of one standard deviation).

Tables go to standard output (Markdown) and to DIR/tables/*.csv; figures to
OUT (default DIR/figures) as PNG."""
import argparse
import csv
import os
import re
import sys

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

SCHEMES = ("local", "dqn", "mappo", "semantic_unaware", "exhaustive")
LABELS = {"local": "Local", "dqn": "DQN", "mappo": "MAPPO", "semantic_unaware": "Semantic-unaware MAPPO",
          "exhaustive": "Exhaustive search"}
MODALITIES = ("mixed", "text", "image", "vqa")
# the paper's Tables III-V (Sec. IV), for the side-by-side columns
PAPER_QOE = {"local": 0.5, "dqn": 0.546, "mappo": 0.6, "semantic_unaware": 0.581, "exhaustive": 0.604}
PAPER_ENERGY = {"local": 1.37, "dqn": 3.05, "mappo": 3.19, "semantic_unaware": 3.60}
PAPER_ACCURACY = {"local": 58.27, "dqn": 61.05, "mappo": 64.37, "semantic_unaware": 69.15}
PREFERENCES = (("No preference", (1 / 3, 1 / 3, 1 / 3), (2.82, 3.19, 64.37)), ("Delay preference", (1, 0, 0), (2.18, 2.66, 54.08)),
               ("Energy preference", (0, 1, 0), (4.95, 0.83, 55.66)), ("Accuracy preference", (0, 0, 1), (3.25, 3.49, 68.57)))
WEIGHT_NAME = re.compile(r"mappo-t(?P<t>[\d.]+)-e(?P<e>[\d.]+)-a(?P<a>[\d.]+)-s(?P<seed>\d+)\.h5$")


def option(options, name, default=None):
    m = re.search(r"(?:^|\s)" + re.escape(name) + r"\s+(\S+)", options)
    return m.group(1) if m else default


def read_run(path):
    """Test-phase means of one file: qoe, delay (ms), energy (J/episode), accuracy (%), offload (%), reward and late
    (per task), and the training curves."""
    if not os.path.exists(path):
        raise SystemExit(f"p002_figures.py: {path} is missing (run jobs/p002-figures.sh, or a run failed: see its .log)")
    with h5py.File(path, "r") as f:
        status = f.attrs["status"]
        status = status.decode() if isinstance(status, bytes) else status
        if status != "complete":
            raise SystemExit(f"p002_figures.py: {path} has status {status!r}, not complete")
        options = f.attrs["options"]
        options = options.decode() if isinstance(options, bytes) else options
        T = int(option(options, "-sim_episode_length"))
        test = int(option(options, "-sim_test_episodes"))
        e, c = f["eval"], f["cells"]
        rows = slice(c["tasks"].shape[0] - test * T, None)
        tasks = c["tasks"][rows].sum()
        run = {"qoe": float(e["qoe"][0]), "delay": float(e["delay"][0]), "energy": float(e["energy"][0]),
               "accuracy": 100.0 * float(e["accuracy"][0]), "offload": 100.0 * float(e["offload"][0]),
               "reward": float(c["reward"][rows].sum() / tasks), "late": float(c["violations"][rows].sum() / tasks)}
        for group in ("mappo", "dqn"):
            key = group + "/episode_return"
            if key in f:
                g = f[key][:, 0, 0]
                run["curve"] = g[T - 1::T][: int(option(options, "-sim_train_episodes"))]
    return run


def seeds_of(root):
    runs = os.path.join(root, "runs.txt")
    if not os.path.exists(runs):
        raise SystemExit(f"p002_figures.py: {runs} is missing: DIR must be the --out of jobs/p002-figures.sh")
    with open(runs) as fh:
        return sorted({int(m.group(1)) for m in re.finditer(r"-s(\d+)\.h5\s", fh.read())})


def stats(values):
    v = np.asarray(values, dtype=float)
    return float(v.mean()), float(v.std(ddof=1)) if v.size > 1 else 0.0


def table(title, header, rows, csv_path):
    print(f"\n### {title}\n")
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" for _ in header) + "|")
    for r in rows:
        print("| " + " | ".join(str(x) for x in r) + " |")
    os.makedirs(os.path.dirname(csv_path), exist_ok=True)
    with open(csv_path, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)


def pm(values, digits):
    m, s = stats(values)
    return f"{m:.{digits}f} ± {s:.{digits}f}"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dir")
    ap.add_argument("--png-dir")
    args = ap.parse_args(argv)
    root = args.dir
    out = args.png_dir or os.path.join(root, "figures")
    os.makedirs(out, exist_ok=True)
    seeds = seeds_of(root)
    runs = {(m, p): [read_run(os.path.join(root, m, f"{p}-s{s}.h5")) for s in seeds] for m in MODALITIES for p in SCHEMES}
    weights = {}
    for name in sorted(os.listdir(os.path.join(root, "weights"))):
        m = WEIGHT_NAME.match(name)
        if m:
            weights.setdefault((float(m["t"]), float(m["e"]), float(m["a"])), []).append(read_run(os.path.join(root, "weights", name)))
    print(f"paper 002 sweep {root}: seeds {seeds}; mean ± standard deviation over the seeds")

    mixed = {p: runs[("mixed", p)] for p in SCHEMES}
    rows = [[LABELS[p], pm([r["qoe"] for r in mixed[p]], 4), PAPER_QOE[p], pm([r["reward"] for r in mixed[p]], 3),
             pm([r["late"] for r in mixed[p]], 3)] for p in SCHEMES]
    table("Table III: QoE per task, no preference", ["scheme", "QoE (11)", "paper", "reward (13) per task", "late share"], rows,
          os.path.join(root, "tables", "table3.csv"))
    rows = [[LABELS[p], pm([r["energy"] for r in mixed[p]], 3), PAPER_ENERGY.get(p, "-"), pm([r["accuracy"] for r in mixed[p]], 2),
             PAPER_ACCURACY.get(p, "-"), pm([r["delay"] for r in mixed[p]], 2)] for p in SCHEMES]
    table("Table IV: energy and accuracy, no preference", ["scheme", "energy (J/episode)", "paper", "accuracy (%)", "paper", "delay (ms)"],
          rows, os.path.join(root, "tables", "table4.csv"))
    rows = []
    for name, w, paper in PREFERENCES:
        key = min(weights, key=lambda k: sum(abs(a - b) for a, b in zip(k, w))) if weights else None
        rs = mixed["mappo"] if name == "No preference" else weights.get(key, [])
        if not rs:
            continue
        rows.append([name, pm([r["delay"] for r in rs], 2), paper[0], pm([r["energy"] for r in rs], 3), paper[1],
                     pm([r["accuracy"] for r in rs], 2), paper[2]])
    table("Table V: MAPPO retrained per preference", ["preference", "delay (ms)", "paper", "energy (J/episode)", "paper", "accuracy (%)", "paper"],
          rows, os.path.join(root, "tables", "table5.csv"))

    # Figs. 6-7: training curves
    for fig, scheme in ((6, "mappo"), (7, "dqn")):
        curves = [r["curve"] for r in mixed[scheme] if "curve" in r]
        if not curves:
            continue
        n = min(len(c) for c in curves)
        c = np.array([c[:n] for c in curves])
        m, s = c.mean(axis=0), c.std(axis=0)
        plt.figure(figsize=(5, 3.5))
        x = np.arange(1, n + 1)
        plt.plot(x, m, label=LABELS[scheme])
        plt.fill_between(x, m - s, m + s, alpha=0.3)
        plt.xlabel("training episode")
        plt.ylabel("episode return (team reward (13))")
        plt.title(f"Fig. {fig}: {LABELS[scheme]} training")
        plt.tight_layout()
        plt.savefig(os.path.join(out, f"fig{fig}_{scheme}_training.png"), dpi=120)
        plt.close()
    # Fig. 8: delay of mixed tasks; Fig. 9: per modality
    for fig, mods in ((8, ("mixed",)), (9, ("text", "image", "vqa"))):
        plt.figure(figsize=(6.5, 3.5))
        width = 0.8 / len(SCHEMES)
        for i, p in enumerate(SCHEMES):
            ms = [stats([r["delay"] for r in runs[(m, p)]]) for m in mods]
            plt.bar(np.arange(len(mods)) + i * width, [a for a, _ in ms], width, yerr=[b for _, b in ms], label=LABELS[p])
        plt.xticks(np.arange(len(mods)) + 0.4 - width / 2, mods)
        plt.ylabel("delay per task (ms)")
        plt.title(f"Fig. {fig}: delay of {'mixed tasks' if fig == 8 else 'each modality'}")
        plt.legend(fontsize=7)
        plt.tight_layout()
        plt.savefig(os.path.join(out, f"fig{fig}_delay.png"), dpi=120)
        plt.close()
    # Figs. 10-12: two weights share 1, the third is 0
    for fig, free, zero, (left, right) in ((10, (0, 2), 1, ("delay", "accuracy")), (11, (1, 2), 0, ("energy", "accuracy")),
                                           (12, (1, 0), 2, ("energy", "delay"))):
        pts = sorted((k[free[0]], rs) for k, rs in weights.items() if k[zero] == 0 and abs(k[free[0]] + k[free[1]] - 1) < 1e-9)
        if not pts:
            continue
        names = ("omega_t", "omega_e", "omega_a")
        x = [p for p, _ in pts]
        fig_, ax = plt.subplots(figsize=(5, 3.5))
        for axis, metric, color in ((ax, left, "C0"), (ax.twinx(), right, "C1")):
            ms = [stats([r[metric] for r in rs]) for _, rs in pts]
            axis.errorbar(x, [a for a, _ in ms], yerr=[b for _, b in ms], color=color, marker="o", capsize=3)
            axis.set_ylabel({"delay": "delay (ms)", "energy": "energy (J/episode)", "accuracy": "accuracy (%)"}[metric], color=color)
        ax.set_xlabel(f"{names[free[0]]} ({names[free[1]]} = 1 - {names[free[0]]}, {names[zero]} = 0)")
        ax.set_title(f"Fig. {fig}: MAPPO retrained per weight")
        fig_.tight_layout()
        fig_.savefig(os.path.join(out, f"fig{fig}_weights.png"), dpi=120)
        plt.close(fig_)
    print(f"\nfigures in {out}; tables in {os.path.join(root, 'tables')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
