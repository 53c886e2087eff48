#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# golden_<capture>_<1pass|2pass>: the AI-Session-ID fields and expert items
# of testcaptures/<capture>.pcapng equal the golden files
#   testcaptures/expected/<capture>.fields[.2pass]
#   testcaptures/expected/<capture>.expert[.2pass]
# Usage: golden.sh PLUGIN_SO WS_X.Y SOURCE_DIR CAPTURE 1pass|2pass
# With AISID_UPDATE_GOLDEN=1 the golden files are (re)written instead.
#
# .fields: for every frame with any aisid field, "frame N" and then one line
#   "  abbrev: value" per occurrence of every aisid.* field that tshark -G
#   fields lists at run time (so new fields show up), in abbrev order.
# .expert: one line per aisid expert item (see aisid_experts in lib.sh).
# .views: what a user follows a session with: -z aisid,timeline, -z
#   aisid,tree, -z expert and -z follow,aisid,ascii,N for every session N.
#   Of -z expert only the rows of AI-Session-ID and of SIP (the protocol it
#   lives in) are kept, section totals recounted: the other dissectors' items
#   are Wireshark's own and change between versions (HTTP raises a Chat per
#   request and status line in 4.0, none in 4.4 and 4.6).
# The same golden files hold for Wireshark 4.0, 4.4 and 4.6 (tests/compat/).
# testcaptures/<capture>.prefs, if present, gives -o preferences.
# Lines over 2048 characters are clipped (clip_long_lines in lib.sh).
# shellcheck source=tests/tshark/lib.sh
. "$(dirname "$0")/lib.sh"
[ ${#ARGS[@]} = 2 ] || die "usage: $0 PLUGIN_SO WS_X.Y SOURCE_DIR CAPTURE 1pass|2pass"
base=${ARGS[0]}
case ${ARGS[1]} in
    1pass) passopt=() suffix= ;;
    2pass) passopt=(-2) suffix=.2pass ;;
    *) die "pass must be 1pass or 2pass, not '${ARGS[1]}'" ;;
esac
[ -f "$CAPS/$base.pcapng" ] || die "no capture $CAPS/$base.pcapng"
stage
cap=$T/captures/$base.pcapng
mapfile -d '' prefs < <(capture_prefs "$base")
opts=(${passopt[@]+"${passopt[@]}"} ${prefs[@]+"${prefs[@]}"})
# Wireshark 4.6 writes absolute times (aisid.id.uuid.time, aisid.assertion.exp
# ...) in -T fields as ISO 8601, 4.0 and 4.4 as "Dec  1, 2026 08:00:00.003 UTC";
# 4.6's preference for the older form (absent before) keeps one golden file.
allprefs=$(tshark_plugin -G currentprefs)
if grep -q '^#\{0,1\}protocols\.display_abs_time_ascii:' <<<"$allprefs"; then
    opts+=(-o protocols.display_abs_time_ascii:ALWAYS)
fi

