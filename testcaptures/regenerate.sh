#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Regenerates every test capture in testcaptures/ from the committed sources:
#   scenarios/*.xml   sipp scenarios (live traffic on 127.0.0.0/8, port 5060)
#   kamailio/*.cfg    Kamailio proxy configuration (topoh)
#   text/*/*.txt      SIP messages no real stack sends -> tools/sip2hex.py -> text2pcap
#   tools/            JWK/JWS helper (python3 stdlib + openssl), key maker, converter,
#                     HTTP assertion server and fetcher (assertion_ref_http)
#   assertions/       assertion_ref_dir's folder of assertions by reference (written here)
#   keys/             TEST keys (made once by tools/make-keys.sh if missing)
#   ids.env           fixed AI-Session-ID values
#
# Usage: ./regenerate.sh [capture-name ...]     (default: all)
#   e.g. ./regenerate.sh values_bad sipp_udp_call
#
# Needs root (dumpcap on lo), sipp 3.6, kamailio 5.6, tshark/dumpcap/text2pcap/
# mergecap 4.0, openssl, python3.  Live captures: dumpcap -i lo with a capture
# filter on the hosts/ports used, started before the peers, stopped with SIGINT
# after them; each capture is then checked to hold exactly the intended SIP
# messages.  Everything but the live frame timestamps, TCP ephemeral ports/ISNs
# and sipp's Content-Length padding is deterministic (fixed ids, Call-IDs,
# tags, branches; RFC 6979 ES256 signatures).

set -euo pipefail
export TZ=UTC LC_ALL=C

HERE=$(cd "$(dirname "$0")" && pwd)
cd "$HERE"
# shellcheck source=ids.env
. ./ids.env

for t in sipp kamailio dumpcap tshark text2pcap mergecap editcap openssl python3; do
    command -v "$t" >/dev/null || { echo "missing tool: $t" >&2; exit 1; }
done

BUILD=$(mktemp -d /tmp/aisid-captures.XXXXXX)
PIDS=()
CAP_PID=""
HTTP_PID=""
cleanup() {
    local rc=$? p
    [ $rc = 0 ] || KEEP_BUILD=1
    for p in "${PIDS[@]}" $CAP_PID $HTTP_PID; do
        kill "$p" 2>/dev/null || true
    done
    if [ "${KEEP_BUILD:-0}" = 1 ]; then echo "build dir kept: $BUILD"; else rm -rf "$BUILD"; fi
}
trap cleanup EXIT

ONLY=" $* "
want() { [ "$ONLY" = "  " ] || [[ "$ONLY" == *" $1 "* ]]; }
log() { printf '=== %s\n' "$*"; }
fail() { echo "FAILED: $*" >&2; KEEP_BUILD=1; exit 1; }

# ------------------------------------------------------------ keys and JWS
[ -f keys/test-es256-private.pem ] && [ -f keys/test-ed25519-private.pem ] &&
    [ -f keys/test-rs256-private.pem ] && [ -f keys/test-unknown-es256-private.pem ] ||
    tools/make-keys.sh
python3 tools/aisid_jws.py selftest >/dev/null
python3 tools/aisid_jws.py jwks keys
mkdir -p jws
python3 tools/aisid_jws.py build keys jws ids.env
jws() { cat "jws/$1.jws"; }

# ------------------------------------------------------------ helpers
SIPP_COMMON=(-nostdin -trace_err -timeout 40s -timeout_error -max_retrans 3)

cap_start() {   # name "bpf filter"
    CAP_NAME=$1
    CAP_FILE="$BUILD/$1.pcapng"
    dumpcap -q -i lo -f "$2" -w "$CAP_FILE" 2>"$BUILD/$1.dumpcap.log" &
    CAP_PID=$!
    local i
    for i in $(seq 100); do [ -s "$CAP_FILE" ] && break; sleep 0.05; done
    [ -s "$CAP_FILE" ] || fail "dumpcap did not start for $1 ($(cat "$BUILD/$1.dumpcap.log"))"
    sleep 0.5
}

cap_stop() {
    sleep 0.7
    kill -INT "$CAP_PID"
    wait "$CAP_PID" || true
    CAP_PID=""
}

