#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# expectations: the hand-written expectations of testcaptures/expectations.tsv
# hold: for each row, the frames of CAPTURE that match FILTER (in one pass,
# with -2, or both) are exactly the listed ones.  Unlike the golden files
# these are not recorded from the plugin's output, so they catch a golden
# file that was regenerated over a regression.
# shellcheck source=tests/tshark/lib.sh
. "$(dirname "$0")/lib.sh"
table=$CAPS/expectations.tsv
[ -f "$table" ] || skip "no $table"
stage

fail=0 rows=0
while IFS=$'\t' read -r cap passes filter want || [ -n "$cap" ]; do
    [[ -z $cap || $cap == \#* ]] && continue
    [ -f "$T/captures/$cap.pcapng" ] || { echo "FAIL: $cap: no such capture" >&2; fail=1; continue; }
    mapfile -d '' prefs < <(capture_prefs "$cap")
    for pass in 1 2; do
        [[ $passes == *$pass* ]] || continue
        popt=()
        [ "$pass" = 2 ] && popt=(-2)
        got=$(tshark_plugin -r "$T/captures/$cap.pcapng" ${popt[@]+"${popt[@]}"} \
                ${prefs[@]+"${prefs[@]}"} -Y "$filter" -T fields -e frame.number | paste -sd, -)
        [ -n "$got" ] || got=none
        rows=$((rows + 1))
        if [ "$got" != "$want" ]; then
            echo "FAIL: $cap (pass $pass): '$filter' matches frames $got, expected $want" >&2
            fail=1
        fi
    done
done <"$table"
[ "$fail" = 0 ] || exit 1
echo "OK: $rows expectations hold"
