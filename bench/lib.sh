# Shared by the benchmark scripts (sourced): builds semec, sets $top, a
# scratch directory $work removed on exit, the MPI launcher ${mpi[@]}, and
# two helpers.
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$top/scripts/build.sh" >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mpi=(mpiexec)
[ "$(id -u)" -eq 0 ] && mpi+=(--allow-run-as-root)

# event NAME LOG: "time (s, max over ranks) count" of a -log_view event, "0 0" if absent
event() { awk -v e="$1" '$1==e{print $4, $2; f=1} END{if(!f) print 0, 0}' "$2"; }
event_time() { event "$1" "$2" | cut -d" " -f1; }
# the machine line every table starts with
machine() { echo "Machine: $(nproc) cores, $(lscpu | awk -F: '/Model name/{gsub(/^ +/,"",$2); print $2}'), $(date -u +%Y-%m-%d)"; }
