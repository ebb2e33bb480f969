#!/usr/bin/env bash
# Builds the engine and sorting libraries and their test suites with AddressSanitizer +
# UndefinedBehaviorSanitizer (g++, -DVERSUS_SANITIZE=address,undefined, -O1) into build-asan/
# and runs them; any report (heap/stack overflow, use after free, leak, signed overflow, bad
# shift, misaligned or null access, ...) fails the run. Called by ./test.sh after ctest;
#   tests/sanitize.sh [ctest args]      # e.g. -R Ranker
# Only those two suites: the CLI, plug-in and LibTorch tests run other processes (versus,
# GIMP) or dlopen() the learned judge, whose LibTorch is not built with the sanitizers.
# Lean for CI's 2 cores: its own build folder (ccache), only the two test executables and
# what they link (versus_engine, versus_sorting), -O1 and assertions on (not NDEBUG).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${SANITIZE_BUILD_DIR:-$root/build-asan}"
jobs="${JOBS:-2}"
start=$SECONDS

# Debug with -O1: the sanitizers' usual level (a fifth of -O0's run time, stacks still exact);
# _GLIBCXX_ASSERTIONS adds the standard library's bounds checks (operator[], front(), ...).
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g -D_GLIBCXX_ASSERTIONS" \
  -DVERSUS_SANITIZE=address,undefined -DVERSUS_BUILD_BENCH=OFF > /dev/null
cmake --build "$build" -j "$jobs" --target engine_tests versus-sorting-tests
built=$SECONDS

# halt_on_error: the first report ends the test (and fails it); leaks are reports too.
export ASAN_OPTIONS="halt_on_error=1:abort_on_error=0:detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
# Tests of the targets not built here are registered as <target>_NOT_BUILT: left out, and so
# is gimp3_prepare (a plain add_test, not a test executable: it makes the GIMP 3 root).
status=0
ctest --test-dir "$build" --output-on-failure -j "$jobs" -E '_NOT_BUILT$|^gimp3_prepare$' "$@" || status=$?
echo "sanitize: build $((built - start)) s, tests $((SECONDS - built)) s ($([ $status = 0 ] && echo clean || echo FAILED))"
exit $status
