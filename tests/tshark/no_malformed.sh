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

# The dissector-bug item is the field _ws.malformed.dissector_bug in
# Wireshark 4.0 and the protocol _ws.dissector_bug in 4.4 and 4.6 (a filter
# naming an unknown field is an error): take what this tshark registers, but
# never run with fewer than one name per kind.
mapfile -t known < <(tshark_plugin -G fields | awk -F'\t' '$3 ~ /^_ws\./ {print $3}')
filter=
pick() {        # append the first of "$@" that tshark knows to $filter
    local f k
    for f in "$@"; do
        for k in "${known[@]}"; do
            [ "$k" = "$f" ] && { filter+="${filter:+ || }$f"; return 0; }
        done
    done
    die "tshark registers none of: $*"
}
pick _ws.malformed.expert
pick _ws.malformed.dissector_bug _ws.dissector_bug
pick _ws.malformed.reassembly
pick _ws.short
note "filter: $filter"
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