mapfile -t abbrevs < <(aisid_abbrevs)
[ ${#abbrevs[@]} -gt 0 ] || die "the plugin registers no aisid fields"
eargs=(-e frame.number)
for a in "${abbrevs[@]}"; do eargs+=(-e "$a"); done

# Occurrences are joined with US by tshark and split again by awk.
tshark_plugin -r "$cap" "${opts[@]}" -T fields -E header=y -E occurrence=a \
        -E aggregator=$'\037' "${eargs[@]}" | awk -F'\t' '
    NR == 1 { for (i = 1; i <= NF; i++) name[i] = $i; next }
    {
        out = ""
        for (i = 2; i <= NF; i++) {
            if ($i == "") continue
            n = split($i, occ, "\037")
            for (j = 1; j <= n; j++) out = out "  " name[i] ": " occ[j] "\n"
        }
        if (out != "") printf "frame %s\n%s", $1, out
    }' >"$T/fields"

{
    printf '# frame\tabbrev\tseverity\tgroup\tmessage\n'
    aisid_experts "$cap" "${opts[@]}"
} >"$T/expert"

# The views.  The number of sessions comes from the timeline itself.
tshark_plugin -r "$cap" "${opts[@]}" -q -z aisid,timeline >"$T/timeline"
n_sessions=$(grep -c '^AI session [0-9]*:' "$T/timeline" || true)
zargs=(-z aisid,tree -z expert)
for ((s = 0; s < n_sessions; s++)); do zargs+=(-z "follow,aisid,ascii,$s"); done
{
    cat "$T/timeline"
    tshark_plugin -r "$cap" "${opts[@]}" -q "${zargs[@]}" | awk '
        # -z expert sections: "Warns (N)", "=====", column titles, rows, blank.
        function flush(   i) {
            if (nkept > 0) {
                print title " (" total ")"
                for (i = 1; i <= nhead; i++) print head[i]
                for (i = 1; i <= nkept; i++) print kept[i]
                print ""
            }
            insec = 0
        }
        !insec && /^(Errors|Warns|Notes|Chats|Comments) \([0-9]+\)$/ {
            insec = 1; title = $1; nhead = nkept = total = 0; next
        }
        insec && nkept == 0 && (/^=+$/ || /^ +Frequency +Group +Protocol +Summary$/) {
            head[++nhead] = $0; next
        }
        insec && /^$/ { flush(); next }
        insec {
            if (match($0, /^ *[0-9]+ +[A-Za-z][A-Za-z ]* (AI-Session-ID|SIP)  /)) {
                kept[++nkept] = $0; total += $1
            }
            next
        }
        { print }
        END { if (insec) flush() }'
} >"$T/views"

for kind in fields expert views; do
    clip_long_lines <"$T/$kind" >"$T/$kind.clipped" && mv "$T/$kind.clipped" "$T/$kind"
done

fail=0
# The golden files are made with Wireshark 4.0.  Where a later Wireshark
# prints the same facts differently (4.6 escapes a backslash in a -T fields
# value: "abc\000def" comes out "abc\\000def"; it marks a truncated label
# with "[…]" and escapes control characters in labels as "\x01"), that
# version's output is kept beside it as <golden>.ws<X.Y>, used only by it
# and written only where it differs from the 4.0 file.
reference_ws=4.0
for kind in fields expert views; do
    golden=$EXPECTED/$base.$kind$suffix
    rel=testcaptures/expected/$base.$kind$suffix
    if [ "$WS_XY" != "$reference_ws" ] && [ -f "$golden.ws$WS_XY" ]; then
        golden=$golden.ws$WS_XY rel=$rel.ws$WS_XY
    fi
    if [ "${AISID_UPDATE_GOLDEN:-0}" = 1 ]; then
        mkdir -p "$EXPECTED"
        base_golden=$EXPECTED/$base.$kind$suffix
        if [ "$WS_XY" != "$reference_ws" ]; then
            if cmp -s "$T/$kind" "$base_golden"; then
                rm -f "$base_golden.ws$WS_XY"; note "$rel as for $reference_ws"
            else
                cp "$T/$kind" "$base_golden.ws$WS_XY"; note "$rel.ws$WS_XY written"
            fi
        elif cmp -s "$T/$kind" "$golden"; then note "$rel unchanged"
        else cp "$T/$kind" "$golden"; note "$rel written"; fi
    elif [ ! -f "$golden" ]; then
        echo "FAIL: golden file $rel is missing; this run produced:" >&2
        awk 'NR <= 40 {print "    " $0} NR == 41 {print "    ..."}' "$T/$kind" >&2
        fail=1
    elif ! diff -u --label "$rel" --label "tshark output" "$golden" "$T/$kind" >&2; then
        echo "FAIL: $rel differs (see diff above; '+' = what tshark shows now)" >&2
        fail=1
    fi
done
[ "$fail" = 0 ] || { update_hint >&2; exit 1; }
echo "OK: $base ${ARGS[1]}"
