# The paper 004 figure pipeline end to end on a tiny sweep
# (jobs/p004-figures.sh --seeds 2 --blocks 40 --b-values "0.2 0.4"
# --k-values "10 50"): 34 runs of 40 blocks, Fig. 6 (K = 4, proposed),
# Fig. 7 (K = 20), Fig. 8 (K = 50 at b 0.2, 0.4) and Fig. 9 (b = 0.4 at
# K 10, 50; K50-b0.4 is run once for Figs. 8 and 9).  Then
# postproc/p004_figures.py (with eps 0.3 and 3 consecutive blocks, so that
# Fig. 6's tests are met within 40 blocks) writes the four PNGs and the
# tables, and the tables' numbers are recomputed from the files: the mean
# and 95 % t interval of /eval/discounted_cost and /eval/mean_cost, Fig. 7's
# moving average of /cells/cost at the blocks' last rows, and Fig. 6's first
# blocks below eps of the mean over the WDs of /p004/wd_theta_change and of
# /p004/server_learning[..., 1].  The postproc refuses a missing run, a file
# of another model, a stale file (another b than runs.txt lists), a file of
# other settings than the sweep's and a figure of other settings than the
# paper's.  About 30 s on 2 cores.
source "$(dirname "$0")/lib.sh"
export SEMEC
py() { "$SEMEC_PYTHON" "$@"; }
rm -rf tiny  # a fresh sweep: the script skips runs it finds

# the sweep's arguments are checked before anything runs
bash "$SEMEC_SOURCE/jobs/p004-figures.sh" --b-values "0.5 1.5" --out bad > bad.out 2>&1 && fail "jobs/p004-figures.sh accepted b = 1.5"
grep -q "arrival probabilities in (0, 1\]" bad.out || fail "jobs/p004-figures.sh does not explain a bad b: $(tail -n 2 bad.out)"
bash "$SEMEC_SOURCE/jobs/p004-figures.sh" --policies "even random" --out bad > bad.out 2>&1 && fail "jobs/p004-figures.sh accepted fig6 without proposed"
grep -q "fig6 is the proposed scheme's" bad.out || fail "jobs/p004-figures.sh does not explain fig6 without proposed: $(tail -n 2 bad.out)"
[ -e bad/runs.txt ] && fail "jobs/p004-figures.sh listed runs despite bad arguments"
pass "bad sweep arguments are refused"

bash "$SEMEC_SOURCE/jobs/p004-figures.sh" --seeds 2 --blocks 40 --b-values "0.2 0.4" --k-values "10 50" --out tiny > tiny.out 2>&1 ||
  fail "jobs/p004-figures.sh failed: $(tail -n 5 tiny.out)"
grep -q FAILED tiny.out && fail "a run of the sweep failed: $(grep FAILED tiny.out | head -n 3)"
[ "$(wc -l < tiny/runs.txt)" -eq 34 ] || fail "the sweep lists $(wc -l < tiny/runs.txt) runs, not 2 seeds x (1 + 4 x 4 configurations) = 34"
printf 'fig6 K4-b0.4\nfig7 K20-b0.4\nfig8 K50-b0.2 K50-b0.4\nfig9 K10-b0.4 K50-b0.4\n' | cmp -s - tiny/figures.txt ||
  fail "tiny/figures.txt is not the four figures' configurations: $(cat tiny/figures.txt)"
grep -q -- "-sim_slots 200 " tiny/runs.txt || fail "--blocks 40 did not give -sim_slots 200 (n = 5)"

py "$SEMEC_SOURCE/postproc/p004_figures.py" tiny --figures tiny/png --smooth 5 --eps 0.3 --hold 3 > figures.out 2>&1 ||
  fail "p004_figures.py failed: $(tail -n 5 figures.out)"
for f in 6 7 8 9; do [ -s tiny/png/p004_fig$f.png ] || fail "tiny/png/p004_fig$f.png missing"; done
[ -s tiny/tables.md ] && [ -s tiny/tables.csv ] || fail "tiny/tables.md or tables.csv missing"
pass "sweep, figures and tables written"

py - <<'PY' || fail "the tables do not hold the values recomputed from the files"
import csv, math, sys
import h5py
import numpy as np
T1 = 12.7062  # t quantile, 1 degree of freedom (2 seeds)
rows = {(r["figure"], int(r["K"]), float(r["b"]), r["policy"], r["statistic"], r["point"]): r for r in csv.DictReader(open("tiny/tables.csv"))}
md = open("tiny/tables.md").read()
bad = []
def check(key, values, digits=None):
    r = rows.get(key)
    if r is None:
        bad.append(f"no row {key}"); return
    v = np.array(values, dtype=float)
    mean, hw = v.mean(), T1 * v.std(ddof=1) / math.sqrt(2)
    if int(r["n"]) != 2 or int(r["seeds"]) != 2 or abs(float(r["mean"]) - mean) > 1e-9 * (1 + abs(mean)) or abs(float(r["ci95"]) - hw) > 1e-9 * (1 + abs(hw)):
        bad.append(f"{key}: table n {r['n']} {r['mean']} +- {r['ci95']}, files {mean!r} +- {hw!r}")
    if digits is not None and f"{mean:.{digits}f} ± {hw:.{digits}f}" not in md:
        bad.append(f"{key}: '{mean:.{digits}f} ± {hw:.{digits}f}' not in tables.md")
def f(c, p, s):
    return h5py.File(f"tiny/{c}/{p}-s{s}.h5", "r")
