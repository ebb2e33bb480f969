#!/usr/bin/env bash
# Size and time of `versus report`'s page for large shoots: N distinct real photos
# (symlinks to ../shared/data: the horses-dev shoot, then clive-dev, then biq2021-train),
# the time `versus report` takes to write the page, its size, and how long headless
# Chromium takes to parse it and fire `load` (navigation timing, read by a script
# appended to a copy of the page).
#   bench/report_bench.sh [VERSUS] [COUNTS] [JUDGE]   (defaults: build/bin/versus, "600 2000", features)
# Needs Debian's chromium and /usr/bin/time.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
versus="$(realpath "${1:-$root/build/bin/versus}")"
counts="${2:-600 2000}"
judge="${3:-features}"
data="$root/../shared/data"
work="${BENCH_DIR:-/tmp/versus-report-bench}"
mkdir -p "$work"

photos() {  # photos N DIR: N symlinks to distinct photos
  local n="$1" dir="$2" i=0
  rm -rf "$dir" && mkdir -p "$dir"
  for f in "$data"/bursts/horses-dev/images/*.jpg "$data"/mos/clive-dev/images/* "$data"/mos/biq2021-train/images/*; do
    [ "$i" -lt "$n" ] || break
    ln -s "$f" "$dir/$(printf '%05d' "$i")-$(basename "$f")"
    i=$((i + 1))
  done
  [ "$i" -eq "$n" ] || { echo "only $i photos found under $data" >&2; exit 3; }
}

load_time() {  # load_time PAGE: DOMContentLoaded and load in ms, and the chromium wall time
  local copy="$work/timed.html"
  sed 's#</body></html>#<script>addEventListener("load",function(){setTimeout(function(){var t=performance.getEntriesByType("navigation")[0];var p=document.createElement("pre");p.id="timing";p.textContent="domcontentloaded "+Math.round(t.domContentLoadedEventEnd)+" ms, load "+Math.round(t.loadEventEnd)+" ms";document.body.appendChild(p)},0)})</script></body></html>#' "$1" > "$copy"
  local start end
  start=$(date +%s.%N)
  chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
    --disable-sync --no-first-run --user-data-dir="$work/profile-$RANDOM" --window-size=1280,900 \
    --dump-dom "file://$copy" 2> /dev/null > "$work/dom.html"
  end=$(date +%s.%N)
  printf '%s; chromium start to DOM dump %.1f s' "$(grep -o 'domcontentloaded [0-9]* ms, load [0-9]* ms' "$work/dom.html")" \
    "$(awk "BEGIN{print $end - $start}")"
}

for n in $counts; do
  photos "$n" "$work/photos-$n"
  page="$work/report-$n.html"
  /usr/bin/time -f '%e %M' -o "$work/time.txt" "$versus" report "$work/photos-$n" -o "$page" --judge "$judge" \
    > /dev/null 2> "$work/err.txt" || true
  read -r wall kb < "$work/time.txt"
  size=$(stat -c %s "$page")
  printf '%5d photos (--judge %s): versus report %6.1f s, peak %4d MiB; page %5.1f MB (%d bytes/photo); %s\n' \
    "$n" "$judge" "$wall" $((kb / 1024)) "$(awk "BEGIN{print $size / 1000000}")" $((size / n)) "$(load_time "$page")"
  grep -v '^versus: ' "$work/err.txt" | tail -1
done
