#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Make a Debian chroot that can build the aisid plugin and run tshark.
#
#   tests/compat/make-chroot.sh <suite> <dir> [<mirror>]
#   e.g. tests/compat/make-chroot.sh trixie /var/cache/aisid-chroots/trixie   (Wireshark 4.4)
#        tests/compat/make-chroot.sh sid    /var/cache/aisid-chroots/sid      (Wireshark 4.6)
#
# Needs root and the `debootstrap` package.  The mirror defaults to the first
# deb.debian.org-style URI found in this host's apt sources.  Re-running on an
# existing chroot skips debootstrap and only (re)installs the packages, which
# is also how to repair a sid chroot caught in a library transition.
# Keep chroots outside the repository (about 1 GB each); never commit them.
set -euo pipefail

suite=${1:?usage: $0 <suite> <dir> [<mirror>]}
dir=${2:?usage: $0 <suite> <dir> [<mirror>]}
mirror=${3:-}

if [ "$(id -u)" != 0 ]; then
  echo "make-chroot: must run as root" >&2; exit 2
fi
command -v debootstrap >/dev/null || { echo "make-chroot: apt-get install -y debootstrap" >&2; exit 2; }
command -v unshare >/dev/null || { echo "make-chroot: unshare (util-linux) is needed" >&2; exit 2; }

if [ -z "$mirror" ]; then
  # Same mirror host as this machine uses (deb822 "URIs:" or one-line "deb URL").
  mirror=$(
    { grep -hE '^[[:space:]]*URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}'
      grep -hE '^[[:space:]]*deb[[:space:]]' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
        sed -E 's/\[[^]]*\]//' | awk '{print $2}'
    } | grep -E '/debian/?$' | grep -v security | head -n1 || true)
  mirror=${mirror:-http://deb.debian.org/debian}
fi

# The build and test set (tests/run.sh and every ctest test): tshark brings
# wireshark-common (editcap), gcc brings binutils (objdump), cmake brings
# ctest and cpack, util-linux has setpriv; diffutils, mawk and dpkg are in
# every Debian.  wireshark-dev only exists in some releases (4.0 keeps the
# CMake package there); it is added when the suite has it.
pkgs=(cmake gcc make pkg-config libwireshark-dev tshark libglib2.0-dev
      libgcrypt20-dev util-linux)

# debootstrap keeps $dir/debootstrap/ until it has finished: a run that was
# stopped (timeout, reboot) left a chroot that must be made again.
if [ -d "$dir/debootstrap" ]; then
  if grep -qF " $dir/" /proc/mounts; then
    echo "make-chroot: $dir is an unfinished debootstrap with mounts inside: unmount, remove it, retry" >&2
    exit 1
  fi
  echo "make-chroot: $dir is an unfinished debootstrap: removing it"
  rm -rf --one-file-system -- "$dir"
fi
if [ ! -x "$dir/usr/bin/apt-get" ]; then
  mkdir -p "$dir"
  echo "make-chroot: debootstrap $suite into $dir from $mirror"
  debootstrap --variant=minbase --include=ca-certificates "$suite" "$dir" "$mirror"
fi

# Each command runs with /proc mounted in a private mount namespace, which
# vanishes with the command: nothing stays mounted, whatever happens.
in_chroot() {
  unshare --mount --propagation private -- /bin/sh -c '
    dir=$1; shift
    mount -t proc proc "$dir/proc" || exit 125
    exec chroot "$dir" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
      DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8 "$@"' sh "$dir" "$@"
}

# No service starts inside the chroot.
printf '#!/bin/sh\nexit 101\n' > "$dir/usr/sbin/policy-rc.d"
chmod 755 "$dir/usr/sbin/policy-rc.d"
# tshark's debconf question (non-root capture): answer no.
echo 'wireshark-common wireshark-common/install-setuid boolean false' |
  in_chroot debconf-set-selections || true

apt_opts=(-y -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold
          --no-install-recommends)
# The mirror may serve a sid (or any) Release whose Valid-Until has passed
# (seen 2026-12: "Release file ... is expired"); a build chroot can live with that.
echo 'Acquire::Check-Valid-Until "false";' > "$dir/etc/apt/apt.conf.d/99aisid-no-valid-until"
in_chroot apt-get update
if in_chroot apt-cache show wireshark-dev >/dev/null 2>&1; then pkgs+=(wireshark-dev); fi

# sid can be mid-transition: retry, then let apt repair what it can.
ok=
for attempt in 1 2 3; do
  if in_chroot apt-get install "${apt_opts[@]}" "${pkgs[@]}"; then ok=1; break; fi
  echo "make-chroot: install attempt $attempt failed; trying apt-get -f install" >&2
  in_chroot apt-get -f install "${apt_opts[@]}" || true
  in_chroot dpkg --configure -a || true
  sleep 5
done
in_chroot apt-get clean || true

# Report what we got; a package that unpacked but did not configure is
# tolerated as long as the tools the build needs are there.
missing=
for tool in cmake gcc make pkg-config tshark setpriv; do
  in_chroot sh -c "command -v $tool" >/dev/null || missing="$missing $tool"
done
ver=$(in_chroot tshark --version 2>/dev/null | head -n1 || true)
echo "make-chroot: $suite in $dir: ${ver:-tshark missing}"
if [ -n "$missing" ]; then
  echo "make-chroot: FAIL: missing in chroot:$missing" >&2; exit 1
fi
if [ -z "$ok" ]; then
  echo "make-chroot: WARNING: apt did not finish cleanly (dpkg -l | grep -v ^ii to see)" >&2
  in_chroot dpkg -l | awk 'NR>5 && $1!="ii"' >&2 || true
fi
echo "make-chroot: OK"
