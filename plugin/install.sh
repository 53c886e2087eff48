#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Build and install the AI-Session-ID plugin, then show what it finds in the
# bundled transfer capture:   bash plugin/install.sh
#  - installs the build dependencies with apt-get (through sudo if not root)
#  - builds a Release in <repo>/build-release (AISID_BUILD_DIR to change)
#  - installs with cmake --install: as root into the system plugin folder,
#    as a user into ~/.local/lib/wireshark/plugins/<X.Y>/epan/
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
build=${AISID_BUILD_DIR:-$repo/build-release}
capture=$repo/testcaptures/attended_transfer.pcapng
pkgs=(cmake gcc make pkg-config libwireshark-dev wireshark-dev libglib2.0-dev libgcrypt20-dev tshark)

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"
    elif command -v sudo >/dev/null; then sudo "$@"
    else echo "install.sh: need root for: $*  (install sudo, or run as root)" >&2; exit 1
    fi
}

# 1. Dependencies
missing=()
for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    command -v apt-get >/dev/null ||
        { echo "install.sh: please install: ${missing[*]}" >&2; exit 1; }
    echo "== Installing ${missing[*]}"
    # tshark's "may non-root users capture?" question: keep the default (no).
    echo "wireshark-common wireshark-common/install-setuid boolean false" |
        as_root debconf-set-selections
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y --no-install-recommends "${missing[@]}"
fi

# 2. Build
echo "== Building ($build)"
cmake -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=Release
cmake --build "$build" --parallel "$(nproc 2>/dev/null || echo 2)"
so=$(find "$build" -name aisid.so -type f -print -quit)
[ -n "$so" ] || { echo "install.sh: the build made no aisid.so" >&2; exit 1; }

# 3. Install
ws_xy=$(tshark --version 2>/dev/null | sed -n '1s/.*(Wireshark) \([0-9]*\.[0-9]*\).*/\1/p')
# tshark, without its "Running as user root" warning
ts() { tshark "$@" 2> >(grep -v '^Running as user' >&2); }
loaded() { tshark -G plugins 2>/dev/null | awk -F'\t' '$1 ~ /^aisid\.so/ {print $4}'; }
# cmake --install picks the folder (plugin/install-plugin.cmake): the system
# one as root, the personal one otherwise.
cmake --install "$build"
dir=$HOME/.local/lib/wireshark/plugins/$ws_xy/epan
where=$(loaded)
[ -n "$where" ] || { echo "install.sh: tshark does not load aisid.so (tshark -G plugins)" >&2; exit 1; }
echo "== tshark loads $where"
if [ "$(id -u)" != 0 ] && [ "$where" != "$dir/aisid.so" ]; then
    echo "   (a system-wide copy takes precedence over $dir/aisid.so)"
fi

# 4. Demo on the bundled transfer capture
[ -f "$capture" ] || { echo "install.sh: $capture not found, no demo"; exit 0; }
prefs=()                      # testcaptures/<capture>.prefs, see tests/README.md
if [ -f "${capture%.pcapng}.prefs" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
        [[ $line =~ ^[[:space:]]*(#|$) ]] && continue
        line=${line//@KEYS@/$repo/testcaptures/keys}
        prefs+=(-o "${line//@CAPTURES@/$repo/testcaptures}")
    done <"${capture%.pcapng}.prefs"
fi
echo
echo "== AI-Session-ID in $(basename "$capture")"
ts -n -r "$capture" ${prefs[@]+"${prefs[@]}"} -Y aisid -T fields -E header=y \
    -E occurrence=a -E aggregator=' ' \
    -e frame.number -e sip.Method -e sip.Status-Code -e sip.Call-ID -e aisid.id
echo
echo "== Expert info"
ts -n -r "$capture" ${prefs[@]+"${prefs[@]}"} -q -z expert
