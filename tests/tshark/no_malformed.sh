#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# no_malformed: whatever bad input testcaptures/*.pcapng holds, no frame shows
# "[Malformed Packet]" (an exception in a dissector), a dissector bug, a
# reassembly error or "[Packet size limited during capture]", in one pass or
# two.  Plain _ws.malformed is not used: every expert item of the group
# Malformed (e.g. aisid.id.empty, by design) adds a hidden _ws.malformed too.
# shellcheck source=tests/tshark/lib.sh
. "$(dirname "$0")/lib.sh"
stage
shopt -s nullglob
caps=("$T"/captures/*.pcapng)
[ ${#caps[@]} -gt 0 ] || skip "no testcaptures/*.pcapng"

filter="_ws.malformed.expert || _ws.malformed.dissector_bug || _ws.malformed.reassembly || _ws.short"
fail=0
for cap in "${caps[@]}"; do
    base=$(basename "$cap" .pcapng)
    mapfile -d '' prefs < <(capture_prefs "$base")
    for pass in 1 2; do
        passopt=(); [ "$pass" = 1 ] || passopt=(-2)
        tshark_plugin -r "$cap" ${passopt[@]+"${passopt[@]}"} ${prefs[@]+"${prefs[@]}"} \
            -Y "$filter" -T fields -E occurrence=a -E aggregator=';' \
            -e frame.number -e _ws.col.Protocol -e _ws.expert >"$T/bad"
        if [ -s "$T/bad" ]; then
            echo "FAIL: $base.pcapng (pass $pass): malformed frames (frame, protocol, expert items):" >&2
            sed 's/^/    /' "$T/bad" >&2
            fail=1
        fi
    done
done
[ "$fail" = 0 ] || exit 1
echo "OK: no malformed frames in ${#caps[@]} capture(s)"
