#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Build the aisid plugin inside a Debian chroot (another Wireshark version)
# and check that tshark there loads it.
#
#   tests/compat/chroot-build.sh <chroot-dir> [<repo-dir>]
#   e.g. tests/compat/chroot-build.sh /var/cache/aisid-chroots/trixie    (Wireshark 4.4)
#        tests/compat/chroot-build.sh /var/cache/aisid-chroots/sid       (Wireshark 4.6)
#
# Make the chroot with tests/compat/make-chroot.sh.  Needs root (chroot, mount).
# Steps: copy the sources (tracked + untracked-but-not-ignored files) into
# <chroot>/tmp/aisid-src, configure with -DAISID_WERROR=ON -DAISID_TESTS=OFF,
# build (make -k, so every failing file is reported), then run tshark as uid
# 65534 (tshark ignores personal plugins for root) with the plugin in
# $HOME/.local/lib/wireshark/plugins/<X.Y>/epan and check that aisid.so is
# listed by -G plugins and that -G fields has aisid.* fields.
# Last line: "PASS: ..." (exit 0) or "FAIL: ..." (exit 1); usage errors exit 2.
set -euo pipefail

usage() { echo "usage: $0 <chroot-dir> [<repo-dir>]" >&2; exit 2; }
if [ $# -lt 1 ] || [ $# -gt 2 ]; then usage; fi
root=$(cd "$1" && pwd) || usage
repo=${2:-$(cd "$(dirname "$0")/../.." && pwd)}
repo=$(cd "$repo" && pwd)
name=$(basename "$root")

fail() { echo "FAIL: [$name] $*"; exit 1; }

[ "$(id -u)" = 0 ] || { echo "chroot-build: must run as root" >&2; exit 2; }
[ -x "$root/usr/bin/cmake" ] || fail "$root has no cmake (make it with tests/compat/make-chroot.sh)"
[ -f "$repo/CMakeLists.txt" ] || fail "$repo is not the aisid source tree"

src=/tmp/aisid-src
bld=/tmp/aisid-build
home=/tmp/h

mounted=
cleanup() {
  if [ -n "$mounted" ]; then umount "$root/proc" 2>/dev/null || umount -l "$root/proc" || true; fi
}
trap cleanup EXIT
if ! mountpoint -q "$root/proc"; then
  mount -t proc proc "$root/proc"
  mounted=1
fi

in_chroot() {
  chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LC_ALL=C.UTF-8 "$@"
}

# --- copy the sources -------------------------------------------------------
rm -rf "$root$src" "$root$bld" "$root$home"
mkdir -p "$root$src"
if git -C "$repo" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  # Tracked and untracked-but-not-ignored files; skip tracked files deleted
  # in the work tree.
  git -C "$repo" ls-files -z --cached --others --exclude-standard |
    while IFS= read -r -d '' f; do [ -e "$repo/$f" ] && printf '%s\0' "$f"; done |
    tar -C "$repo" --null -T - -cf - | tar -C "$root$src" -xf -
elif command -v rsync >/dev/null; then
  rsync -a --exclude=/build/ --exclude='/build-*/' --exclude=.git "$repo/" "$root$src/"
else
  tar -C "$repo" --exclude=./build --exclude='./build-*' --exclude=./.git -cf - . |
    tar -C "$root$src" -xf -
fi
echo "chroot-build: [$name] copied $(find "$root$src" -type f | wc -l) files from $repo"

# --- versions ---------------------------------------------------------------
tv=$(in_chroot tshark --version 2>/dev/null | head -n1) || fail "tshark does not run in $root"
xy=$(printf '%s\n' "$tv" | sed -nE 's/.* ([0-9]+)\.([0-9]+)\.[0-9]+.*/\1.\2/p')
[ -n "$xy" ] || fail "cannot parse tshark version from: $tv"
echo "chroot-build: [$name] $tv; $(in_chroot gcc --version | head -n1); $(in_chroot cmake --version | head -n1)"

# --- configure and build ----------------------------------------------------
if ! in_chroot cmake -S "$src" -B "$bld" -DAISID_WERROR=ON -DAISID_TESTS=OFF; then
  fail "cmake configure failed (Wireshark $xy)"
fi
if ! in_chroot cmake --build "$bld" -- -k; then
  fail "build failed (Wireshark $xy); compiler messages above"
fi
so=$(cd "$root" && find ".$bld" -name aisid.so -type f | head -n1)
[ -n "$so" ] || fail "build produced no aisid.so"

# --- load it with tshark as an unprivileged user ------------------------------
pdir=$home/.local/lib/wireshark/plugins/$xy/epan
mkdir -p "$root$pdir"
cp "$root/${so#./}" "$root$pdir/aisid.so"
chmod 755 "$root$home" "$root$home/.local" "$root$home/.local/lib" \
  "$root$home/.local/lib/wireshark" "$root$home/.local/lib/wireshark/plugins" \
  "$root$home/.local/lib/wireshark/plugins/$xy" "$root$pdir"
chmod 644 "$root$pdir/aisid.so"
chown -R 65534:65534 "$root$home"

as_nobody() {
  chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=$home LC_ALL=C.UTF-8 \
    setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
}
plugins=$(as_nobody tshark -G plugins 2>"$root/tmp/aisid-plugins.err") || true
fields_n=$(as_nobody tshark -G fields 2>"$root/tmp/aisid-fields.err" | grep -c '^F.*aisid\.') || true
errs=$(grep -ih 'aisid' "$root/tmp/aisid-plugins.err" "$root/tmp/aisid-fields.err" || true)
rm -f "$root/tmp/aisid-plugins.err" "$root/tmp/aisid-fields.err"

line=$(printf '%s\n' "$plugins" | grep -F 'aisid.so' || true)
if [ -n "$errs" ]; then
  printf 'chroot-build: [%s] tshark said:\n%s\n' "$name" "$errs"
fi
[ -n "$line" ] || fail "Wireshark $xy: tshark -G plugins does not list aisid.so"
echo "chroot-build: [$name] $(printf '%s' "$line" | tr '\t' ' ')"
[ "${fields_n:-0}" -gt 0 ] || fail "Wireshark $xy: aisid.so listed but tshark -G fields has no aisid.* field"
echo "PASS: [$name] Wireshark $xy: built with -Werror, aisid.so loaded, $fields_n aisid.* fields"
