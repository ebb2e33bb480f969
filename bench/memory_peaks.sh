#!/usr/bin/env bash
# Peak memory (maximum resident set size, /usr/bin/time -v) of versus on the inputs
# issue 17 found unbounded: a 657 KB interlaced 15000x15000 PNG, a 300 MB model-server
# reply, and `rank` with the default judge over many 6000x4000 JPEGs made from Kodak.
#   bench/memory_peaks.sh [VERSUS] [JPEG_COUNT]    (defaults: build/bin/versus, 200)
# Needs Debian packages time, libvips-tools (vips) and python3 (the fake server).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
versus="$(realpath "${1:-$root/build/bin/versus}")"
count="${2:-200}"
work="${BENCH_DIR:-/tmp/versus-memory-bench}"
mkdir -p "$work/jpegs"
cd "$work"

peak() {  # peak NAME COMMAND...: prints NAME, exit status, peak RSS in MiB, wall time
  local name="$1" status=0
  shift
  /usr/bin/time -v -o time.txt "$@" > out.txt 2> err.txt || status=$?
  local kb=$(grep 'Maximum resident set size' time.txt | grep -o '[0-9]*$')
  local wall=$(grep 'Elapsed (wall clock)' time.txt | awk '{print $NF}')
  printf '%-44s exit %d  peak %6d MiB  wall %s  %s\n' "$name" "$status" $((kb / 1024)) "$wall" "$(head -c 160 err.txt | tr '\n' ' ')"
}

[ -f interlaced.png ] || { vips black black.v 15000 15000 --bands 3 && vips pngsave black.v interlaced.png --interlace --compression 9 && rm black.v; }
[ -f small.png ] || vips black small.png 640 480 --bands 3
peak "interlaced 15000x15000 PNG (rank, features)" "$versus" rank interlaced.png small.png --judge features --json

# A server whose 200 reply is 300 MB of JSON (one long answer).
cat > big_reply_server.py <<'PY'
import http.server, sys
class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        head, tail = b'{"choices":[{"message":{"content":"second, first\\n', b'"}}]}'
        size = 300 * 1000 * 1000
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(head) + size + len(tail)))
        self.end_headers()
        try:
            self.wfile.write(head)
            chunk = b"x" * (1 << 20)
            for _ in range(size // len(chunk)): self.wfile.write(chunk)
            self.wfile.write(b"x" * (size % len(chunk)) + tail)
        except (BrokenPipeError, ConnectionResetError):
            pass
    def log_message(self, *args): pass
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
PY
port=$((20000 + RANDOM % 20000))
python3 big_reply_server.py "$port" & server=$!
trap 'kill $server 2>/dev/null || true' EXIT
sleep 1
cp small.png small2.png && vips invert small.png small2.png
rm -rf "$work/cache"  # the answer must come from the server, not from an earlier run
XDG_CACHE_HOME="$work/cache" peak "300 MB model reply (compare, lmm)" "$versus" compare small.png small2.png \
  --judge lmm --server "http://127.0.0.1:$port/v1" --lmm-retries 0 --json
kill $server

kodak="$root/../shared/data/photos/kodak24"
existing=$(ls jpegs | wc -l)
for ((i = existing; i < count; i++)); do
  src=$(ls "$kodak"/*.png | sed -n "$((i % 24 + 1))p")
  # 6000x4000 (portrait frames stretched), quality varied so no two files are the same.
  vips thumbnail "$src" "jpegs/$(printf '%04d' "$i").jpg[Q=$((86 + i % 10))]" 6000 --height 4000 --size force
done
peak "rank $count 6000x4000 JPEGs (default judge)" "$versus" rank jpegs --json
