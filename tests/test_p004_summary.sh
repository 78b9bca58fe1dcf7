# postproc/summary.py on paper 004's model (-sim_model sequential_dnn,
# inputs/p004.opts), on short runs: one cell (policy even) on 1 rank, four
# interfering cells (policy random, with outages) on 2 ranks, and one cell
# with blocks of 4 slots and W = 2e8 cycles:
#  - exit 0, the model line, the conservation line OK (workload per cell and
#    network-wide over the whole blocks, cost = its five parts);
#  - the CSV's rows and the printed network row equal the values this test
#    recomputes from the file by itself (mean cost and its parts per block,
#    discounted cost, queued and offloaded tasks, offloads, outages, local
#    tasks, the conservation line's totals), over the whole run and over
#    windows that start and end inside a block; the /eval line equals the
#    means of /eval;
#  - a window without a whole block, doctored files (a cost part, a cycle
#    count changed network-wide or moved between cells, NaN at a block end,
#    a value off a block end, fractional counts) and a file with n = 4 whose
#    options lost -p004_block_slots (read as the default 5) fail with exit 1;
#    the model is recognised from /cells without -sim_model in the options;
#    a killed run's file (slots written not a whole number of blocks) uses
#    its whole blocks.
# Python starts slowly: the doctoring and the recomputation run in one
# python each.
source "$(dirname "$0")/lib.sh"
P004="-options_file $SEMEC_SOURCE/inputs/p004.opts -geom_ues_per_cell 6"
NET="-sim_cells 4 -sim_cells_per_rank 2 -chan_interference true -geom_layout list -geom_bs_positions 0,0,400,0,0,400,400,400 -chan_interference_radius 2000"
py() { "$SEMEC_PYTHON" -c "$@"; }
# summary ARGS...: runs summary.py, stdout in $out_text, stderr in $err_text, exit code in $rc
summary() {
  out_text=$("$SEMEC_PYTHON" "$SEMEC_SOURCE/postproc/summary.py" "$@" 2> summary.err)
  rc=$?
  err_text=$(cat summary.err)
}

