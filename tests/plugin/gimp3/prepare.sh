#!/usr/bin/env bash
# prepare.sh BINARY_DIR: everything the GIMP 3 tests need, made once and reused:
#   the Debian 13 root (trixie_root.sh, cached outside the clone),
#   versus-gimp3 built inside it into BINARY_DIR/gimp3-trixie (VERSUS_PLUGINS_ONLY: the
#     engine and the plug-ins, no LibTorch; its own ccache beside the root),
#   a GIMP 3 profile with GIMP's first start done (BINARY_DIR/gimp3-trixie/profile-template).
# Prints the root's path. Exit 77 (the tests' "skipped") with the reason when the root
# cannot be made here; any other failure is the tests' failure.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source_dir="$(cd "$here/../../.." && pwd)"
binary_dir="$(cd "$1" && pwd)"
build="$binary_dir/gimp3-trixie"

root="$("$here/trixie_root.sh")" || exit $?
mkdir -p "$build"
exec 9> "$build/.prepare.lock"
flock 9  # parallel tests wait for one builder
template="$build/profile-template"
"$here/in_trixie.sh" "$root" "$build" "
  set -e
  cmake -S '$source_dir' -B '$build' -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DVERSUS_PLUGINS_ONLY=ON \
    > '$build/configure.log'
  cmake --build '$build' --target versus-gimp3 -j ${JOBS:-2}
  if [ ! -f '$template/ready' ]; then
    rm -rf '$template'
    GIMP3_DIRECTORY='$template' gimp-console-3.0 -i --quit --batch-interpreter=plug-in-script-fu-eval -b '(gimp-quit 0)' > '$build/first-start.log' 2>&1
    touch '$template/ready'
  fi" >&2
echo "$root"
