# A run stopped by a signal leaves a result file that h5py opens, with every
# completed output interval readable.
#  SIGTERM (through mpiexec, 2 ranks): the ranks agree to stop at the next
#    interval, write it, set status "aborted" and exit non-zero.
#  SIGKILL (no chance to clean up): the file still opens, status "running",
#    and the first /run/slots_written rows hold data (no fill values).
# Each signal is sent once the run has written its first interval (polled
# from the file itself), never after a fixed sleep: creating the file can
# take seconds on a busy machine, and a signal before the slot loop tests
# something else (issue 13).
source "$(dirname "$0")/lib.sh"
long=(-options_file "$DEFAULT_OPTS" -sim_slots 200000 -output_interval 20)

# wait_written FILE PID: until FILE's /run/slots_written is positive (the run
# is in its slot loop and an interval is on disk), or the run ended, or 5 min
wait_written() {
  local i
  for i in $(seq 1 3000); do
    kill -0 "$2" 2>/dev/null || return 1
    HDF5_USE_FILE_LOCKING=FALSE "$SEMEC_PYTHON" -c "import h5py,sys; sys.exit(0 if int(h5py.File(sys.argv[1], 'r')['run/slots_written'][()]) > 0 else 1)" \
      "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

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
wait_written term.h5 "$pid" || fail "SIGTERM: the run wrote no interval (or ended) before the signal"
kill -TERM "$pid"
wait "$pid"; rc=$?
[ "$rc" -ne 0 ] || fail "SIGTERM: exit code 0"
grep -q "ABORTED by signal" term.out || fail "SIGTERM: summary does not say the run was aborted"
check_file term.h5 aborted

# SIGKILL (a singleton rank, so the signal reaches semec itself)
rm -f kill.h5
"$SEMEC" "${long[@]}" -sim_cells_per_rank 4 -output_file kill.h5 > kill.out 2>&1 &
pid=$!
wait_written kill.h5 "$pid" || fail "SIGKILL: the run wrote no interval (or ended) before the signal"
kill -KILL "$pid"
wait "$pid" 2>/dev/null
check_file kill.h5 running
finish
