#!/usr/bin/env bash
# Builds the engine and sorting test suites with AddressSanitizer + UndefinedBehaviorSanitizer
# (g++, -DVERSUS_SANITIZE=address,undefined) into build-asan/ and runs them; any report
# (heap/stack overflow, use after free, leak, signed overflow, bad shift, misaligned or
# null access, ...) fails the run. tests/sanitize.sh [ctest args] (not yet called by ./test.sh).
# Only those two suites: the CLI, plug-in and LibTorch tests run other processes (versus,
# GIMP) or dlopen() the learned judge, whose LibTorch is not built with the sanitizers.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${SANITIZE_BUILD_DIR:-$root/build-asan}"
jobs="${JOBS:-2}"

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DVERSUS_SANITIZE=address,undefined \
  -DVERSUS_BUILD_BENCH=OFF > /dev/null
cmake --build "$build" -j "$jobs" --target engine_tests versus-sorting-tests

# halt_on_error: the first report ends the test (and fails it); leaks are reports too.
export ASAN_OPTIONS="halt_on_error=1:abort_on_error=0:detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
# Tests of the targets not built here are registered as <target>_NOT_BUILT: left out.
ctest --test-dir "$build" --output-on-failure -j "$jobs" -E '_NOT_BUILT$' "$@"
