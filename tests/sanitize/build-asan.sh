#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Builds the plugin with AddressSanitizer and UndefinedBehaviorSanitizer
# (gcc, -fno-omit-frame-pointer, UBSan errors fatal) for loading into the
# system tshark, which is not instrumented: the ASan runtime of the same
# compiler is preloaded (tests/sanitize/asan-env.sh says how).
#   bash tests/sanitize/build-asan.sh [BUILD_DIR]    (default <repo>/build-asan)
# Prints the path of the built aisid.so on its last line.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$repo/build-asan}
cc=${AISID_ASAN_CC:-gcc}
san="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
CC=$cc cmake -S "$repo" -B "$build" -DAISID_TESTS=OFF -DAISID_WERROR=ON \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_FLAGS="$san" \
    -DCMAKE_SHARED_LINKER_FLAGS="-fsanitize=address,undefined" >"$build.configure.log" 2>&1 ||
    { cat "$build.configure.log"; exit 1; }
cmake --build "$build" --parallel 2 --target aisid >"$build.build.log" 2>&1 ||
    { cat "$build.build.log"; exit 1; }
so=$(find "$build/plugin" -name aisid.so | head -1)
[ -f "$so" ] || { echo "build-asan.sh: no aisid.so in $build/plugin" >&2; exit 1; }
echo "$so"
