#!/usr/bin/env bash
# Checks that two semec executables give the same results: the runs the test
# suite pins (tasks model with and without cloud limits, mobility and
# migration, bcd, and the cloud_edge_end model with drlh, exhaustive and
# random on a finite cloud) are run with each, and their summary checksums
# and every dataset of /cells, /cloud and the policy groups must be
# identical bit for bit.  Use it
# around a restructuring: build the old commit into one directory, the new
# one into another, and compare.
#   scripts/same-results.sh OLD/semec NEW/semec [WORKDIR]
# Exits 0 when every run agrees, 1 otherwise; prints one line per run.
set -uo pipefail
[ $# -ge 2 ] || { echo "usage: $0 OLD_SEMEC NEW_SEMEC [WORKDIR]" >&2; exit 2; }
old=$1 new=$2
work=${3:-$(mktemp -d)}
top=$(cd "$(dirname "$0")/.." && pwd)
in=$top/inputs
mpi=(mpiexec --oversubscribe)
[ "$(id -u)" -eq 0 ] && mpi+=(--allow-run-as-root)
mkdir -p "$work"
failures=0

CEE="-options_file $in/drlh-cloud.opts -options_file $in/drlh-multicell.opts -sim_cells 8 -cloud_access_max 8 -cloud_bandwidth 2e5"
runs=(
  "edge|2|-options_file $in/default.opts -sim_slots 120"
  "strongest|2|-options_file $in/default.opts -sim_slots 120 -policy strongest -geom_ue_speed 20 -strongest_hysteresis 1"
  "cloudlimit|2|-options_file $in/default.opts -sim_slots 120 -policy random -cloud_access_max 3 -cloud_queue_max 15 -cloud_cpu_frequency 4e9"
  "poisson|2|-options_file $in/default.opts -sim_slots 60 -geom_ue_count poisson -task_arrival bernoulli -task_arrival_probability 0.1 -chan_fading rician -geom_layout hex"
  "cloud|2|-options_file $in/default.opts -sim_slots 60 -policy cloud -cloud_cpu_frequency 8e9"
  "bcd|1|-options_file $in/bcd-eeoi.opts -sim_slots 8"
  "drlh|2|$CEE -sim_cells_per_rank 4 -sim_slots 300 -policy drlh -drlh_candidates 16 -drlh_batch 32"
  "exhaustive|2|$CEE -sim_cells_per_rank 4 -sim_slots 60 -policy exhaustive"
  "ceerandom|2|$CEE -sim_cells_per_rank 4 -sim_slots 300 -policy random -cloud_cpu_frequency 2e9 -cloud_flops_per_cycle 1000 -cloud_queue_max 12"
  "scenario1|1|-options_file $in/drlh-cloud.opts -options_file $in/drlh-scenario1.opts -sim_slots 400 -policy drlh"
)
for spec in "${runs[@]}"; do
  IFS='|' read -r name ranks args <<< "$spec"
  sums=()
  for which in old new; do
    exe=$old; [ $which = new ] && exe=$new
    # shellcheck disable=SC2086
    text=$("${mpi[@]}" -n "$ranks" "$exe" $args -output_file "$work/$name-$which.h5" -output_overwrite 2>&1)
    rc=$?
    [ $rc -eq 0 ] || { echo "FAIL $name: $which exited $rc: $(printf '%s\n' "$text" | tail -n 3)"; failures=$((failures + 1)); continue 2; }
    sums+=("$(printf '%s\n' "$text" | awk '/checksum/{print $2}')")
  done
  same=yes
  [ "${sums[0]}" = "${sums[1]}" ] || same=no
  # every dataset of the result groups, bit for bit (attributes such as
  # descriptions may change; the numbers may not)
  /usr/bin/python3 - "$work/$name-old.h5" "$work/$name-new.h5" <<'EOF' || same=no
import sys, h5py, numpy as np
a, b = h5py.File(sys.argv[1], "r"), h5py.File(sys.argv[2], "r")
def walk(f, g):
    out = {}
    if g in f:
        f[g].visititems(lambda n, o: out.__setitem__(g + "/" + n, o) if isinstance(o, h5py.Dataset) else None)
    return out
bad = 0
for g in ("cells", "cloud", "bcd", "drlh", "policy"):
    da, db = walk(a, g), walk(b, g)
    for n in sorted(set(da) | set(db)):
        if n not in da or n not in db:
            print(f"  {n} only in one file"); bad += 1; continue
        x, y = da[n][()], db[n][()]
        if x.dtype != y.dtype or np.shape(x) != np.shape(y) or np.asarray(x).tobytes() != np.asarray(y).tobytes():
            print(f"  {n} differs"); bad += 1
sys.exit(1 if bad else 0)
EOF
  if [ $same = yes ]; then echo "same $name (checksum ${sums[0]})"
  else echo "DIFFERENT $name (checksums ${sums[0]} ${sums[1]})"; failures=$((failures + 1)); fi
done
[ $failures -eq 0 ] || { echo "$failures run(s) differ"; exit 1; }
echo "all runs identical"
