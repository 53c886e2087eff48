#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Configure, build and run all tests (unit, fuzz, tshark) of the plugin:
#   bash tests/run.sh [--update-golden] [extra ctest arguments...]
# --update-golden rewrites testcaptures/expected/* from the current output
# (review the result with git diff).  AISID_WERROR=OFF turns off -Werror;
# AISID_BUILD_DIR picks another build folder (default: <repo>/build).
# Needs the build dependencies already installed (see .ci/run).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
build=${AISID_BUILD_DIR:-$repo/build}
ctest_args=()
for arg in "$@"; do
    case $arg in
        --update-golden) export AISID_UPDATE_GOLDEN=1 ;;
        -h|--help) sed -n '3,9p' "$0"; exit 0 ;;
        *) ctest_args+=("$arg") ;;
    esac
done

missing=()
for tool in cmake make cc pkg-config tshark; do
    command -v "$tool" >/dev/null || missing+=("$tool")
done
pkg-config --exists wireshark 2>/dev/null || missing+=("libwireshark-dev")
[ "$(id -u)" != 0 ] || command -v setpriv >/dev/null || missing+=("setpriv (util-linux)")
if [ ${#missing[@]} -gt 0 ]; then
    echo "tests/run.sh: missing: ${missing[*]}" >&2
    echo "  Debian/Ubuntu: sudo apt-get install cmake gcc make pkg-config libwireshark-dev" \
         "libglib2.0-dev libgcrypt20-dev tshark util-linux  (or run .ci/run as root)" >&2
    exit 2
fi

cmake -S "$repo" -B "$build" -DAISID_WERROR="${AISID_WERROR:-ON}"
cmake --build "$build" --parallel "$(nproc 2>/dev/null || echo 2)"
if [ "${AISID_UPDATE_GOLDEN:-0}" = 1 ]; then
    ctest --test-dir "$build" --output-on-failure -R '^golden_' ${ctest_args[@]+"${ctest_args[@]}"}
    echo "Golden files updated; review them with: git diff --stat -- testcaptures/expected"
else
    ctest --test-dir "$build" --output-on-failure ${ctest_args[@]+"${ctest_args[@]}"}
fi
