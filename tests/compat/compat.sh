#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Build the aisid plugin and run the whole test suite (bash tests/run.sh:
# cmake with -Werror, build, every ctest test) against other Wireshark
# versions, each in a Debian chroot:
#
#   tests/compat/compat.sh [--repo DIR] [--keep] [SUITE|CHROOT-DIR ...] [-- CTEST-ARGS...]
#   e.g. tests/compat/compat.sh                  # trixie (Wireshark 4.4) and sid (4.6)
#        tests/compat/compat.sh trixie -- -R golden_
#
# A SUITE name means the chroot $AISID_CHROOT_CACHE/<suite> (default
# /var/cache/aisid-chroots/<suite>); it is made with make-chroot.sh when
# missing (needs debootstrap and network to a Debian mirror).  A path is
# used as it is.  Needs root (chroot, mount).
#
# Per chroot: the sources (tracked and untracked-but-not-ignored files, so a
# clean clone works and a work tree's edits are tested) are copied into a
# fresh <chroot>/tmp/aisid-compat.XXXXXX, and tests/run.sh runs there under
# `nice -n 10`.  /proc is mounted in a private mount namespace (unshare -m),
# so it disappears when the run ends, whatever the way (failure, signal):
# nothing stays mounted and concurrent runs on one chroot do not disturb each
# other.  The copy is removed afterwards unless --keep.
# Last line per chroot: "PASS: [...]" or "FAIL: [...]", with the time taken;
# exit 0 when every chroot passes, 1 otherwise, 2 on usage errors.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
cache=${AISID_CHROOT_CACHE:-/var/cache/aisid-chroots}
keep=
targets=()
ctest_args=()

usage() { sed -n '3,25p' "$0" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case $1 in
    --repo) [ $# -ge 2 ] || usage; repo=$(cd "$2" && pwd); shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) usage ;;
    --) shift; ctest_args=("$@"); break ;;
    -*) usage ;;
    *) targets+=("$1"); shift ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=(trixie sid)
[ "$(id -u)" = 0 ] || { echo "compat: must run as root (chroot, mount)" >&2; exit 2; }
[ -f "$repo/CMakeLists.txt" ] && [ -f "$repo/tests/run.sh" ] ||
  { echo "compat: $repo is not the aisid source tree" >&2; exit 2; }
command -v unshare >/dev/null || { echo "compat: unshare (util-linux) is needed" >&2; exit 2; }

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.0f", b - a }'; }

# Copy the sources: what `git status` would consider part of the tree.
copy_sources() {
  local dst=$1
  if git -C "$repo" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git -C "$repo" ls-files -z --cached --others --exclude-standard |
      while IFS= read -r -d '' f; do [ -e "$repo/$f" ] && printf '%s\0' "$f"; done |
      tar -C "$repo" --null -T - -cf - | tar -C "$dst" -xf -
  else
    tar -C "$repo" --exclude=./build --exclude='./build-*' --exclude=./.git -cf - . |
      tar -C "$dst" -xf -
  fi
}

# Run "$@" in the chroot $root as root, with /proc mounted in a private
# mount namespace and a clean environment.
in_chroot_ns() {
  local root=$1; shift
  unshare --mount --propagation private -- /bin/sh -c '
    root=$1; shift
    mount -t proc proc "$root/proc" || exit 125
    exec chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
      HOME=/root LC_ALL=C.UTF-8 TMPDIR=/tmp "$@"' sh "$root" "$@"
}

results=()
status=0
# A signal (timeout, Ctrl-C) still runs the EXIT trap that removes the copy.
trap 'exit 130' INT
trap 'exit 143' TERM
for t in "${targets[@]}"; do
  case $t in
    */*) root=$t ;;
    *)   root=$cache/$t ;;
  esac
  name=$(basename "$root")
  if [ ! -x "$root/usr/bin/tshark" ] || [ ! -x "$root/usr/bin/cmake" ] || [ -d "$root/debootstrap" ]; then
    case $t in
      */*) results+=("FAIL: [$name] $root is not a chroot made by make-chroot.sh"); status=1; continue ;;
    esac
    echo "compat: [$name] no chroot in $root: making it"
    t0=$(now)
    if ! bash "$here/make-chroot.sh" "$t" "$root"; then
      results+=("FAIL: [$name] make-chroot.sh $t $root failed after $(since "$t0") s"); status=1; continue
    fi
    echo "compat: [$name] chroot made in $(since "$t0") s"
  fi
  root=$(cd "$root" && pwd)

  t0=$(now)
  work=$(mktemp -d "$root/tmp/aisid-compat.XXXXXX")
  # shellcheck disable=SC2064   # expand now: one cleanup per chroot
  [ -n "$keep" ] || trap "rm -rf -- '$work'" EXIT
  inner=/tmp/${work##*/}
  mkdir -p "$work/src"
  copy_sources "$work/src"
  # tests/tshark/lib.sh lets nobody read its own staged copies; the
  # sources themselves stay root's, as in CI.
  chmod 755 "$work"
  ver=$(in_chroot_ns "$root" tshark --version 2>/dev/null | head -n1 || true)
  cc=$(in_chroot_ns "$root" gcc --version 2>/dev/null | head -n1 || true)
  echo "compat: [$name] $ver; $cc; $(find "$work/src" -type f | wc -l) files from $repo"

  rc=0
  in_chroot_ns "$root" nice -n 10 env AISID_BUILD_DIR="$inner/build" \
    bash "$inner/src/tests/run.sh" ${ctest_args[@]+"${ctest_args[@]}"} || rc=$?
  secs=$(since "$t0")
  xy=$(printf '%s\n' "$ver" | sed -nE 's/^TShark \(Wireshark\) ([0-9]+\.[0-9]+)\..*/\1/p')
  if [ "$rc" = 0 ]; then
    results+=("PASS: [$name] Wireshark ${xy:-?}: tests/run.sh (build -Werror + ctest) passed in $secs s")
  else
    results+=("FAIL: [$name] Wireshark ${xy:-?}: tests/run.sh exited $rc after $secs s")
    status=1
  fi
  if [ -n "$keep" ]; then echo "compat: [$name] kept $work"; else rm -rf -- "$work"; trap - EXIT; fi
done

printf '%s\n' "${results[@]}"
exit "$status"
