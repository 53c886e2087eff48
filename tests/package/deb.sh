#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# deb_package: the Debian package that CPack makes (plugin/debian-package.cmake)
# is right and works:
#   1. cpack -G DEB from the build folder (into a temp folder);
#   2. its control fields: name, architecture of this dpkg, the dependency on
#      the package of the very libwireshark the plugin links, pinned to the
#      X.Y plugin ABI (>= X.Y.Z, << X.(Y+1)~), maintainer, description;
#      its files: aisid.so in Wireshark's system plugin folder (X.Y/epan),
#      /usr/share/doc/<pkg>/copyright and changelog.gz, nothing else;
#      lintian, when installed, reports no error;
#   3. dpkg -i; tshark run as nobody with an empty HOME (no personal plugin,
#      no WIRESHARK_PLUGIN_DIR) loads aisid.so from the system folder and
#      dissects the bundled attended transfer: the session, dialog and origin
#      of every frame equal testcaptures/expected/attended_transfer.fields;
#   4. dpkg -P (remove and purge); the file is gone and tshark no longer loads aisid.
#
#   tests/package/deb.sh BUILD_DIR SOURCE_DIR
#
# Where it installs: in the chroot $AISID_DEB_CHROOT if set (or
# /var/cache/aisid-chroots/bookworm when it exists and has this Wireshark
# X.Y and no aisid of its own, see tests/compat/), else on this machine; AISID_DEB_CHROOT=none
# forces this machine.  On this machine the package is always removed again,
# and the other tshark tests are not affected meanwhile: tests/tshark/lib.sh
# hides any installed aisid.so from them.  It refuses (skips) to touch a
# system that already has an aisid.so in the system folder or the package
# installed: removing it would destroy someone's installation.
# Exit 0 pass, 1 fail, 77 skip (not root, no dpkg, no cpack).
set -euo pipefail

die()  { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "SKIP: $*"; exit 77; }
note() { echo "-- $*"; }

