#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# fuzzed_captures: every test capture with random bytes changed (editcap -E,
# fixed seeds, so a failure can be replayed) is read in one and two passes,
# with the full tree and all preferences of the capture, and tshark must
# neither crash nor hit a dissector bug (lib.sh makes those abort).  Bad
# input becomes expert items, never a crash.
# shellcheck source=tests/tshark/lib.sh
. "$(dirname "$0")/lib.sh"
stage
command -v editcap >/dev/null || skip "editcap not found"
n=0
for cap in "$T"/captures/*.pcapng; do
    base=$(basename "$cap" .pcapng)
    mapfile -d '' prefs < <(capture_prefs "$base")
    for seed in 1 2 3; do
        out=$T/captures/fuzz-$base-$seed.pcapng
        editcap -E 0.02 --seed "$seed" "$cap" "$out" 2>/dev/null
        chmod a+r "$out"
        for pass in "" -2; do
            tshark_plugin -r "$out" $pass ${prefs[@]+"${prefs[@]}"} -V \
                -z aisid,tree -z aisid,timeline >/dev/null ||
                die "tshark failed on $base with editcap --seed $seed ${pass:+(two passes)}"
        done
        n=$((n + 1))
    done
done
echo "OK: $n fuzzed captures read without a crash or dissector bug"
