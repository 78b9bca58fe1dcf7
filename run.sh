#!/usr/bin/env bash
# Runs a scenario: installs what is missing, builds, runs semec under MPI
# with the rank count the options file asks for, prints the summary and the
# path of the HDF5 result.
#   ./run.sh                                   default scenario (inputs/default.opts)
#   ./run.sh inputs/X.opts [-option value ...] another scenario, with overrides
# Results go to results/<scenario>-<date-time>.h5 unless -output_file is given.
set -euo pipefail
top=$(cd "$(dirname "$0")" && pwd)
opts=${1:-$top/inputs/default.opts}
[ $# -gt 0 ] && shift
[ -r "$opts" ] || { echo "run.sh: cannot read options file $opts" >&2; exit 2; }
"$top/scripts/build.sh"

# ranks = cells / cells_per_rank, from the command line or the options file
value() { # last value of option $1 in the overrides, else in the file
  local v
  v=$(printf '%s\n' "$@" | awk -v o="$1" 'p{print; p=0} $0==o{p=1}' | tail -n 1)
  [ -n "$v" ] || v=$(awk -v o="$1" '$1==o{print $2}' "$opts" | tail -n 1)
  echo "$v"
}
cells=$(value -sim_cells "$@"); cpr=$(value -sim_cells_per_rank "$@")
cells=${cells:-1}; cpr=${cpr:-1}
ranks=$((cells / cpr))
out=()
if ! printf '%s\n' "$@" | grep -qx -- -output_file; then
  mkdir -p "$top/results"
  out=(-output_file "$top/results/$(basename "$opts" .opts)-$(date +%Y%m%d-%H%M%S).h5")
fi
mpi=(mpiexec -n "$ranks")
[ "$(id -u)" -eq 0 ] && mpi+=(--allow-run-as-root)
[ "$ranks" -gt "$(nproc)" ] && mpi+=(--oversubscribe)
exec "${mpi[@]}" "$top/build/semec" -options_file "$opts" "${out[@]}" "$@"