[ $# = 2 ] || die "usage: $0 BUILD_DIR SOURCE_DIR"
build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
pkg=wireshark-plugin-aisid
capture=attended_transfer
t0=$(date +%s.%N)

[ "$(id -u)" = 0 ] || skip "needs root (dpkg -i)"
for tool in dpkg dpkg-deb cpack; do
    command -v "$tool" >/dev/null || skip "$tool not found"
done
[ -f "$build/CPackConfig.cmake" ] || die "no $build/CPackConfig.cmake (configure first)"
plugin_so=$(find "$build/plugin" -maxdepth 2 -name aisid.so -type f -print -quit)
[ -n "$plugin_so" ] || die "no aisid.so in $build/plugin (build first)"

T=$(mktemp -d "${TMPDIR:-/tmp}/aisid-deb.XXXXXX")
chmod 755 "$T"        # nobody reads the capture in $T/target
root=                    # the chroot, or empty for this machine
installed=
cleanup() {
    if [ -n "$installed" ]; then
        note "cleanup: dpkg -P $pkg"
        on_target dpkg -P "$pkg" >/dev/null 2>&1 || true
    fi
    [ -z "$root" ] || [ -z "${CT-}" ] || rm -rf -- "$root$CT"
    rm -rf -- "$T"
}
trap cleanup EXIT

# --- 1. build the package -------------------------------------------------------
cpack -G DEB --config "$build/CPackConfig.cmake" -B "$T/out" >"$T/cpack.log" 2>&1 ||
    { cat "$T/cpack.log" >&2; die "cpack -G DEB failed"; }
shopt -s nullglob
debs=("$T/out/${pkg}_"*.deb)
[ ${#debs[@]} = 1 ] || die "cpack made ${#debs[@]} ${pkg}_*.deb files in $T/out"
deb=${debs[0]}
note "built $(basename "$deb") ($(stat -c %s "$deb") bytes) in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}') s"

# --- 2. control fields and files --------------------------------------------------
field() { dpkg-deb -f "$deb" "$1"; }
fail=0
check() {   # check WHAT GOT WANT
    if [ "$2" = "$3" ]; then note "$1: $2"
    else echo "FAIL: $1 is '$2', expected '$3'" >&2; fail=1; fi
}
# What the package must say, found independently of the CMake code: the
# Wireshark version from its pkg-config file, the library from the plugin's
# DT_NEEDED, its package from dpkg.
ws_version=$(pkg-config --modversion wireshark)
[[ $ws_version =~ ^([0-9]+)\.([0-9]+)\.[0-9]+ ]] || die "cannot parse Wireshark version '$ws_version'"
ws_major=${BASH_REMATCH[1]} ws_minor=${BASH_REMATCH[2]}
ws_xy=$ws_major.$ws_minor
plugindir=$(pkg-config --variable=plugindir wireshark)
[ -n "$plugindir" ] || die "pkg-config wireshark has no plugindir"
soname=$(objdump -p "$plugin_so" 2>/dev/null | awk '$1 == "NEEDED" && $2 ~ /^libwireshark\.so\./ {print $2}')
[ -n "$soname" ] || die "aisid.so does not link libwireshark (objdump -p)"
# (awk reads to the end: an early exit would SIGPIPE ldconfig and, with
# pipefail, fail the assignment and the script without a word)
libpath=$(ldconfig -p | awk -v s="$soname" '$1 == s && !done {print $NF; done = 1}')
[ -n "$libpath" ] || die "ldconfig does not know $soname"
libpkg=$(dpkg-query -S "$(readlink -f "$libpath")" 2>/dev/null | sed -n '1s/^\([^:]*\).*/\1/p')
[ -n "$libpkg" ] || libpkg=$(dpkg-query -S "$libpath" 2>/dev/null | sed -n '1s/^\([^:]*\).*/\1/p')
[ -n "$libpkg" ] || die "no installed package holds $libpath"

check Package "$(field Package)" "$pkg"
check Architecture "$(field Architecture)" "$(dpkg --print-architecture)"
check Version "$(field Version)" "$(sed -nE 's/^project\(aisid VERSION ([0-9.]+).*/\1/p' "$src/CMakeLists.txt")"
depends=$(field Depends)
note "Depends: $depends"
for want in "$libpkg (>= $ws_version)" "$libpkg (<< $ws_major.$((ws_minor + 1))~)"; do
    grep -qF -- "$want" <<<"$depends" ||
        { echo "FAIL: Depends lacks '$want' (the libwireshark ABI of $soname)" >&2; fail=1; }
done
# No other libwireshark package (another ABI) may be named.
others=$(tr ',' '\n' <<<"$depends" | sed -E 's/^ *//; s/ .*//' | grep '^libwireshark' | grep -vx "$libpkg" || true)
[ -z "$others" ] || { echo "FAIL: Depends names other libwireshark packages: $others" >&2; fail=1; }
maint=$(field Maintainer)
[[ $maint =~ ^[^\<]+\ \<[^@\>]+@[^\>]+\>$ ]] || { echo "FAIL: Maintainer '$maint' is not 'Name <address>'" >&2; fail=1; }
[ -n "$(field Description)" ] || { echo "FAIL: no Description" >&2; fail=1; }
check Section "$(field Section)" net

dpkg-deb -c "$deb" | awk '$1 !~ /^d/ {print $NF}' | sed 's|^\./|/|' | LC_ALL=C sort >"$T/files"
printf '%s\n' "$plugindir/epan/aisid.so" "/usr/share/doc/$pkg/changelog.gz" \
    "/usr/share/doc/$pkg/copyright" | LC_ALL=C sort >"$T/files.want"
if ! diff -u --label expected --label "dpkg-deb -c" "$T/files.want" "$T/files" >&2; then
    echo "FAIL: the package's files differ (diff above)" >&2; fail=1
else
    note "files: $(paste -sd' ' "$T/files")"
fi
mode=$(dpkg-deb -c "$deb" | awk '$NF ~ /\/aisid\.so$/ {print $1}')
check "aisid.so mode" "$mode" "-rw-r--r--"
dpkg-deb --fsys-tarfile "$deb" | tar -xOf - "./${plugindir#/}/epan/aisid.so" >"$T/aisid.so"
if objdump -h "$T/aisid.so" | grep -E ' \.(debug_[a-z]+|symtab) ' >/dev/null; then
    echo "FAIL: the packaged aisid.so is not stripped" >&2; fail=1
fi
if command -v lintian >/dev/null; then
    lintian "$deb" >"$T/lintian" 2>&1 || true
    grep -v '^running with root privileges' "$T/lintian" | sed 's/^/   lintian: /' || true
    if grep -q '^E: ' "$T/lintian"; then echo "FAIL: lintian reports errors" >&2; fail=1; fi
else
    note "lintian not installed: not run"
fi
[ "$fail" = 0 ] || exit 1

# --- 3. install, run tshark as nobody, 4. remove -----------------------------------
target_so=$plugindir/epan/aisid.so
# A target is usable when its tshark is this X.Y and it has neither the
# package nor a hand-installed aisid.so in the system folder.
usable() {    # usable ROOT ("" = this machine); prints why not
    local r=$1 v
    if [ -n "$r" ]; then
        [ -x "$r/usr/bin/tshark" ] || { echo "$r has no tshark"; return 1; }
        command -v unshare >/dev/null || { echo "no unshare"; return 1; }
        v=$(chroot "$r" tshark --version 2>/dev/null || true)
    else
        v=$(tshark --version 2>/dev/null || true)
    fi
    [[ $v == *"(Wireshark) $ws_xy."* ]] || { echo "${r:-this machine}: tshark is not $ws_xy"; return 1; }
    [ ! -e "$r$target_so" ] ||
        { echo "${r:-this machine} already has $target_so (installed by hand?): not touching it"; return 1; }
    if awk -v p="$pkg" '/^Package: / {me = ($2 == p)} me && /^Status: / && !/not-installed/ {f = 1}
                        END {exit !f}' "$r/var/lib/dpkg/status" 2>/dev/null; then
        echo "${r:-this machine} has the package $pkg already: not touching it"; return 1
    fi
}
cache_root=/var/cache/aisid-chroots/bookworm
case ${AISID_DEB_CHROOT-auto} in
    none) why=$(usable "") || skip "$why" ;;
    auto) if usable "$cache_root" >/dev/null; then root=$cache_root
          else why=$(usable "") || skip "$why"; fi ;;
    *) root=$AISID_DEB_CHROOT; why=$(usable "$root") || skip "$why" ;;