for p in ("proposed", "binary", "even", "random"):
    for fig, K, b in (("fig8", 50, 0.2), ("fig8", 50, 0.4), ("fig9", 10, 0.4), ("fig9", 50, 0.4)):
        c = f"K{K}-b{b:g}"
        check((fig, K, b, p, "discounted_cost", ""), [f(c, p, s)["eval/discounted_cost"][0] for s in (1, 2)], 1)
        check((fig, K, b, p, "mean_cost_second_half", ""), [f(c, p, s)["eval/mean_cost"][0] for s in (1, 2)], 2)
        # /eval/mean_cost is the mean cost of blocks 20-39, /eval/discounted_cost the discounted sum
        for s in (1, 2):
            cost = f(c, p, s)["cells/cost"][4::5, 0]
            if abs(cost[20:].mean() - f(c, p, s)["eval/mean_cost"][0]) > 1e-9 * cost.mean() or \
               abs((0.99 ** np.arange(40) * cost).sum() - f(c, p, s)["eval/discounted_cost"][0]) > 1e-9 * cost.sum():
                bad.append(f"{c}/{p}-s{s}: /eval does not match /cells/cost")
    cost = [f("K20-b0.4", p, s)["cells/cost"][4::5, 0] for s in (1, 2)]
    check(("fig7", 20, 0.4, p, "cost_ma5", "39"), [c[35:40].mean() for c in cost], 2)
    check(("fig7", 20, 0.4, p, "cost_ma5", "4"), [c[0:5].mean() for c in cost], 2)
    check(("fig7", 20, 0.4, p, "cost_first_20", ""), [c[:20].mean() for c in cost], 2)
    check(("fig7", 20, 0.4, p, "cost_last_20", ""), [c[20:].mean() for c in cost], 2)
def first(x, eps=0.3, hold=3):
    below = np.isfinite(x) & (x < eps)
    one = next((t for t in range(len(x)) if below[t]), math.nan)
    held = next((t for t in range(len(x) - hold + 1) if below[t:t + hold].all()), math.nan)
    return one, held
alg = {"alg1": [], "alg2": []}
for s in (1, 2):
    g = f("K4-b0.4", "proposed", s)
    ch = g["p004/wd_theta_change"][4::5, 0, :]
    with np.errstate(invalid="ignore"):
        wd = np.array([np.mean(r[np.isfinite(r)]) if np.isfinite(r).any() else math.nan for r in ch])
    alg["alg1"].append(first(wd))
    alg["alg2"].append(first(g["p004/server_learning"][4::5, 0, 1]))
    if not np.all(np.isnan(g["p004/wd_theta_change"][np.arange(200) % 5 != 4])):
        bad.append("wd_theta_change has values outside the blocks' last rows")
for a, v in alg.items():
    if any(math.isnan(x) for pair in v for x in pair):
        bad.append(f"{a}: a seed never met eps 0.3 within 40 blocks ({v}): the check below tests nothing")
    check(("fig6", 4, 0.4, "proposed", f"{a}_first_below", ""), [x[0] for x in v], 1)
    check(("fig6", 4, 0.4, "proposed", f"{a}_first_held", ""), [x[1] for x in v], 1)
for b in bad:
    print("MISMATCH:", b)
sys.exit(1 if bad else 0)
PY
pass "tables hold the files' /eval, Fig. 7's moving average and Fig. 6's first blocks below eps, with the 95 % t interval"

# the postproc refuses what is not the sweep
refuse() { # WHAT PATTERN: p004_figures.py must fail on tiny and say PATTERN
  py "$SEMEC_SOURCE/postproc/p004_figures.py" tiny --figures tiny/png > refuse.out 2>&1 && { fail "p004_figures.py accepted $1"; return; }
  grep -q -- "$2" refuse.out || fail "p004_figures.py does not say '$2' for $1: $(tail -n 2 refuse.out)"
}
mv tiny/K10-b0.4/even-s1.h5 even-s1.h5
refuse "a sweep with a missing run" "even-s1.h5 is missing"
cp tiny/K50-b0.2/even-s1.h5 tiny/K10-b0.4/even-s1.h5
refuse "a stale file" "was run with -geom_ues_per_cell 50, but runs.txt lists 10"
run_semec 1 -options_file "$SEMEC_SOURCE/inputs/p002.opts" -policy local -sim_train_episodes 0 -sim_test_episodes 1 -output_file tiny/K10-b0.4/even-s1.h5 -output_overwrite
[ "$rc" -eq 0 ] || fail "the paper 002 run exited $rc: $out_text"
refuse "a file of -sim_model semantic_multitask" "not sequential_dnn"
run_semec 1 -options_file "$SEMEC_SOURCE/inputs/p004.opts" -output_file tiny/K10-b0.4/even-s1.h5 -output_overwrite -p004_w4 50 \
  -policy even -geom_ues_per_cell 10 -task_arrival_probability 0.4 -sim_slots 200 -sim_seed 1
[ "$rc" -eq 0 ] || fail "the -p004_w4 50 run exited $rc: $out_text"
refuse "a file of other settings" "p004_w4 50 (against 100)"
mv even-s1.h5 tiny/K10-b0.4/even-s1.h5
sed -i 's/^fig9 K10-b0.4/fig9 K10-b0.2/' tiny/figures.txt
refuse "Fig. 9 at b = 0.2" "the paper's fig9 has b = 0.4"
pass "a missing run, a stale file, another model, other settings and another figure setting are refused"
finish
