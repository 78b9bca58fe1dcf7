# Shared helpers for semec's shell tests (sourced).  ctest sets SEMEC,
# SEMEC_MPIEXEC, SEMEC_SOURCE, SEMEC_PYTHON and H5DIFF.
set -u
: "${SEMEC:?run through ctest}" "${SEMEC_MPIEXEC:?}" "${SEMEC_SOURCE:?}"
DEFAULT_OPTS="$SEMEC_SOURCE/inputs/default.opts"
failures=0
# ctest runs each system test in a scratch directory of its own (tests/work/NAME
# in the build tree): start from an empty one
case "$PWD" in */tests/work/*) rm -f -- ./*.h5 ./*.out ./*.csv ;; esac

fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }

# run_semec RANKS ARGS...: runs semec, output in $out_text, exit code in $rc
run_semec() {
  local ranks=$1; shift
  out_text=$($SEMEC_MPIEXEC -n "$ranks" "$SEMEC" "$@" 2>&1)
  rc=$?
}

# checksum line of the last run
checksum() { printf '%s\n' "$out_text" | awk '/checksum/{print $2}'; }

finish() {
  if [ "$failures" -ne 0 ]; then echo "$failures failure(s)" >&2; exit 1; fi
  echo "all checks passed"
}
