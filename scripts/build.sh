#!/usr/bin/env bash
# Installs missing Debian packages, then configures and builds semec in
# build/ (or $SEMEC_BUILD_DIR).  Extra arguments go to cmake's configure step,
# e.g. scripts/build.sh -DSEMEC_SANITIZE=ON.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${SEMEC_BUILD_DIR:-$top/build}
"$top/scripts/setup.sh"
cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE="${SEMEC_BUILD_TYPE:-Release}" "$@" > "$build.configure.log" 2>&1 ||
  { cat "$build.configure.log"; exit 1; }
cmake --build "$build" -j "$(nproc)" 2>&1 | grep -E "warning|error|Error" || true
test -x "$build/semec" || { echo "build failed: $build/semec missing" >&2; exit 1; }
