#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# bench.sh PLUGIN_SO WS_X.Y REPO_DIR [CALLS]: what the plugin costs, as ratios
# measured in one run (never as a timed test): tshark CPU time and peak
# memory with the plugin over tshark without it, on
#   sip-plain   CALLS SIP calls without AI-Session-ID   (the common case: must stay ~1.00)
#   rtp         RTP-like UDP, no SIP at all             (must stay ~1.00)
#   sip-aisid   the same calls, every request with AI-Session-ID, one session a call
# each read as a plain summary (`tshark -r`), and sip-aisid also with -2 and
# with -z aisid,timeline.  Every measurement is the minimum of 3 runs,
# alternating with and without the plugin so drift hits both.
# AISID_BENCH_TOOL=callgrind counts instructions instead (valgrind; slower,
# but the same count every time, whatever else the machine is doing).
# shellcheck source=tests/tshark/lib.sh
. "$(dirname "$0")/../tshark/lib.sh"
calls=${ARGS[0]:-20000}
stage
gen=$(dirname "$0")/gen_calls.py
python3 "$gen" "$calls" "$T/captures/sip-plain.pcap"
python3 "$gen" --rtp "$calls" "$T/captures/rtp.pcap"
python3 "$gen" --aisid "$calls" "$T/captures/sip-aisid.pcap"
chmod a+r "$T"/captures/*.pcap

# user+sys seconds and max RSS (KiB) of one tshark run
measure() {
    local home=$1; shift
    local out=$T/time.out
    run_tshark_timed "$home" "$out" "$@"
    awk '{printf "%.3f %d\n", $1 + $2, $3}' "$out"
}
run_tshark_timed() {
    local home=$1 out=$2; shift 2
    local meter=(/usr/bin/time -f '%U %S %M' -o "$out")
    if [ "${AISID_BENCH_TOOL:-}" = callgrind ]; then
        # "instructions 0 maxrss": the same columns as time(1) gives
        meter=(sh -c 'valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
               sed -n "s/.*Collected : \([0-9]*\).*/\1 0 0/p" > '"$out" sh)
    fi
    local cmd=(env -i PATH=/usr/local/bin:/usr/bin:/bin HOME="$home"
        XDG_CONFIG_HOME="$home/.config" LC_ALL=C.UTF-8 TZ=UTC
        WIRESHARK_PLUGIN_DIR="$T/sysplugins" "${meter[@]}"
        "$TSHARK" -n "$@")
    if [ "$(id -u)" = 0 ]; then
        cmd=(setpriv --reuid="$NOBODY_UID" --regid="$NOBODY_GID" --clear-groups "${cmd[@]}")
    fi
    (cd "$T" && "${cmd[@]}" >/dev/null 2>&1 </dev/null)
}
[ -x /usr/bin/time ] || die "needs /usr/bin/time (Debian package time)"
chmod 777 "$T"

if [ "${AISID_BENCH_TOOL:-}" = callgrind ]; then
    printf '%-28s %14s %14s %8s\n' case "instr w/o" "instr w/" ratio
else
    printf '%-28s %10s %10s %8s %10s\n' case "cpu(s) w/o" "cpu(s) w/" ratio "rss ratio"
fi
bench() {
    local name=$1; shift
    local best_n=1e18 best_p=1e18 rss_n=0 rss_p=0 r t m reps=3
    [ "${AISID_BENCH_TOOL:-}" = callgrind ] && reps=1
    for ((r = 0; r < reps; r++)); do
        read -r t m < <(measure "$HOME_NOPLUGIN" "$@")
        best_n=$(awk -v a="$t" -v b="$best_n" 'BEGIN{print (a<b)?a:b}'); rss_n=$m
        read -r t m < <(measure "$HOME_PLUGIN" "$@")
        best_p=$(awk -v a="$t" -v b="$best_p" 'BEGIN{print (a<b)?a:b}'); rss_p=$m
    done
    if [ "${AISID_BENCH_TOOL:-}" = callgrind ]; then
        awk -v n="$name" -v a="$best_n" -v b="$best_p" \
            'BEGIN{printf "%-28s %14.0f %14.0f %8.3f\n", n, a, b, (a>0)?b/a:0}'
    else
        awk -v n="$name" -v a="$best_n" -v b="$best_p" -v ra="$rss_n" -v rb="$rss_p" \
            'BEGIN{printf "%-28s %10.3f %10.3f %8.3f %10.3f\n", n, a, b, (a>0)?b/a:0, (ra>0)?rb/ra:0}'
    fi
}
bench "sip-plain -r"           -r captures/sip-plain.pcap
bench "rtp -r"                 -r captures/rtp.pcap
bench "sip-plain -r -Y sip"    -r captures/sip-plain.pcap -Y sip
bench "sip-aisid -r"           -r captures/sip-aisid.pcap
bench "sip-aisid -r -2"        -r captures/sip-aisid.pcap -2
echo "($calls calls, $((calls * 7)) SIP messages; ratio = with plugin / without)"
