#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# public_unchanged: on the public captures (testcaptures/public/, SIP without
# AI-Session-ID) the plugin changes nothing: the SIP fields, columns and
# expert items are the same with and without the plugin, and no frame has
# aisid or aisid.id.
# shellcheck source=tests/tshark/lib.sh
. "$(dirname "$0")/lib.sh"
stage
shopt -s nullglob
caps=("$T"/captures/public/*.pcap "$T"/captures/public/*.pcapng)
[ ${#caps[@]} -gt 0 ] || skip "no captures in testcaptures/public/"

fields=(frame.number sip.Method sip.Status-Code sip.Call-ID sip.from.tag sip.to.tag
        sip.CSeq sip.r-uri frame.protocols _ws.col.Protocol _ws.col.Info _ws.expert)
eargs=()
for f in "${fields[@]}"; do eargs+=(-e "$f"); done
fopts=(-T fields -E header=y -E occurrence=a "${eargs[@]}")

fail=0
for cap in "${caps[@]}"; do
    name=public/$(basename "$cap")
    tshark_noplugin -r "$cap" "${fopts[@]}" >"$T/without"
    tshark_plugin   -r "$cap" "${fopts[@]}" >"$T/with"
    if ! diff -u --label "$name without plugin" --label "$name with plugin" \
            "$T/without" "$T/with" >&2; then
        echo "FAIL: $name: the plugin changes the SIP dissection (diff above)" >&2
        fail=1
    fi
    n=$(tshark_plugin -r "$cap" -Y aisid -T fields -e frame.number | wc -l)
    [ "$n" = 0 ] || { echo "FAIL: $name: $n frame(s) match 'aisid'" >&2; fail=1; }
    ids=$(tshark_plugin -r "$cap" -T fields -e aisid.id | grep -v '^$' || true)
    [ -z "$ids" ] || { echo "FAIL: $name: aisid.id present: $ids" >&2; fail=1; }
    # and no AI session: the timeline says so in two passes as in one
    for pass in "" -2; do
        tl=$(tshark_plugin -r "$cap" $pass -q -z aisid,timeline)
        grep -q '^No AI session in this capture.$' <<<"$tl" ||
            { echo "FAIL: $name: timeline ($pass) shows a session:" >&2; echo "$tl" >&2; fail=1; }
    done
    [ "$fail" = 1 ] || note "$name: unchanged ($(($(wc -l <"$T/with") - 1)) frames)"
done
[ "$fail" = 0 ] || exit 1
echo "OK: ${#caps[@]} public capture(s) unchanged"