# sipp_bg NAME SCENARIO IP [args...]  -> background sipp, pid recorded
sipp_bg() {
    local name=$1 sf=$2 ip=$3
    shift 3
    (cd "$BUILD" && exec sipp -sf "$HERE/scenarios/$sf" -i "$ip" -p 5060 -mi "$ip" -s bob \
        "${SIPP_COMMON[@]}" "$@" >"$BUILD/$name.sipp.out" 2>&1) &
    PIDS+=($!)
}

# wait for every background peer; all must exit 0
sipp_wait() {
    local p rc=0
    for p in "${PIDS[@]}"; do
        wait "$p" || rc=$?
    done
    PIDS=()
    [ $rc = 0 ] || { ls "$BUILD"; { cat "$BUILD"/*errors.log 2>/dev/null | head -40 || true; }; fail "a sipp peer exited with $rc"; }
}

# check FILE MODE EXPECTED...  MODE = exact | sorted; EXPECTED = method or status per SIP message
check() {
    local f=$1 mode=$2
    shift 2
    local got want
    got=$(tshark -r "$f" -Y sip -T fields -e sip.Method -e sip.Status-Code 2>/dev/null |
          awk -F'\t' '{print $1 $2}' | tr '\n' ' ' | sed 's/ $//')
    want="$*"
    if [ "$mode" = sorted ]; then
        got=$(tr ' ' '\n' <<<"$got" | sort | tr '\n' ' ' | sed 's/ $//')
        want=$(tr ' ' '\n' <<<"$want" | sort | tr '\n' ' ' | sed 's/ $//')
    fi
    [ "$got" = "$want" ] || fail "$f: SIP messages differ
  want: $want
  got:  $got"
}

finish() {      # name mode expected...  -> check and install the capture
    local name=$1
    shift
    check "$CAP_FILE" "$@"
    cp "$CAP_FILE" "$HERE/$name.pcapng"
    chmod 644 "$HERE/$name.pcapng"
    log "$name.pcapng: $(tshark -r "$HERE/$name.pcapng" -Y sip 2>/dev/null | wc -l) SIP messages, $(stat -c %s "$HERE/$name.pcapng") bytes"
}

CALL="INVITE 100 180 200 ACK BYE 200"

# one UAC call with uac_call.xml (or another UAC scenario)
#   uac_call SCENARIO UAC_IP UAS_IP CALLID_STR AISID PARAMS FTAG [more sipp args]
uac_call() {
    local sf=$1 uac=$2 uas=$3 cid=$4 id=$5 params=$6 ftag=$7
    shift 7
    (cd "$BUILD" && sipp -sf "$HERE/scenarios/$sf" "$uas:5060" -i "$uac" -p 5060 -mi "$uac" \
        "${SIPP_COMMON[@]}" -m 1 -s bob -cid_str "$cid" \
        -key aisid "$id" -key aisid_params "$params" -key ftag "$ftag" -key user alice \
        -key hdr "${UAC_HDR:-User-Agent: sipp/3.6.1 aisid-testcaptures}" "$@" \
        >"$BUILD/uac-$ftag.sipp.out" 2>&1) ||
        { { cat "$BUILD"/*errors.log 2>/dev/null | head -40 || true; }; fail "UAC $ftag ($sf) failed"; }
}

# ------------------------------------------------------------ text2pcap captures
# text_capture DIR NAME BASE_EPOCH: one text2pcap run per message, 1 s apart,
# then concatenated in file order with mergecap -a.
text_capture() {
    local dir=$1 name=$2 t=$3 i=0 src ts args parts=()
    mkdir -p "$BUILD/$name"
    for src in text/"$dir"/*.txt; do
        ts=$(date -u -d "@$((t + i))" +%Y-%m-%dT%H:%M:%S.000000)
        args=$(python3 tools/sip2hex.py ids.env jws "$ts" "$src" "$BUILD/$name/$i.hex" "$BUILD/gen")
        # sip2hex.py always says -4; an address with ':' (src=::1:5060) is IPv6
        [[ ${args%% -[uT] *} == *:* ]] && args="-6 ${args#-4 }"
        # shellcheck disable=SC2086
        # relative names: they end up in the pcapng comments, keep them stable
        (cd "$BUILD/$name" && text2pcap -q -t '%Y-%m-%dT%H:%M:%S.%f' $args -N lo "$i.hex" "$i.pcapng" 2>>../tools.log)
        parts+=("$i.pcapng")
        i=$((i + 1))
    done
    (cd "$BUILD/$name" && mergecap -a -w "../$name.pcapng" "${parts[@]}" 2>>../tools.log)
    CAP_FILE="$BUILD/$name.pcapng"
    local n
    n=$(tshark -r "$CAP_FILE" -Y sip 2>/dev/null | wc -l)
    [ "$n" = "$i" ] || fail "$name: $n SIP messages decoded, $i sources"
    cp "$CAP_FILE" "$HERE/$name.pcapng"
    log "$name.pcapng: $i SIP messages (text2pcap), $(stat -c %s "$HERE/$name.pcapng") bytes"
}

# 2026-12-01T10:00:00Z and 11:00:00Z
want values_bad && text_capture values_bad values_bad 1796119200
want assertion_bad && text_capture assertion_bad assertion_bad 1796122800
# 2026-12-01T12:00:00Z; read with extra_header.prefs (aisid.extra_headers)
want extra_header && text_capture extra_header extra_header 1796126400

# assertion_ref_dir: 2026-12-01T13:00:00Z, read with assertion_ref_dir.prefs
# (aisid.assertion_dir @CAPTURES@/assertions, aisid.jwks_file).  The folder
# assertions/ holds one file per resolvable URI, named by the lowercase hex
# SHA-256 of the exact URI string (as written between < and >), no extension,
# content = the compact JWS without a newline.
assertion_file() {     # URI JWS-NAME
    local f
    f=assertions/$(printf %s "$1" | sha256sum | cut -d' ' -f1)
    printf %s "$(jws "$2")" >"$f"
    chmod 644 "$f"
    log "assertions/${f#assertions/}  <- $1 ($2)"
}
if want assertion_ref_dir; then
    mkdir -p assertions
    assertion_file "https://as.example.net/a/$ID_DIR_FILE" ref_dir_rs256
    assertion_file "https://as.example.net/a/$ID_DIR_FILE/2" ref_dir_rs256_v2
    nofile=assertions/$(printf %s "https://as.example.net/a/$ID_DIR_NOFILE" | sha256sum | cut -d' ' -f1)
    [ ! -e "$nofile" ] || fail "$nofile must not exist (the unresolved case of assertion_ref_dir)"
    text_capture assertion_ref_dir assertion_ref_dir 1796130000
    check "$CAP_FILE" exact INVITE 200 ACK INVITE INVITE 200 ACK UPDATE 200 BYE 200
fi
# boundary: 2026-12-01T14:00:00Z, read with boundary.prefs (aisid.trusted_networks
# 127.0.0.0/24,::1/128); frames 6 and 7 are IPv6 (text2pcap -6)
if want boundary; then
    text_capture boundary boundary 1796133600
    check "$CAP_FILE" exact INVITE INVITE INVITE INVITE INVITE INVITE INVITE
    [ "$(tshark -r "$CAP_FILE" -Y 'sip && ipv6' 2>/dev/null | wc -l)" = 2 ] || fail "boundary: want 2 IPv6 frames"
fi
# assertion_verify: 2026-12-01T15:00:00Z, read with assertion_verify.prefs (aisid.jwks_file)
if want assertion_verify; then
    text_capture assertion_verify assertion_verify 1796137200
    check "$CAP_FILE" exact INVITE INVITE INVITE INVITE INVITE INVITE INVITE INVITE INVITE
fi

# The malformed-input corpus: one table of hostile cases in tools/malformed.py
# writes the sources text/malformed_*/ and text/bound_dialogs/ (committed),
# the huge and binary values they name (@@GEN:...@@, into $BUILD/gen) and the
# hostile JWK Sets keys/hostile-*.json; each capture has its own .prefs.
# 2026-12-01T16:00:00Z onwards (see malformed.py for each base time).
MALFORMED="malformed_values malformed_jws malformed_json malformed_jwks malformed_jwks_notjson
           malformed_jwks_deep malformed_jwks_many malformed_jwks_huge bound_dialogs"
malformed_wanted=0
for m in $MALFORMED; do want "$m" && malformed_wanted=1; done
if [ "$malformed_wanted" = 1 ]; then
    python3 tools/malformed.py sources text
    python3 tools/malformed.py gen keys "$BUILD/gen"
    chmod 644 keys/hostile-*.json
    for m in $MALFORMED; do
        want "$m" || continue
        epoch=$(python3 -c "import sys; sys.path.insert(0, 'tools'); import malformed as m; print(m.CAPTURES['$m']['epoch'])")
        text_capture "$m" "$m" "$epoch"
    done
fi

# ------------------------------------------------------------ live captures
udp_filter() {   # host list -> "udp port 5060 and (host a or host b ...)"
    local h f=""
    for h in "$@"; do f="${f:+$f or }host $h"; done
    echo "udp port 5060 and ($f)"
}

if want sipp_udp_call; then
    log sipp_udp_call
    cap_start sipp_udp_call "$(udp_filter 127.0.0.30 127.0.0.31)"
    sipp_bg uas-udp uas_call.xml 127.0.0.31 -m 1 -key ttag udp-b
    sleep 0.3
    uac_call uac_call.xml 127.0.0.30 127.0.0.31 'aisid-udp-%u@127.0.0.30' "$ID_UDP" "" udp-a
    sipp_wait
    cap_stop
    finish sipp_udp_call exact $CALL
fi

if want assertion_embedded; then
    log assertion_embedded
    cap_start assertion_embedded "$(udp_filter 127.0.0.46 127.0.0.47)"
    sipp_bg uas-emb uas_call.xml 127.0.0.47 -m 4 -key ttag emb-b
    sleep 0.3
    uac_call uac_call.xml 127.0.0.46 127.0.0.47 'aisid-emb-good-%u@127.0.0.46' "$ID_EMB_GOOD" \
        ";assertion=$(jws emb_good)" emb-good-
    uac_call uac_call.xml 127.0.0.46 127.0.0.47 'aisid-emb-unknownkey-%u@127.0.0.46' "$ID_EMB_UNKNOWN" \
        ";assertion=$(jws emb_unknown)" emb-unk-
    uac_call uac_call.xml 127.0.0.46 127.0.0.47 'aisid-emb-badsig-%u@127.0.0.46' "$ID_EMB_CORRUPT" \
        ";assertion=$(jws emb_corrupt)" emb-sig-
    uac_call uac_call.xml 127.0.0.46 127.0.0.47 'aisid-emb-both-%u@127.0.0.46' "$ID_EMB_BOTH" \
        ";assertion-ref=<https://as.example.net/a/$ID_EMB_BOTH>;assertion=$(jws emb_both)" emb-both-
    sipp_wait
    cap_stop
    finish assertion_embedded exact $CALL $CALL $CALL $CALL
fi

if want assertion_ref; then
    log assertion_ref
    cap_start assertion_ref "$(udp_filter 127.0.0.38 127.0.0.39)"
    sipp_bg uas-ref uas_call.xml 127.0.0.39 -m 3 -key ttag ref-b
    sleep 0.3
    uac_call uac_call.xml 127.0.0.38 127.0.0.39 'aisid-ref-https-%u@127.0.0.38' "$ID_REF_SECURE" \
        ";assertion-ref=<https://as.example.net/a/$ID_REF_SECURE>" ref-https-
    uac_call uac_call.xml 127.0.0.38 127.0.0.39 'aisid-ref-http-%u@127.0.0.38' "$ID_REF_INSECURE" \
        ";assertion-ref=<http://as.example.net/a/$ID_REF_INSECURE>" ref-http-
    uac_call uac_call.xml 127.0.0.38 127.0.0.39 'aisid-ref-quoted-%u@127.0.0.38' "$ID_REF_QUOTED" \
        ';assertion-ref="https://as.example.net/quoted"' ref-quoted-
    sipp_wait
    cap_stop
    finish assertion_ref exact $CALL $CALL $CALL
fi

# check_http FILE EXPECTED...: SIP and HTTP messages in frame order; HTTP ones as
# http:GET, http:200, http:404 ...
check_http() {
    local f=$1 got
    shift
    got=$(tshark -r "$f" -Y 'sip || http' -T fields -e sip.Method -e sip.Status-Code \
              -e http.request.method -e http.response.code 2>/dev/null |
          awk -F'\t' '{ if ($3 != "") print "http:" $3; else if ($4 != "") print "http:" $4; else print $1 $2 }' |
          tr '\n' ' ' | sed 's/ $//')
    [ "$got" = "$*" ] || fail "$f: SIP/HTTP messages differ
  want: $*
  got:  $got"
}

if want assertion_ref_http; then
    # Assertions by reference over plain HTTP: tools/aisid_http.py on 127.0.0.60:8080
    # serves /a/<ID> (application/jose, or application/json {"assertion": JWS}, or 404);
    # the UAS 127.0.0.61 (uas_call_fetch.xml) is the verifier: right after each INVITE
    # from the UAC 127.0.0.62 it GETs the URI (tools/aisid_fetch.py, source 127.0.0.61),
    # then answers 300 ms later.  The 4th call's URI is never fetched (plain uas_call.xml).
    log assertion_ref_http
    HROOT=$BUILD/http-root
    mkdir -p "$HROOT"
    printf %s "$(jws ref_http_es256)" >"$HROOT/$ID_HTTP_JOSE.jose"
    printf '{"assertion":"%s"}' "$(jws ref_http_eddsa)" >"$HROOT/$ID_HTTP_JSON.json"
    # ID_HTTP_404: no file, so 404; ID_HTTP_UNFETCHED: never asked for
    python3 tools/aisid_http.py "$HROOT" 127.0.0.60 8080 "$BUILD/http.ready" 2>"$BUILD/http.log" &
    HTTP_PID=$!
    for i in $(seq 100); do [ -e "$BUILD/http.ready" ] && break; sleep 0.05; done
    [ -e "$BUILD/http.ready" ] || { cat "$BUILD/http.log"; fail "HTTP server did not start"; }
    : >"$BUILD/fetch.log"
    cap_start assertion_ref_http \
        "(udp port 5060 and (host 127.0.0.61 or host 127.0.0.62)) or (tcp port 8080 and host 127.0.0.60)"
    sipp_bg uas-http uas_call_fetch.xml 127.0.0.61 -m 3 -key ttag http-b \
        -key fetch_tool "$HERE/tools/aisid_fetch.py" -key fetch_src 127.0.0.61 -key fetch_log "$BUILD/fetch.log"
    sleep 0.3
    uac_call uac_call.xml 127.0.0.62 127.0.0.61 'aisid-http-jose-%u@127.0.0.62' "$ID_HTTP_JOSE" \
        ";assertion-ref=<http://127.0.0.60:8080/a/$ID_HTTP_JOSE>" http-jose-
    uac_call uac_call.xml 127.0.0.62 127.0.0.61 'aisid-http-json-%u@127.0.0.62' "$ID_HTTP_JSON" \
        ";assertion-ref=<http://127.0.0.60:8080/a/$ID_HTTP_JSON>" http-json-
    uac_call uac_call.xml 127.0.0.62 127.0.0.61 'aisid-http-404-%u@127.0.0.62' "$ID_HTTP_404" \
        ";assertion-ref=<http://127.0.0.60:8080/a/$ID_HTTP_404>" http-404-
    sipp_wait
    sleep 0.5
    sipp_bg uas-http-nofetch uas_call.xml 127.0.0.61 -m 1 -key ttag http-nofetch-b
    sleep 0.3
    uac_call uac_call.xml 127.0.0.62 127.0.0.61 'aisid-http-unfetched-%u@127.0.0.62' "$ID_HTTP_UNFETCHED" \
        ";assertion-ref=<http://127.0.0.60:8080/a/$ID_HTTP_UNFETCHED>" http-unf-
    sipp_wait
    cap_stop
    kill -TERM "$HTTP_PID"; wait "$HTTP_PID" || true
    HTTP_PID=""
    want_fetch="200 http://127.0.0.60:8080/a/$ID_HTTP_JOSE
200 http://127.0.0.60:8080/a/$ID_HTTP_JSON
404 http://127.0.0.60:8080/a/$ID_HTTP_404"
    [ "$(cat "$BUILD/fetch.log")" = "$want_fetch" ] || { cat "$BUILD/http.log"; fail "fetches differ:
$(cat "$BUILD/fetch.log")"; }
    F="INVITE http:GET http:200 100 180 200 ACK BYE 200"
    check_http "$CAP_FILE" $F $F INVITE http:GET http:404 100 180 200 ACK BYE 200 $CALL
    finish assertion_ref_http exact $CALL $CALL $CALL $CALL
fi

# attended transfer: Alice 127.0.0.10, Bob 127.0.0.11, Carol 127.0.0.12
XFER="INVITE 100 180 200 ACK  INVITE 100 180 200 ACK  REFER 202 NOTIFY 200
      INVITE 100 200 ACK  NOTIFY 200  BYE 200  BYE 200  BYE 200"
transfer() {    # name bob-scenario callid-str id
    log "$1"
    cap_start "$1" "$(udp_filter 127.0.0.10 127.0.0.11 127.0.0.12)"
    sipp_bg "$1-carol" xfer_carol.xml 127.0.0.12 -m 1
    sipp_bg "$1-bob" "$2" 127.0.0.11 -m 1
    sleep 0.3
    (cd "$BUILD" && sipp -sf "$HERE/scenarios/xfer_alice.xml" 127.0.0.11:5060 -i 127.0.0.10 -p 5060 \
        -mi 127.0.0.10 "${SIPP_COMMON[@]}" -m 1 -cid_str "$3" -key aisid "$4" \
        >"$BUILD/$1-alice.sipp.out" 2>&1) || { { cat "$BUILD"/*errors.log 2>/dev/null | head -40 || true; }; fail "Alice ($1)"; }
    sipp_wait
    cap_stop
    # shellcheck disable=SC2086
    finish "$1" exact $XFER
}
want attended_transfer && transfer attended_transfer xfer_bob_preserve.xml 'aisidxfer-%u' "$ID_XFER"
want transfer_not_preserved && transfer transfer_not_preserved xfer_bob_not_preserved.xml 'aisidxfernp-%u' "$ID_XFER_NP"

if want bye_missing; then
    log bye_missing
    cap_start bye_missing "$(udp_filter 127.0.0.36 127.0.0.37)"
    sipp_bg uas-byem uas_call.xml 127.0.0.37 -m 1 -key ttag byem-b
    sleep 0.3
    uac_call uac_call_bye_missing.xml 127.0.0.36 127.0.0.37 'aisid-byemissing-%u@127.0.0.36' "$ID_BYE_MISSING" "" byem-a
    sipp_wait
    cap_stop
    finish bye_missing exact $CALL
fi

if want sipp_tcp_call; then
    log sipp_tcp_call
    cap_start sipp_tcp_call "tcp port 5060 and host 127.0.0.32 and host 127.0.0.33"
    sipp_bg uas-tcp uas_call.xml 127.0.0.33 -t t1 -m 1 -key ttag tcp-b
    sleep 0.3
    uac_call uac_call.xml 127.0.0.32 127.0.0.33 'aisid-tcp-%u@127.0.0.32' "$ID_TCP" "" tcp-a -t t1
    sipp_wait
    cap_stop
    finish sipp_tcp_call exact $CALL
fi

if want kamailio_topoh; then
    log kamailio_topoh
    mkdir -p "$BUILD/kamailio-run"
    cap_start kamailio_topoh "$(udp_filter 127.0.0.20 127.0.0.21 127.0.0.22)"
    kamailio -f "$HERE/kamailio/topoh.cfg" -DD -E -Y "$BUILD/kamailio-run" -P "$BUILD/kamailio-run/k.pid" \
        -w "$BUILD/kamailio-run" >"$BUILD/kamailio.log" 2>&1 &
    KPID=$!
    PIDS+=($KPID)
    sleep 1.5
    kill -0 $KPID 2>/dev/null || { cat "$BUILD/kamailio.log"; fail "kamailio did not start"; }
    sipp_bg uas-topoh uas_call.xml 127.0.0.22 -m 1 -key ttag topoh-b
    UASPID=${PIDS[-1]}
    sleep 0.3
    uac_call uac_call.xml 127.0.0.21 127.0.0.20 'aisid-topoh-%u@127.0.0.21' "$ID_TOPOH" "" topoh-a
    wait "$UASPID" || fail "UAS behind kamailio failed"
    kill -TERM $KPID; wait $KPID || true
    PIDS=()
    cap_stop
    finish kamailio_topoh sorted $CALL $CALL
    n=$(tshark -r kamailio_topoh.pcapng -Y sip -T fields -e sip.Call-ID 2>/dev/null | sort -u | wc -l)
    [ "$n" = 2 ] || fail "kamailio_topoh: expected 2 distinct Call-IDs, got $n"
fi

if want reinvite_changed; then
    log reinvite_changed
    cap_start reinvite_changed "$(udp_filter 127.0.0.34 127.0.0.35)"
    sipp_bg uas-reinv-acc uas_reinvite_accept.xml 127.0.0.35 -m 1 -key ttag reinv-acc-b
    sleep 0.3
    uac_call uac_reinvite.xml 127.0.0.34 127.0.0.35 'aisid-reinv-accept-%u@127.0.0.34' "$ID_REINV_A" "" reinv-acc- \
        -key aisid_new "$ID_REINV_A_NEW"
    sipp_wait
    sleep 0.5
    sipp_bg uas-reinv-rej uas_reinvite_reject.xml 127.0.0.35 -m 1 -key ttag reinv-rej-b
    sleep 0.3
    uac_call uac_reinvite.xml 127.0.0.34 127.0.0.35 'aisid-reinv-reject-%u@127.0.0.34' "$ID_REINV_B" "" reinv-rej- \
        -key aisid_new "$ID_REINV_B_NEW"
    sipp_wait
    cap_stop
    finish reinvite_changed exact INVITE 100 180 200 ACK INVITE 200 ACK BYE 200 \
        INVITE 100 180 200 ACK INVITE 400 ACK BYE 200
fi

if want b2bua_conflict; then
    # one B2BUA, two legs: leg A UA-A 127.0.0.50 -> B2BUA 127.0.0.51,
    # leg B B2BUA 127.0.0.52 -> UA-B 127.0.0.53.  Same RFC 7989 session
    # (Session-ID A;remote=B on leg A, B;remote=A on leg B), different AI-Session-IDs.
    log b2bua_conflict
    cap_start b2bua_conflict "$(udp_filter 127.0.0.50 127.0.0.51 127.0.0.52 127.0.0.53)"
    sipp_bg uas-b2b-a uas_call.xml 127.0.0.51 -m 1 -key ttag b2b-a-
    sipp_bg uas-b2b-b uas_call.xml 127.0.0.53 -m 1 -key ttag b2b-b-
    sleep 0.3
    UAC_HDR="Session-ID: $SESSID_UA_A;remote=$SESSID_UA_B" \
        uac_call uac_call.xml 127.0.0.50 127.0.0.51 'aisid-b2bua-legA-%u@127.0.0.50' "$ID_B2BUA_A" "" b2b-legA- &
    LEGA=$!
    sleep 0.2
    UAC_HDR="Session-ID: $SESSID_UA_B;remote=$SESSID_UA_A" \
        uac_call uac_call.xml 127.0.0.52 127.0.0.53 'aisid-b2bua-legB-%u@127.0.0.52' "$ID_B2BUA_B" "" b2b-legB-
    wait $LEGA || fail "b2bua leg A"
    sipp_wait
    cap_stop
    finish b2bua_conflict sorted $CALL $CALL
fi

# ------------------------------------------------------------ public captures
if want public; then
    SRC=/work/shared/captures/public
    if [ -d "$SRC" ]; then
        mkdir -p public
        for f in "$SRC"/*; do
            b=$(basename "$f")
            [ "$b" = README.md ] && continue
            cp "$f" "public/$b"
            chmod 644 "public/$b"
        done
        {
            cat "$SRC/README.md"
            echo
            echo "These files were copied unchanged (byte for byte) from the shared capture store"
            echo "(/work/shared/captures/public/) into testcaptures/public/ on 2026-12-01; this file is"
            echo "that store's README.md, kept verbatim above as the provenance record."
        } >public/PROVENANCE.md
        log "public/: $(ls public | wc -l) files"
    else
        log "public/: $SRC not present, kept the committed copies"
    fi
fi

log "done"
