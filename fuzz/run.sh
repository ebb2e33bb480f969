#!/usr/bin/env bash
# Builds the fuzz targets (clang, libFuzzer + ASan + UBSan, ccache) into build-fuzz/ and
# runs each for a bounded time from its corpus in fuzz/corpus/<name>. Fails on the first
# crash, leak or sanitizer report (the input is left as build-fuzz/crash-*).
#   fuzz/run.sh                 # every target, FUZZ_SECONDS (default 60) each
#   FUZZ_SECONDS=600 fuzz/run.sh lmm_answer
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${FUZZ_BUILD_DIR:-$root/build-fuzz}"
seconds="${FUZZ_SECONDS:-60}"

CC=clang CXX=clang++ cmake -S "$root/fuzz" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null
cmake --build "$build" -j "${JOBS:-2}"

mapfile -t targets < <(if (($#)); then printf '%s\n' "$@"; else grep -v '^$' "$build/fuzzers.txt"; fi)
for name in "${targets[@]}"; do
  # New inputs go to a scratch folder: the corpus in the repo stays the small seeds.
  found="$build/found/$name"
  mkdir -p "$found"
  echo "fuzz: $name for ${seconds} s"
  log="$build/$name.log"
  if ! (cd "$build" && "./${name}_fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
          -print_final_stats=1 "$found" "$root/fuzz/corpus/$name") > "$log" 2>&1; then
    tail -n 60 "$log"
    echo "fuzz: $name FAILED (crashing input: $(ls "$build"/crash-* "$build"/leak-* "$build"/timeout-* 2>/dev/null | head -1))" >&2
    exit 1
  fi
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  echo "fuzz: $name ok: $runs runs in ${seconds} s ($((runs / seconds)) exec/s), corpus $(ls "$found" | wc -l) new inputs"
done
