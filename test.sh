#!/usr/bin/env bash
# Runs the whole test suite: installs what is missing, builds, runs ctest.
set -euo pipefail
top=$(cd "$(dirname "$0")" && pwd)
"$top/scripts/build.sh"
cd "$top/build"
ctest --output-on-failure -j "$(nproc)" "$@"
