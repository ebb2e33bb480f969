#!/usr/bin/env bash
# Runs the whole test suite (GoogleTest via CTest) on the tree setup.sh built.
set -euo pipefail
cd "$(dirname "$0")"
ctest --test-dir build --output-on-failure -j "${JOBS:-2}" "$@"
