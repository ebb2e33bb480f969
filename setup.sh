#!/usr/bin/env bash
# Installs every dependency from Debian packages, then configures and builds versus
# into build/ (the executable is build/bin/versus). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")"

PACKAGES=(g++ cmake ninja-build pkg-config ccache
  libgtest-dev libgmock-dev libtorch-dev libopencv-dev libopencv-contrib-dev opencv-data
  libvips-dev libjpeg-dev libexiv2-dev libraw-dev libcurl4-openssl-dev libboost-program-options-dev nlohmann-json3-dev
  libimage-exiftool-perl libgimp2.0-dev gimp gtk2-engines-pixbuf xvfb xauth x11-utils imagemagick
  clang libclang-rt-14-dev  # fuzz/ (libFuzzer), run by test.sh
  time libvips-tools        # bench/: peak memory (/usr/bin/time -v), synthetic photos (vips)
  mmdebstrap                # tests/plugin/gimp3: a Debian 13 root with GIMP 3 (Debian 12 has none)
  chromium)                 # tests/cli: `versus report`'s page opened in a real browser

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
if ! dpkg-query -W -f='${Status}\n' "${PACKAGES[@]}" 2>/dev/null | grep -qv "install ok installed" &&
   [ "$(dpkg-query -W -f='${Status}\n' "${PACKAGES[@]}" 2>/dev/null | wc -l)" -eq "${#PACKAGES[@]}" ]; then
  echo "setup: all ${#PACKAGES[@]} Debian packages already installed"
else
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${PACKAGES[@]}"
fi

JOBS="${JOBS:-2}"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j "$JOBS"
echo "setup: built build/bin/versus"
