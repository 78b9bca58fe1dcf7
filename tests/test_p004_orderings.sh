# Paper 004's orderings (Sec. VI, Figs. 7-9) on inputs/p004.opts, short:
# 400 blocks, 3 seeds (drops), the mean over the seeds of the discounted
# cost (9a), /eval/discounted_cost:
#  - K = 20 and K = 50: proposed < even, binary < random;
#  - proposed, K = 20: the cost grows with the arrival probability,
#    b = 0.2 < 0.4 < 0.6.
# Prints the table of means.
source "$(dirname "$0")/lib.sh"
P004="-options_file $SEMEC_SOURCE/inputs/p004.opts -sim_slots 2000"
SEEDS="1 2 3"

# launch NAME ARGS...: a one-rank run in the background, output in NAME.out,
# exit code in NAME.rc (MPI's start-up is most of a short run: runs overlap)
launch() { local name=$1; shift; { $SEMEC_MPIEXEC -n 1 "$SEMEC" "$@" -output_file "$name.h5" > "$name.out" 2>&1; echo $? > "$name.rc"; } & }
for K in 20 50; do
  for pol in proposed binary even random; do
    for s in $SEEDS; do launch K$K-$pol-b0.4-s$s $P004 -geom_ues_per_cell $K -policy $pol -sim_seed $s; done
  done
  wait
done
for b in 0.2 0.6; do for s in $SEEDS; do launch K20-proposed-b$b-s$s $P004 -geom_ues_per_cell 20 -policy proposed -task_arrival_probability $b -sim_seed $s; done; done
wait
for f in *.rc; do [ "$(cat "$f")" -eq 0 ] || fail "${f%.rc} exited $(cat "$f"): $(tail -5 "${f%.rc}.out")"; done

cat > orderings.py <<'PY'
import sys, glob, h5py, numpy as np
cost = {}
for path in glob.glob("K*-s*.h5"):
    key = path.rsplit("-s", 1)[0]  # K20-proposed-b0.4
    cost.setdefault(key, []).append(float(h5py.File(path)["eval/discounted_cost"][0]))
mean = {k: np.mean(v) for k, v in cost.items()}
bad = [k for k, v in cost.items() if len(v) != 3]
for k in sorted(mean): print("  %-22s mean %10.1f   seeds %s" % (k, mean[k], " ".join("%.1f" % x for x in sorted(cost[k]))))
m = lambda K, p, b="0.4": mean.get("K%d-%s-b%s" % (K, p, b), np.nan)
for K in (20, 50):
    if not m(K, "proposed") < m(K, "even"): bad.append("K = %d: proposed %.1f not below even %.1f" % (K, m(K, "proposed"), m(K, "even")))
    if not m(K, "binary") < m(K, "random"): bad.append("K = %d: binary %.1f not below random %.1f" % (K, m(K, "binary"), m(K, "random")))
if not m(20, "proposed", "0.2") < m(20, "proposed", "0.4") < m(20, "proposed", "0.6"):
    bad.append("proposed, K = 20: the cost does not grow with b: %.1f, %.1f, %.1f" % (m(20, "proposed", "0.2"), m(20, "proposed", "0.4"), m(20, "proposed", "0.6")))
for b in bad: print("FAIL:", b)
sys.exit(1 if bad else 0)
PY
"$SEMEC_PYTHON" orderings.py && pass "orderings: proposed < even, binary < random at K = 20, 50; proposed grows with b" || fail "orderings (the table above)"
finish
