#!/usr/bin/env bash
# trixie_root.sh: makes (once) and checks a Debian 13 "trixie" root with GIMP 3.0 and what
# versus-gimp3 needs to build, for the GIMP 3 plug-in tests (Debian 12 has no GIMP 3).
# Prints the root's path. Kept between runs in VERSUS_TRIXIE_ROOT (default
# /var/cache/versus/trixie-root, outside the clone); remade when the package list below
# changes or a previous attempt did not finish. Exit 77 (the tests' "skipped") with the
# reason on stderr when it cannot be made here: not root, no mmdebstrap, no network.
set -uo pipefail

ROOT="${VERSUS_TRIXIE_ROOT:-/var/cache/versus/trixie-root}"
MIRROR="${VERSUS_TRIXIE_MIRROR:-http://deb.debian.org/debian}"
# Build (compiler, engine libraries, libgimp 3) and run (gimp, an X server, a screenshot).
PACKAGES="g++ cmake ninja-build pkg-config ccache
  libopencv-dev libopencv-contrib-dev opencv-data libvips-dev libexiv2-dev libraw-dev libcurl4-openssl-dev nlohmann-json3-dev
  libgimp-3.0-dev gimp python3-gi xvfb xauth x11-utils imagemagick"
STAMP="$ROOT/.versus-root-ready"
WANTED="trixie $(echo $PACKAGES)"

skip() { echo "trixie_root: SKIPPED: $*" >&2; exit 77; }

if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$WANTED" ] && [ -x "$ROOT/usr/bin/gimp-console-3.0" ]; then
  echo "$ROOT"
  exit 0
fi
[ "$(id -u)" -eq 0 ] || skip "making a Debian root needs root (chroot, mounts)"
command -v mmdebstrap > /dev/null || skip "mmdebstrap is not installed (setup.sh installs it)"
curl -fsS -o /dev/null --max-time 20 "$MIRROR/dists/trixie/Release" ||
  skip "the Debian archive ($MIRROR) cannot be reached"

mkdir -p "$(dirname "$ROOT")"
exec 9> "$ROOT.lock"
flock 9  # parallel tests wait for one maker
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$WANTED" ]; then echo "$ROOT"; exit 0; fi
rm -rf "$ROOT" "$ROOT.partial"
echo "trixie_root: making $ROOT from $MIRROR (minutes, once)" >&2
# No recommends, no documentation: the smallest root that builds and runs the plug-in.
if ! mmdebstrap --variant=apt --mode=root --aptopt='APT::Install-Recommends "false"' \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-include=/usr/share/locale/locale.alias' \
    --include="$(echo $PACKAGES | tr ' ' ',')" trixie "$ROOT.partial" "$MIRROR" >&2; then
  rm -rf "$ROOT.partial"
  skip "mmdebstrap could not make the root (see its output above)"
fi
mv "$ROOT.partial" "$ROOT"
echo "$WANTED" > "$STAMP"
echo "$ROOT"
