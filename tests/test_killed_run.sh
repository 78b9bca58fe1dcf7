# A run stopped by a signal leaves a result file that h5py opens, with every
# completed output interval readable.
#  SIGTERM (through mpiexec, 2 ranks): the ranks agree to stop at the next
#    interval, write it, set status "aborted" and exit non-zero.
#  SIGKILL (no chance to clean up): the file still opens, status "running",
#    and the first /run/slots_written rows hold data (no fill values).
source "$(dirname "$0")/lib.sh"
long=(-options_file "$DEFAULT_OPTS" -sim_slots 1000000 -output_interval 20)

check_file() { # FILE STATUS
  HDF5_USE_FILE_LOCKING=FALSE "$SEMEC_PYTHON" - "$1" "$2" <<'PY' || fail "$1: h5py check failed"
import sys, h5py, numpy as np
path, status = sys.argv[1], sys.argv[2]
with h5py.File(path, "r") as f:
    n = int(f["run/slots_written"][()])
    assert f.attrs["status"] == status, f"status {f.attrs['status']!r}, expected {status!r}"
    assert n > 0 and n % 20 == 0, f"slots_written {n} is not a positive multiple of the interval"
    for name in ("energy", "backlog", "served", "arrived"):
        rows = f["cells/" + name][:n]
        assert not np.isnan(rows).any(), f"fill values in the first {n} rows of /cells/{name}"
    assert (f["cloud/backlog"][:n] >= 0).all()
    arrived = f["cells/arrived"][:n].sum()
    done = f["cells/served"][:n].sum() + f["cells/dropped"][:n].sum() + f["cells/backlog"][n - 1].sum()
    assert arrived == done, f"conservation in the readable rows: {arrived} != {done}"
    print(f"{path}: status {status}, {n} slots readable")
PY
}

# SIGTERM
rm -f term.h5
$SEMEC_MPIEXEC -n 2 "$SEMEC" "${long[@]}" -output_file term.h5 > term.out 2>&1 &
pid=$!
for i in $(seq 1 100); do [ -s term.h5 ] && break; sleep 0.1; done
sleep 2
kill -TERM "$pid"
wait "$pid"; rc=$?
[ "$rc" -ne 0 ] || fail "SIGTERM: exit code 0"
grep -q "ABORTED by signal" term.out || fail "SIGTERM: summary does not say the run was aborted"
check_file term.h5 aborted

# SIGKILL (a singleton rank, so the signal reaches semec itself)
rm -f kill.h5
"$SEMEC" "${long[@]}" -sim_cells_per_rank 4 -output_file kill.h5 > kill.out 2>&1 &
pid=$!
for i in $(seq 1 100); do [ -s kill.h5 ] && break; sleep 0.1; done
sleep 2
kill -KILL "$pid"
wait "$pid" 2>/dev/null
check_file kill.h5 running
finish
