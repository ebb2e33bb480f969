#!/usr/bin/env bash
# in_trixie.sh ROOT WRITABLE_DIR COMMAND: runs `sh -c COMMAND` inside the Debian 13 root
# made by trixie_root.sh, in a private mount namespace (nothing stays mounted after it):
# the source tree and ../shared (test photos) read-only and WRITABLE_DIR (the build
# folder) read-write, each at its own path, so paths mean the same inside and out; a
# private /tmp; ccache's cache kept beside the root. Needs root (it is a test of ours).
set -euo pipefail
root=$1 writable=$2 command=$3
here="$(cd "$(dirname "$0")" && pwd)"
source_dir="$(cd "$here/../../.." && pwd)"
shared_dir="$(cd "$source_dir/.." && pwd)/shared"
ccache_dir="$root.ccache"
mkdir -p "$writable" "$ccache_dir"

exec unshare --mount --propagation private -- /bin/sh -e -c '
root=$1 source_dir=$2 shared_dir=$3 writable=$4 ccache_dir=$5 command=$6
bind() {  # bind FROM [ro]: FROM at the same path inside the root
  mkdir -p "$root$1"
  mount --bind "$1" "$root$1"
  if [ "${2:-}" = ro ]; then mount -o remount,bind,ro "$root$1"; fi
}
mount -t proc proc "$root/proc"
mount --rbind /dev "$root/dev"
mount -t tmpfs tmpfs "$root/tmp"
bind "$source_dir" ro
if [ -d "$shared_dir" ]; then bind "$shared_dir" ro; fi
bind "$writable"
mkdir -p "$root/var/cache/ccache"
mount --bind "$ccache_dir" "$root/var/cache/ccache"
exec chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/tmp LANG=C.UTF-8 \
  CCACHE_DIR=/var/cache/ccache CCACHE_BASEDIR="$source_dir" /bin/sh -c "$command"
' in_trixie "$root" "$source_dir" "$shared_dir" "$writable" "$ccache_dir" "$command"
