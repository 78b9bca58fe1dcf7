# The paper 002 figure pipeline end to end on a tiny sweep (one seed, a few
# episodes): jobs/p002-figures.sh runs every configuration, and
# postproc/p002_figures.py writes Tables III-V, whose numbers must equal
# the /eval values read from the files directly, and Figs. 6-12.
source "$(dirname "$0")/lib.sh"
export SEMEC
rm -rf sweep  # a fresh sweep: the script skips runs it finds
bash "$SEMEC_SOURCE/jobs/p002-figures.sh" --seeds 1 --train 4 --train-dqn 4 --test 2 --out sweep > sweep.out 2>&1 ||
  fail "jobs/p002-figures.sh failed: $(tail -n 5 sweep.out)"
grep -q FAILED sweep.out && fail "a run of the sweep failed: $(grep FAILED sweep.out | head -n 3)"
"$SEMEC_PYTHON" "$SEMEC_SOURCE/postproc/p002_figures.py" sweep > figures.out 2>&1 || fail "p002_figures.py failed: $(tail -n 5 figures.out)"
for f in table3 table4 table5; do [ -s sweep/tables/$f.csv ] || fail "sweep/tables/$f.csv missing"; done
for f in fig6_mappo_training fig7_dqn_training fig8_delay fig9_delay fig10_weights fig11_weights fig12_weights; do
  [ -s sweep/figures/$f.png ] || fail "sweep/figures/$f.png missing"
done
"$SEMEC_PYTHON" - <<'PY' || fail "Table III or IV does not hold the files' /eval values"
import csv, h5py, sys
t3 = {r["scheme"]: r for r in csv.DictReader(open("sweep/tables/table3.csv"))}
t4 = {r["scheme"]: r for r in csv.DictReader(open("sweep/tables/table4.csv"))}
names = {"local": "Local", "dqn": "DQN", "mappo": "MAPPO", "semantic_unaware": "Semantic-unaware MAPPO", "exhaustive": "Exhaustive search"}
ok = True
for p, label in names.items():
    e = h5py.File(f"sweep/mixed/{p}-s1.h5")["eval"]
    ok &= t3[label]["QoE (11)"].startswith(f"{e['qoe'][0]:.4f}")
    ok &= t4[label]["energy (J/episode)"].startswith(f"{e['energy'][0]:.3f}")
    ok &= t4[label]["accuracy (%)"].startswith(f"{100 * e['accuracy'][0]:.2f}")
ok &= t3["Local"]["QoE (11)"].startswith("0.5000")
sys.exit(0 if ok else 1)
PY
pass "p002 sweep, tables and figures"
finish
