#!/usr/bin/env bash
# Runs the whole test suite (GoogleTest via CTest) on the tree setup.sh built, then (run
# without arguments) the engine and sorting tests under AddressSanitizer + UBSan
# (tests/sanitize.sh, its own build-asan/; SANITIZE=0 skips) and each fuzz target for
# FUZZ_SECONDS (fuzz/run.sh; FUZZ_SECONDS=0 skips).
set -euo pipefail
cd "$(dirname "$0")"
ctest --test-dir build --output-on-failure -j "${JOBS:-2}" "$@"
if (($# == 0)) && [ "${SANITIZE:-1}" != 0 ]; then
  tests/sanitize.sh
fi
if (($# == 0)) && [ "${FUZZ_SECONDS:-45}" != 0 ]; then
  FUZZ_SECONDS="${FUZZ_SECONDS:-45}" fuzz/run.sh
fi