# The summary's numbers recomputed from the file: p004_check.py RUN... with
# RUN = FILE,N,W,A,B (blocks of N slots, W cycles per task, the window A:B),
# the summary's CSV in s-FILE-A-B.csv and its stdout in s-FILE-A-B.out;
# prints what differs.
cat > p004_check.py <<'EOF'
import csv, re, sys, h5py, numpy as np
parts = ("cost_server_queue", "cost_server_energy", "cost_wd_queue", "cost_wd_local_energy", "cost_wd_offload_energy")
bad = []
def check(path, n, W, a, b):
    stem = f"s-{path}-{a}-{b}"
    f = h5py.File(path)
    b = min(b, int(f["run/slots_written"][()]))
    c = {k: f["cells/" + k][()] for k in f["cells"]}
    ncell = c["cost"].shape[1]
    blocks = [k for k in range(f.attrs["slots"] // n) if k * n >= a and (k + 1) * n <= b]
    ends = np.array([k * n + n - 1 for k in blocks])
    span = slice(blocks[0] * n, blocks[-1] * n + n)
    where = f"{path} {a}:{b}"
    def want(cols):
        e, last = {k: v[ends][:, cols] for k, v in c.items()}, ends[-1]
        w = {"blocks": len(blocks), "discounted_cost": c["discounted_cost"][last, cols].sum(),
             "queued": (c["queue_wd"][last, cols].sum() + c["queue_server"][last, cols].sum()) / W,
             "offloaded": e["offloaded"].sum() / W, "splits": e["splits"].sum(), "outages": e["outages"].sum(),
             "tasks_local": e["tasks_local"].sum(),
             "energy_per_block": (c["energy_local"][span, cols].sum() + c["energy_server"][span, cols].sum() + e["offload_energy"].sum()) / len(blocks)}
        for k in ("cost",) + parts:
            w[k] = e[k].sum() / len(blocks)  # mean per block (summed over the cells in the network row)
        return w
    rows = list(csv.reader(open(stem + ".csv")))
    head = [h.split(" ")[0] for h in rows[0]]
    if len(rows) != ncell + 2:
        bad.append(f"{where}: the CSV has {len(rows) - 1} rows for {ncell} cells")
    for r in rows[1:]:
        cols = list(range(ncell)) if r[0] == "network" else [int(r[0])]
        for k, v in want(cols).items():
            got = float(r[head.index(k)])
            if not abs(got - v) <= 1e-9 * max(1.0, abs(v)):
                bad.append(f"{where} row {r[0]}: {k} {got!r} in the CSV, recomputed {v!r}")
    # the printed network row: blocks, cost per block (4 digits), outages
    out = open(stem + ".out").read()
    net = re.search(r"^network +(.*)$", out, re.M).group(1).split()
    w = want(list(range(ncell)))
    if int(net[0]) != len(blocks) or abs(float(net[1]) - w["cost"]) > 5e-4 * w["cost"] or int(net[12]) != w["outages"]:
        bad.append(f"{where}: printed network row {net}: blocks {len(blocks)}, cost per block {w['cost']:.6g}, outages {w['outages']}")
    # the conservation line's totals over the whole blocks
    line = re.search(r"^conservation .*: arrived (\d+) = local (\d+) \+ server (\d+) \+ queued (\d+)", out, re.M)
    tot = [int(c[k][span].sum()) for k in ("arrived", "local_cycles", "server_cycles")]
    tot.append(int(c["queue_wd"][ends[-1]].sum() + c["queue_server"][ends[-1]].sum()))
    if not line or [int(x) for x in line.groups()] != tot:
        bad.append(f"{where}: conservation line {line and line.groups()}, recomputed {tot}")
    # /eval, means over the cells
    m = re.search(r"discounted cost \(9a\) (\S+), mean cost per block over the run's second half (\S+)$", out, re.M)
    ev = [f["eval/discounted_cost"][()].mean(), f["eval/mean_cost"][()].mean()]
    if not m or any(abs(float(x) - y) > 1e-5 * abs(y) for x, y in zip(m.groups(), ev)):
        bad.append(f"{where}: /eval line {m and m.groups()}, means of /eval {ev}")
for run in sys.argv[1:]:
    path, n, W, a, b = run.split(",")
    check(path, int(n), float(W), int(a), int(b))
for x in bad[:20]:
    print(x)
sys.exit(1 if bad else 0)
EOF

# FILE N W A B: summary.py --slots A:B --csv passes on FILE with the model and
# an OK conservation line; its numbers are compared with the file's later
runs=""
agrees() {
  local file=$1 n=$2 w=$3 a=$4 b=$5
  summary "$file" --slots "$a:$b" --csv "s-$file-$a-$b.csv"
  printf '%s\n' "$out_text" > "s-$file-$a-$b.out"
  [ "$rc" -eq 0 ] || { fail "summary.py $file --slots $a:$b exited $rc: $err_text"; return; }
  grep -q "^  model      sequential_dnn (paper 004): blocks of $n slots" <<< "$out_text" || fail "summary.py $file: no model line"
  grep -q "^conservation (per cell and network-wide): arrived .*, and per cell: OK; cost = the sum of its five parts .*: OK$" <<< "$out_text" ||
    fail "summary.py $file --slots $a:$b: no OK conservation line: $(grep conservation <<< "$out_text")"
  runs="$runs $file,$n,$w,$a,$b"
}

run_semec 1 $P004 -sim_slots 500 -policy even -output_file one.h5
[ "$rc" -eq 0 ] || fail "one cell exited $rc: $out_text"
run_semec 2 $P004 $NET -sim_slots 500 -policy random -output_file four.h5
[ "$rc" -eq 0 ] || fail "four cells on 2 ranks exited $rc: $out_text"
run_semec 1 $P004 -sim_slots 200 -p004_block_slots 4 -p004_task_cycles 2e8 -policy random -output_file n4.h5
[ "$rc" -eq 0 ] || fail "blocks of 4 slots exited $rc: $out_text"

# The doctored copies (see below), made in one python
cat > doctor.py <<'EOF'
import shutil, h5py, numpy as np
def doctor(src, dst, change):
    shutil.copy(src, dst)
    with h5py.File(dst, "r+") as f:
        change(f, f["cells"])
def moved(f, c):  # one cycle from cell 3 to cell 2 in a slot where cell 3 computed locally
    t = int(np.argmax(c["local_cycles"][:, 3] > 0))
    c["local_cycles"][t, 2] += 1
    c["local_cycles"][t, 3] -= 1
def killed(f, c):
    f["run/slots_written"][()] = 497
    f.attrs["status"], f.attrs["end_time"] = "running", ""
def set_(name, t, cell, value):
    def change(f, c):
        c[name][t, cell] = value
    return change
def add(name, t, cell, value):
    def change(f, c):
        c[name][t, cell] += value
    return change
def options(*drop):
    def change(f, c):
        o = f.attrs["options"]
        for d in drop:
            assert d in o
            o = o.replace(d, "")
        f.attrs["options"] = o
    return change
doctor("four.h5", "bad-part.h5", add("cost_wd_queue", 9, 1, 1.0))
doctor("four.h5", "bad-local.h5", add("local_cycles", 12, 2, 1))
doctor("four.h5", "bad-moved.h5", moved)
doctor("four.h5", "bad-nan-queue.h5", set_("queue_wd", 9, 1, np.nan))
doctor("four.h5", "bad-nan-cost.h5", set_("cost", 499, 3, np.nan))
doctor("four.h5", "bad-off-end.h5", set_("outages", 3, 0, 0))
doctor("four.h5", "bad-split.h5", set_("splits", 4, 0, 0.5))
doctor("four.h5", "bad-server.h5", set_("server_cycles", 7, 0, 0.5))
doctor("four.h5", "noopt.h5", options("-sim_model sequential_dnn", "-p004_block_slots 5"))
doctor("n4.h5", "n4-noopt.h5", options("-p004_block_slots 4"))
doctor("four.h5", "killed.h5", killed)
f = h5py.File("four.h5")["cells"]
if not (f["outages"][4::5].sum() > 0 and f["offloaded"][4::5].sum() > 0):
    raise SystemExit("four cells: no outage or no offload, the outage column is not tested")
EOF
"$SEMEC_PYTHON" doctor.py || fail "cannot make the doctored copies"

for w in 0:500 7:493 5:10 13:1000; do agrees one.h5 5 1e8 ${w%:*} ${w#*:}; done
for w in 0:500 7:493 12:499; do agrees four.h5 5 1e8 ${w%:*} ${w#*:}; done
for w in 0:200 3:198; do agrees n4.h5 4 2e8 ${w%:*} ${w#*:}; done
# a killed run's file: 497 slots written, the whole blocks 0..98 are used
agrees killed.h5 5 1e8 0 497
grep -q "the window's 99 whole blocks 0..98 (slots 0:495) are used" <<< "$out_text" || fail "killed-run file: not its 99 whole blocks"
"$SEMEC_PYTHON" p004_check.py $runs || fail "summary.py's numbers differ from the file's"
pass "summary agrees with the file: one cell (0:500, 7:493, 5:10, 13:1000), four cells on 2 ranks with outages (0:500, 7:493, 12:499), blocks of 4 with W = 2e8 (0:200, 3:198), a killed run's 497 slots"

# a window without a whole block
summary four.h5 --slots 6:9
[ "$rc" -eq 1 ] && grep -q "slots 6:9, holds no whole block of 5 slots" <<< "$err_text" ||
  fail "summary.py --slots 6:9 (no whole block): exit $rc, $err_text"
pass "a window without a whole block is refused"

# FILE DESCRIPTION WANT: summary.py fails on the doctored FILE with exit 1 and WANT in its stdout or stderr
refused() {
  local file=$1 what=$2 want=$3
  summary "$file"
  if [ "$rc" -eq 1 ] && grep -qF -- "$want" <<< "$out_text$err_text"; then pass "doctored, $what: exit 1"; else
    fail "doctored, $what: exit $rc without '$want': $(grep conservation <<< "$out_text") $err_text"; fi
}
refused bad-part.h5 "a cost part changed" \
  "cost = the sum of its five parts at the window's 100 block ends (relative 1e-09): VIOLATED in cell 1 at slot 9"
refused bad-local.h5 "a local_cycles value changed" \
  ": VIOLATED (first after the block ending at slot 14: arrived - local - server exceeds the change of the queues by -1 cycles)"
refused bad-moved.h5 "a cycle moved between cells" "OK network-wide, but VIOLATED in cell 2"
refused bad-nan-queue.h5 "NaN in a queue at a block end" "/cells/queue_wd[9, 1] = nan at the last slot of a block of 5 slots"
refused bad-nan-cost.h5 "NaN in a cost at a block end" "/cells/cost[499, 3] = nan at the last slot"
refused bad-off-end.h5 "a value off a block end" "/cells/outages[3, 0] = 0.0 is not at the last slot of a block"
refused bad-split.h5 "a fractional count at a block end" "/cells/splits[4, 0] = 0.5 at the last slot of a block of 5 slots"
refused bad-server.h5 "a fractional slot count" "/cells/server_cycles[7, 0] = 0.5 is not a count (a whole non-negative number)"
refused n4-noopt.h5 "blocks of 4 without -p004_block_slots (read as 5)" "at the last slot of a block of 5 slots"

# the model from its datasets when the options lack -sim_model (and n = 5 by default)
summary noopt.h5
[ "$rc" -eq 0 ] && grep -q "^  model      sequential_dnn" <<< "$out_text" && grep -q "^conservation .*: OK$" <<< "$out_text" ||
  fail "four.h5 without -sim_model and -p004_block_slots in the options: exit $rc, $err_text"
pass "the model is found from /cells without -sim_model in the options"
finish
