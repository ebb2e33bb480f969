#!/usr/bin/env bash
# Size and time of `versus report`'s page for large shoots: N distinct real photos
# (symlinks to ../shared/data: the horses-dev shoot, then clive-dev, then biq2021-train),
# the time `versus report` takes to write the page, its size, and how long headless
# Chromium takes to parse it (DOMContentLoaded), paint, show the first picture and fire
# `load` (navigation and paint timing, read by a script appended to a copy of the page).
# The machine's load average is printed with each line: other work slows every figure.
# PAGE_ONLY=1 times the pages already in $BENCH_DIR again without running versus;
# EAGER=1 also times a copy with every picture inline in the DOM (report_eager_copy.py:
# the page's first layout), for an A/B under the same load.
#   bench/report_bench.sh [VERSUS] [COUNTS] [JUDGE]   (defaults: build/bin/versus, "600 2000", features)
# Needs Debian's chromium and /usr/bin/time.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
versus="$(realpath -m "${1:-$root/build/bin/versus}")"
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

# Appended to a copy of the page: navigation and paint timing, and when the first card's
# picture (given by the page's script as the card comes into view) has decoded.
timing_js='<script>(function(){var pic=null;function watch(){var i=document.querySelector("#ranking img[src]");if(i&&i.complete&&i.naturalWidth>0){pic=performance.now();return}requestAnimationFrame(watch)}requestAnimationFrame(watch);addEventListener("load",function(){var t0=performance.now();(function report(){if(pic===null&&performance.now()-t0<10000){setTimeout(report,20);return}var n=performance.getEntriesByType("navigation")[0],f=performance.getEntriesByName("first-contentful-paint")[0];var p=document.createElement("pre");p.id="timing";p.textContent="DOMContentLoaded "+Math.round(n.domContentLoadedEventEnd)+" ms, first paint "+(f?Math.round(f.startTime):"?")+" ms, first picture "+(pic===null?"?":Math.round(pic))+" ms, load "+Math.round(n.loadEventEnd)+" ms";document.body.appendChild(p)})()})})()</script>'

load_time() {  # load_time PAGE: DOMContentLoaded, first contentful paint, first picture, load (ms)
  local copy="$work/timed.html"
  { sed 's#</body></html>$##' "$1"; printf '%s</body></html>\n' "$timing_js"; } > "$copy"
  # --virtual-time-budget keeps chromium open after load until the timing is written; the
  # times are the page's own clock, which runs in real time while the page works.
  chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
    --disable-sync --no-first-run --user-data-dir="$work/profile-$RANDOM" --window-size=1280,900 \
    --virtual-time-budget=15000 --dump-dom "file://$copy" 2> /dev/null > "$work/dom.html"
  grep -o 'DOMContentLoaded [0-9]* ms, first paint [0-9?]* ms, first picture [0-9?]* ms, load [0-9]* ms' "$work/dom.html" ||
    echo "no timing (chromium failed?)"
}

for n in $counts; do
  page="$work/report-$n.html"
  if [ "${PAGE_ONLY:-0}" = 1 ]; then
    printf '%5d photos: page %5.1f MB; %s (load average %s)\n' "$n" "$(awk "BEGIN{print $(stat -c %s "$page") / 1000000}")" \
      "$(load_time "$page")" "$(cut -d' ' -f1-3 /proc/loadavg)"
    if [ "${EAGER:-0}" = 1 ]; then
      "$root/bench/report_eager_copy.py" "$page" "$work/eager-$n.html"
      printf '%5d photos, pictures inline (eager copy): page %5.1f MB; %s (load average %s)\n' "$n" \
        "$(awk "BEGIN{print $(stat -c %s "$work/eager-$n.html") / 1000000}")" "$(load_time "$work/eager-$n.html")" \
        "$(cut -d' ' -f1-3 /proc/loadavg)"
    fi
    continue
  fi
  photos "$n" "$work/photos-$n"
  /usr/bin/time -f '%e %M' -o "$work/time.txt" "$versus" report "$work/photos-$n" -o "$page" --judge "$judge" \
    > /dev/null 2> "$work/err.txt" || true
  read -r wall kb < "$work/time.txt"
  size=$(stat -c %s "$page")
  printf '%5d photos (--judge %s): versus report %6.1f s, peak %4d MiB; page %5.1f MB (%d bytes/photo); %s (load average %s)\n' \
    "$n" "$judge" "$wall" $((kb / 1024)) "$(awk "BEGIN{print $size / 1000000}")" $((size / n)) "$(load_time "$page")" \
    "$(cut -d' ' -f1-3 /proc/loadavg)"
  grep -v '^versus: ' "$work/err.txt" | tail -1
done
