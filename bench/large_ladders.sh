#!/usr/bin/env bash
# Damage a 24 MP photo can hide from a 512 px view: how often `versus compare` prefers
# each large photo to its copies blurred at native size (Gaussian sigma 0.6, 1, 2 px)
# or saved at JPEG quality 20, and by what mean overall margin (log-odds), per kind.
# The photos are the throughput bench's (Kodak upscaled to 6000x4000, JPEG q90), so
# they are soft at native size already: small margins are expected; the order is the point.
#
# usage: bench/large_ladders.sh [JUDGE...]   (default: learned)
#   LARGE: folder of large01.jpg...  (default /tmp/versus-bench-large; made by
#   build/bin/versus-bench-throughput); VERSUS: the binary (default build/bin/versus).
# Needs libvips-tools (vips) and python3. Damaged copies are kept in $OUT.
set -euo pipefail
LARGE=${LARGE:-/tmp/versus-bench-large}
VERSUS=${VERSUS:-build/bin/versus}
OUT=${OUT:-/tmp/versus-large-ladders}
JUDGES=("${@:-learned}")
PHOTOS=(01 03 05 07 09 11 13 15)
[ -f "$LARGE/large15.jpg" ] || { echo "no $LARGE/large15.jpg: run build/bin/versus-bench-throughput first" >&2; exit 1; }
mkdir -p "$OUT"
for i in "${PHOTOS[@]}"; do
  src=$LARGE/large$i.jpg
  [ -f "$OUT/blur0.6_$i.jpg" ] || vips gaussblur "$src" "$OUT/blur0.6_$i.jpg[Q=90]" 0.6
  [ -f "$OUT/blur1_$i.jpg" ] || vips gaussblur "$src" "$OUT/blur1_$i.jpg[Q=90]" 1.0
  [ -f "$OUT/blur2_$i.jpg" ] || vips gaussblur "$src" "$OUT/blur2_$i.jpg[Q=90]" 2.0
  [ -f "$OUT/jpeg20_$i.jpg" ] || vips copy "$src" "$OUT/jpeg20_$i.jpg[Q=20]"
done
for judge in "${JUDGES[@]}"; do
  echo "judge $judge ($VERSUS), ${#PHOTOS[@]} photos:"
  for kind in blur0.6 blur1 blur2 jpeg20; do
    for i in "${PHOTOS[@]}"; do
      "$VERSUS" compare "$LARGE/large$i.jpg" "$OUT/${kind}_$i.jpg" --judge "$judge" --json > "$OUT/verdict_${judge}_${kind}_$i.json"
    done
    # The overall margin, signed: > 0 when the original (large*.jpg) is preferred.
    python3 - "$kind" "$OUT"/verdict_"${judge}"_"${kind}"_*.json <<'PY'
import json, os, sys
kind, files = sys.argv[1], sys.argv[2:]
signed = []
for f in files:
    overall = [x for x in json.load(open(f))["dimensions"] if x["name"] == "overall"][0]
    original = os.path.basename(overall["winner"] or "").startswith("large")
    signed.append(overall["margin"] if original else -overall["margin"])
right = sum(m > 0 for m in signed)
print(f"  {kind:8s} original preferred {right}/{len(signed)}, mean overall margin {sum(signed) / len(signed):+.4f}")
PY
  done
done
