#!/usr/bin/env bash
# Two judges on a real shoot: the wall time and peak memory of `versus rank` and of
# `versus cull --json` over every frame of FOLDER with each judge, and in how many
# bursts (groups of two or more frames) the two judges keep the same frame.
#
# usage: bench/cull_judges.sh JUDGE_A JUDGE_B [FOLDER] [JOBS]
#   FOLDER defaults to ../shared/data/bursts/horses-dev/images (621 frames), JOBS to
#   every core. VERSUS_A / VERSUS_B name the binary for each judge (default
#   build/bin/versus for both), so an old build's judge can face a new one's.
# Needs /usr/bin/time (package `time`) and python3. The JSON of each cull is kept in
# $OUT (default /tmp/versus-cull-judges) for a closer look.
set -euo pipefail
[ $# -ge 2 ] || { sed -n '2,12p' "$0"; exit 1; }
JUDGE_A=$1 JUDGE_B=$2
FOLDER=${3:-../shared/data/bursts/horses-dev/images}
JOBS=${4:-$(nproc)}
VERSUS_A=${VERSUS_A:-build/bin/versus}
VERSUS_B=${VERSUS_B:-build/bin/versus}
OUT=${OUT:-/tmp/versus-cull-judges}
mkdir -p "$OUT"

# Runs `versus ARGS` under /usr/bin/time: stdout to FILE, prints "wall s, peak MiB".
timed() {
  local file=$1; shift
  /usr/bin/time -f '%e %M' -o "$OUT/time" "$@" > "$file" 2> "$OUT/stderr" || {
    local rc=$?
    # cull and rank exit 2 when some inputs failed but the rest were judged
    [ $rc -eq 2 ] || { cat "$OUT/stderr" >&2; echo "failed ($rc): $*" >&2; exit 1; }
  }
  tail -1 "$OUT/time" | awk '{printf "%7.1f s  peak %5.0f MiB", $1, $2 / 1024}'
}

echo "folder $FOLDER ($(find "$FOLDER" -maxdepth 1 -type f | wc -l) files), --jobs $JOBS, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for side in A B; do
  judge_var=JUDGE_$side versus_var=VERSUS_$side
  judge=${!judge_var} versus=${!versus_var}
  echo "judge $side: $judge ($versus)"
  echo "  rank: $(timed "$OUT/rank_$side.json" "$versus" rank "$FOLDER" --json --judge "$judge" --jobs "$JOBS")"
  echo "  cull: $(timed "$OUT/cull_$side.json" "$versus" cull "$FOLDER" --json --judge "$judge" --jobs "$JOBS")"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$OUT/cull_A.json" "$OUT/cull_B.json" <<'EOF'
import json, sys
# A group is known by its members (grouping does not depend on the judge); its keeper
# is the first of `keep`.
def keepers(path):
    doc = json.load(open(path))
    return {frozenset(g["members"]): g["keep"][0] if g["keep"] else None for g in doc["groups"]}
a, b = keepers(sys.argv[1]), keepers(sys.argv[2])
bursts = [m for m in a if len(m) > 1]
same = sum(1 for m in bursts if m in b and a[m] == b[m])
unmatched = sum(1 for m in bursts if m not in b)
print(f"bursts (groups of 2+ frames): {len(bursts)}; same keeper: {same} ({100 * same / max(1, len(bursts)):.1f}%)"
      + (f"; {unmatched} grouped differently by the two runs" if unmatched else ""))
print(f"single frames: {sum(1 for m in a if len(m) == 1)}")
EOF
