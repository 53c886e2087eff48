#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# bench_generator: keeps the benchmark's capture generator working (the
# benchmark itself is a command, not a test: tests/bench/bench.sh).
#   gen_check.sh PLUGIN_SO WS_X.Y REPO_DIR AISID_GEN
# Writes small captures in the three modes and checks what the plugin makes
# of them: the same seed gives the same bytes; the AI-session capture has
# sessions with transfers and assertions of both forms and, its traffic
# being conformant, no warning of ours even with hundreds of sessions in
# flight (REFERs to shared targets, UDP checksums that hold 0x0a); the plain
# capture has the same SIP and nothing of ours; the no-SIP capture no SIP.
# shellcheck source=tests/tshark/lib.sh
. "$(dirname "$0")/../tshark/lib.sh"
gen=${ARGS[0]:?usage: gen_check.sh PLUGIN_SO WS_X.Y REPO_DIR AISID_GEN}
n=3000
stage
c=$T/captures
"$gen" -n $n -s 7 -c 200 "$c/gen-a.pcap"
"$gen" -n $n -s 7 -c 200 "$c/gen-a2.pcap"
"$gen" -n $n -s 7 -c 200 -m plain "$c/gen-p.pcap"
"$gen" -n $n -m nosip "$c/gen-n.pcap"
chmod a+r "$c"/gen-*.pcap
cmp -s "$c/gen-a.pcap" "$c/gen-a2.pcap" || die "the same seed gave different captures"

count() { tshark_plugin -r "$1" -Y "$2" | wc -l; }
sip=$(count "$c/gen-a.pcap" sip)
[ "$sip" -ge $n ] || die "gen-a.pcap: $sip SIP frames, want at least $n"
with_session=$(count "$c/gen-a.pcap" aisid.session)
with_id=$(count "$c/gen-a.pcap" aisid.id)
note "gen-a.pcap: $sip SIP frames, $with_id with the header, $with_session in a session"
[ "$with_id" -gt $((n / 3)) ] || die "too few messages with AI-Session-ID: $with_id"
# Every message that carries the header belongs to a session.
lost=$(count "$c/gen-a.pcap" "aisid.id && !aisid.session")
[ "$lost" = 0 ] || die "$lost messages with AI-Session-ID are in no session"
for origin in refer replaces; do
    k=$(count "$c/gen-a.pcap" "aisid.dialog.origin == \"$origin\" && sip.Method == \"INVITE\"")
    [ "$k" -gt 0 ] || die "no dialog derived by $origin"
done
for form in assertion_ref assertion; do
    k=$(count "$c/gen-a.pcap" "aisid.$form")
    [ "$k" -gt 0 ] || die "no aisid.$form"
done
warn=$(tshark_plugin -r "$c/gen-a.pcap" -2 -Y 'aisid && _ws.expert.severity >= 6291456' \
       -T fields -e frame.number -e _ws.expert.message | head -5)
[ -z "$warn" ] || die "warnings on conformant traffic:"$'\n'"$warn"
# The dissector-bug item: a field of _ws.malformed in 4.0, _ws.dissector_bug
# from 4.4 (see no_malformed.sh).
# (read whole first: grep -q stopping early would fail the pipeline)
bug=_ws.malformed.dissector_bug
known=$(tshark_plugin -G fields | awk -F'\t' '{print $3}')
grep -qx "$bug" <<<"$known" || bug=_ws.dissector_bug
bad=$(count "$c/gen-a.pcap" "_ws.malformed.expert || $bug || _ws.malformed.reassembly")
[ "$bad" = 0 ] || die "$bad malformed frames"

psip=$(count "$c/gen-p.pcap" sip)
[ "$psip" = "$sip" ] || die "gen-p.pcap: $psip SIP frames, gen-a.pcap $sip"
ours=$(count "$c/gen-p.pcap" aisid)
[ "$ours" = 0 ] || die "gen-p.pcap: $ours frames with aisid"
nsip=$(count "$c/gen-n.pcap" "sip || aisid")
[ "$nsip" = 0 ] || die "gen-n.pcap: $nsip frames with SIP"
nrtp=$(tshark_plugin -r "$c/gen-n.pcap" -o rtp.heuristic_rtp:TRUE -Y "rtp || http" | wc -l)
[ "$nrtp" -gt $((n / 2)) ] || die "gen-n.pcap: only $nrtp RTP/HTTP frames"
echo "OK: generator captures as expected ($sip SIP, $with_session in sessions; plain and no-SIP clean)"