esac
pkg_installed() { [[ $(on_target dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true) == *"ok installed"* ]]; }
# Run a command on the target system: in the chroot (with its own /proc, in
# a private mount namespace that vanishes with the command) or here.
on_target() {
    if [ -n "$root" ]; then
        unshare --mount --propagation private -- /bin/sh -c '
            root=$1; shift
            mount -t proc proc "$root/proc" || exit 125
            exec chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
                LC_ALL=C.UTF-8 "$@"' sh "$root" "$@"
    else
        env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C.UTF-8 "$@"
    fi
}
as_nobody() {    # tshark as nobody, HOME without any plugin, no plugin dir override
    on_target setpriv --reuid=65534 --regid=65534 --clear-groups \
        env HOME="$CT/home" XDG_CONFIG_HOME="$CT/home/.config" TZ=UTC tshark "$@"
}
note "installing into ${root:-this machine}"

# The staging folder as the target sees it ($CT) and as we see it.
if [ -n "$root" ]; then
    CT=$(mktemp -d "$root/tmp/aisid-deb.XXXXXX"); CT=/tmp/${CT##*/}
else
    CT=$T/target
fi
mkdir -p "$root$CT/home/.config"
cp "$deb" "$root$CT/"
cp "$src/testcaptures/$capture.pcapng" "$root$CT/"
chmod -R a+rX "$root$CT"
chown -R 65534:65534 "$root$CT/home"

t1=$(date +%s.%N)
installed=1
on_target dpkg -i "$CT/$(basename "$deb")" >"$T/dpkg-i.log" 2>&1 ||
    { cat "$T/dpkg-i.log" >&2; die "dpkg -i failed"; }
pkg_installed || die "dpkg says $pkg is not installed"
[ -f "$root$target_so" ] || die "dpkg -i did not install $target_so"
grep -qx "$target_so" <<<"$(on_target dpkg -L "$pkg")" || die "dpkg -L $pkg does not list $target_so"

loaded=$(as_nobody -G plugins 2>/dev/null | awk -F'\t' '$1 ~ /^aisid\.so *$/ {print $4}')
check "tshark (nobody, no personal plugin) loads" "$loaded" "$target_so"
# Every frame's session, dialog and its origin, against the golden file.
as_nobody -n -r "$CT/$capture.pcapng" -Y aisid.session -T fields \
    -e frame.number -e aisid.session -e aisid.dialog -e aisid.dialog.origin 2>"$T/tshark.err" >"$T/got" ||
    { cat "$T/tshark.err" >&2; die "tshark failed on $capture.pcapng"; }
awk '
    function out() { if (f != "") print f "\t" s "\t" d "\t" o }
    /^frame / { out(); f = $2; s = d = o = ""; next }
    /^  aisid\.session: /       { s = $2 }
    /^  aisid\.dialog: /        { d = $2 }
    /^  aisid\.dialog\.origin: / { o = $2 }
    END { out() }' "$src/testcaptures/expected/$capture.fields" |
    awk -F'\t' '$2 != ""' >"$T/want"
[ -s "$T/want" ] || die "no session in testcaptures/expected/$capture.fields"
if ! diff -u --label "expected/$capture.fields" --label "tshark with the installed package" \
        "$T/want" "$T/got" >&2; then
    echo "FAIL: the installed plugin dissects $capture.pcapng differently (diff above)" >&2; fail=1
else
    note "$capture.pcapng: $(wc -l <"$T/got") frames with the sessions, dialogs and origins of the golden file"
fi

on_target dpkg -P "$pkg" >"$T/dpkg-r.log" 2>&1 || { cat "$T/dpkg-r.log" >&2; die "dpkg -P failed"; }
installed=
[ ! -e "$root$target_so" ] || { echo "FAIL: $target_so is still there after dpkg -P" >&2; fail=1; }
if pkg_installed; then
    echo "FAIL: dpkg still lists $pkg as installed" >&2; fail=1
fi
after=$(as_nobody -G plugins 2>/dev/null | awk -F'\t' '$1 ~ /^aisid\.so *$/ {print $4}')
[ -z "$after" ] || { echo "FAIL: tshark still loads $after after dpkg -P" >&2; fail=1; }
note "install, check, remove: $(awk -v a="$t1" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}') s"
[ "$fail" = 0 ] || exit 1
echo "OK: $(basename "$deb"): fields, files, install on ${root:-this machine}, tshark as nobody, removal"
