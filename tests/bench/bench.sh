#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# What the plugin costs, as ratios measured in one run (a command, not a
# test: CI only runs the generator, test bench_generator).
#
#   bash tests/bench/bench.sh [-s SIZES] [-r RUNS] [-p N] [-o FILE] [--full]
#                             [--only REGEX]
#
# From a clean clone: builds the plugin and the generator (tests/bench/
# aisid_gen.c) in build-bench/ unless AISID_BUILD_DIR names a built tree,
# writes the captures into a temporary folder, and runs each tshark command
# RUNS times (default 3), alternating the baseline and the plugin so that
# drift hits both; it reports medians of CPU time (user+sys), wall time and
# peak memory, and their ratios.  The baseline is the same tshark with the
# plugin not installed (`--disable-protocol` is its own row).  Note that
# `tshark -q` without a tap or filter dissects nothing: never a baseline.
#
#   -s SIZES   AI-session capture sizes in SIP messages (default
#              10000,100000,1000000)
#   -p N       size of the plain-SIP and no-SIP captures (default 100000)
#   -r RUNS    runs of each command and side (default 3)
#   -o FILE    also write the results as Markdown to FILE
#   --full     every row at sizes above 100000 too (slow); without it they
#              get summary and two-pass only, and no tap rows
#   --only RE  only the rows whose "capture run" (as printed, e.g.
#              "plain 100000 details") matches the extended regex RE
#
# Rows (command shapes of issue 5):
#   summary    tshark -n -r C
#   details    tshark -n -r C -V
#   fields     -T fields -e sip.Call-ID -e aisid.session -e aisid.id
#              (baseline: -e sip.Call-ID)
#   two-pass   -2 -Y sip
#   disabled   plugin installed, --disable-protocol aisid (summary shape)
#   tap tree / tap timeline   -q -z aisid,tree / -q -z aisid,timeline
#              (plugin only: microseconds per SIP message)
#   MATE / Lua the same grouping as the fields row, written as MATE
#              (aisid.mate) and as a Lua postdissector (aisid_group.lua),
#              on the same tshark without the plugin: ratio to the plugin's
#              fields run (how many times slower)
#
# AISID_BENCH_TOOL=callgrind counts instructions instead of seconds
# (valgrind; one run each, the same count whatever else the machine does).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)

sizes=10000,100000,1000000 plain_n=100000 runs=3 out= full=0 only=
while [ $# -gt 0 ]; do
    case $1 in
        -s) sizes=$2; shift 2 ;;
        -p) plain_n=$2; shift 2 ;;
        -r) runs=$2; shift 2 ;;
        -o) out=$2; shift 2 ;;
        --full) full=1; shift ;;
        --only) only=$2; shift 2 ;;
        -h|--help) sed -n '3,40p' "$0"; exit 0 ;;
        *) echo "bench.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done
case $out in ''|/*) ;; *) out=$PWD/$out ;; esac
[ -x /usr/bin/time ] || { echo "bench.sh: needs /usr/bin/time (Debian package time)" >&2; exit 2; }

build=${AISID_BUILD_DIR:-$repo/build-bench}
if [ ! -x "$build/tests/bench/aisid-gen" ] || [ ! -f "$build/plugin/aisid.so" ]; then
    cmake -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build "$build" --target aisid aisid-gen --parallel "$(nproc 2>/dev/null || echo 2)" >/dev/null
gen=$build/tests/bench/aisid-gen
ws_xy=$(sed -n 's/^AISID_WS_XY:[A-Z]*=//p' "$build/CMakeCache.txt")

# The tshark tests' staging: tshark as nobody with a temporary HOME.
set -- "$build/plugin/aisid.so" "$ws_xy" "$repo"
# shellcheck source=tests/tshark/lib.sh
. "$repo/tests/tshark/lib.sh"
stage
chmod 777 "$T"

# MATE reads the header through SIP's custom header fields table.
HOME_MATE=$T/home-mate
mkdir -p "$HOME_MATE/.config/wireshark"
printf '"AI-Session-ID","AI-Session-ID (custom header field)"\n' \
    >"$HOME_MATE/.config/wireshark/custom_sip_header_fields"
cp "$here/aisid.mate" "$here/aisid_group.lua" "$T/"
chmod -R a+rX "$T"
[ "$(id -u)" != 0 ] || chown -R "$NOBODY_UID:$NOBODY_GID" "$HOME_MATE"

# ------------------------------------------------------------ captures
c=$T/captures
IFS=, read -r -a size_list <<<"$sizes"
for n in "${size_list[@]}"; do "$gen" -n "$n" -s 1 "$c/aisid-$n.pcap"; done
"$gen" -n "$plain_n" -s 1 -m plain "$c/plain-$plain_n.pcap"
"$gen" -n "$plain_n" -m nosip "$c/nosip-$plain_n.pcap"
chmod a+r "$c"/*.pcap

# ------------------------------------------------------------ measuring
# "cpu wall maxrss_kib" of one tshark run as nobody in HOME $1.
measure() {
    local home=$1; shift
    local meter=(/usr/bin/time -f '%U %S %e %M' -o "$T/time.out")
    if [ "${AISID_BENCH_TOOL:-}" = callgrind ]; then
        meter=(sh -c 'valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
               sed -n "s/.*Collected : \([0-9]*\).*/\1 0 0 0/p" > '"$T/time.out" sh)
    fi
    local cmd=(env -i PATH=/usr/local/bin:/usr/bin:/bin HOME="$home"
        XDG_CONFIG_HOME="$home/.config" LC_ALL=C.UTF-8 TZ=UTC
        WIRESHARK_PLUGIN_DIR="$T/sysplugins" "${meter[@]}" "$TSHARK" -n "$@")
    if [ "$(id -u)" = 0 ]; then
        cmd=(setpriv --reuid="$NOBODY_UID" --regid="$NOBODY_GID" --clear-groups "${cmd[@]}")
    fi
    (cd "$T" && "${cmd[@]}" >/dev/null 2>"$T/tshark.err" </dev/null) ||
        { echo "bench.sh: tshark $* failed:" >&2; cat "$T/tshark.err" >&2; exit 1; }
    awk '{printf "%.3f %.3f %d\n", $1 + $2, $3, $4}' "$T/time.out"
}

median() { sort -g | awk '{v[NR]=$1} END{print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }

rows=()
row() { rows+=("$1"); printf '%s\n' "$1"; }
header() {
    row "| capture | run | cpu s w/o | cpu s with | cpu ratio | wall ratio | MiB w/o | MiB with | mem ratio |"
    row "|---|---|---:|---:|---:|---:|---:|---:|---:|"
}

# pair CAPTURE RUN "BASE_HOME BASE_ARGS..." "PLUGIN_HOME PLUGIN_ARGS..."
# (arguments as strings split on spaces: none of ours holds one)
pair() {
    local cap=$1 name=$2 base=$3 plug=$4 r
    local bc=() bw=() bm=() pc=() pw=() pm=() t w m
    [ -z "$only" ] || grep -qE -- "$only" <<<"$cap $name" || return 0
    local reps=$runs
    [ "${AISID_BENCH_TOOL:-}" = callgrind ] && reps=1
    for ((r = 0; r < reps; r++)); do
        # shellcheck disable=SC2086
        read -r t w m < <(measure $base); bc+=("$t"); bw+=("$w"); bm+=("$m")
        # shellcheck disable=SC2086
        read -r t w m < <(measure $plug); pc+=("$t"); pw+=("$w"); pm+=("$m")
    done
    local mbc mbw mbm mpc mpw mpm
    mbc=$(printf '%s\n' "${bc[@]}" | median); mbw=$(printf '%s\n' "${bw[@]}" | median)
    mbm=$(printf '%s\n' "${bm[@]}" | median); mpc=$(printf '%s\n' "${pc[@]}" | median)
    mpw=$(printf '%s\n' "${pw[@]}" | median); mpm=$(printf '%s\n' "${pm[@]}" | median)
    row "$(awk -v c="$cap" -v n="$name" -v a="$mbc" -v b="$mpc" -v aw="$mbw" -v bw="$mpw" \
        -v am="$mbm" -v bm="$mpm" 'BEGIN{
        printf "| %s | %s | %.2f | %.2f | %.3f | %.3f | %.0f | %.0f | %.3f |",
            c, n, a, b, (a>0)?b/a:0, (aw>0)?bw/aw:0, am/1024, bm/1024, (am>0)?bm/am:0}')"
}

# tap CAPTURE MESSAGES NAME ARGS...: the plugin alone, per SIP message.
tap_rows=()
tap() {
    local cap=$1 msgs=$2 name=$3; shift 3
    local cs=() t w m r
    [ -z "$only" ] || grep -qE -- "$only" <<<"$cap $name" || return 0
    for ((r = 0; r < runs; r++)); do
        read -r t w m < <(measure "$HOME_PLUGIN" "$@"); cs+=("$t")
    done
    t=$(printf '%s\n' "${cs[@]}" | median)
    tap_rows+=("$(awk -v c="$cap" -v n="$name" -v t="$t" -v k="$msgs" \
        'BEGIN{printf "| %s | %s | %.2f | %.1f |", c, n, t, t * 1e6 / k}')")
    printf '%s\n' "${tap_rows[-1]}"
}

P=$HOME_PLUGIN N=$HOME_NOPLUGIN
F_BASE="-T fields -e sip.Call-ID"
F_PLUG="-T fields -e sip.Call-ID -e aisid.session -e aisid.id"
F_MATE="-o mate.config:$T/aisid.mate -T fields -e sip.Call-ID -e mate.ai_session"
F_LUA="-X lua_script:$T/aisid_group.lua -T fields -e sip.Call-ID -e aisidlua.session -e aisidlua.id"

# The version from pkg-config: `tshark --version` as root starts extcap
# helpers (androiddump) that outlive it.
ws_version="Wireshark $(pkg-config --modversion wireshark 2>/dev/null || echo "$ws_xy")"
echo "== $ws_version; $(nproc) CPUs; runs=$runs; $(date -u +%FT%TZ)"
header
for n in "${size_list[@]}"; do
    cap=captures/aisid-$n.pcap label="aisid $n"
    # Above 100000 messages only summary and two-pass (how the cost grows
    # with N; the rest takes long); --full runs all.
    all=1; [ "$n" -le 100000 ] || [ "$full" = 1 ] || all=0
    pair "$label" summary  "$N -r $cap"              "$P -r $cap"
    [ "$all" = 0 ] || pair "$label" details "$N -r $cap -V" "$P -r $cap -V"
    [ "$all" = 0 ] || pair "$label" fields "$N -r $cap $F_BASE" "$P -r $cap $F_PLUG"
    pair "$label" two-pass "$N -r $cap -2 -Y sip"    "$P -r $cap -2 -Y sip"
    [ "$all" = 0 ] && continue
    pair "$label" disabled "$N -r $cap"              "$P -r $cap --disable-protocol aisid"
    pair "$label" "MATE / plugin" "$P -r $cap $F_PLUG" "$HOME_MATE -r $cap $F_MATE"
    pair "$label" "Lua / plugin"  "$P -r $cap $F_PLUG" "$N -r $cap $F_LUA"
done
for kind in plain nosip; do
    cap=captures/$kind-$plain_n.pcap label="$kind $plain_n"
    pair "$label" summary  "$N -r $cap"              "$P -r $cap"
    pair "$label" details  "$N -r $cap -V"           "$P -r $cap -V"
    pair "$label" two-pass "$N -r $cap -2 -Y sip"    "$P -r $cap -2 -Y sip"
done
echo
echo "| capture | tap | cpu s | µs per SIP message |"
echo "|---|---|---:|---:|"
for n in "${size_list[@]}"; do
    [ "$n" -le 100000 ] || [ "$full" = 1 ] || continue
    cap=captures/aisid-$n.pcap
    tap "aisid $n" "$n" "summary (no tap)" -r "$cap"
    tap "aisid $n" "$n" "-z aisid,tree"     -r "$cap" -q -z aisid,tree
    tap "aisid $n" "$n" "-z aisid,timeline" -r "$cap" -q -z aisid,timeline
done

if [ -n "$out" ]; then
    {
        echo "Measured $(date -u +%F) by \`bash tests/bench/bench.sh -s $sizes -p $plain_n -r $runs${only:+ --only '$only'}\`:"
        echo "$ws_version (tshark), $(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)), $(uname -sr)."
        echo "Medians of $runs runs, baseline and plugin alternating; ratio = with plugin / without"
        echo "(MATE and Lua rows: MATE or Lua / plugin)."
        echo
        printf '%s\n' "${rows[@]}"
        echo
        echo "| capture | tap | cpu s | µs per SIP message |"
        echo "|---|---|---:|---:|"
        printf '%s\n' "${tap_rows[@]}"
    } >"$out"
    echo "written: $out"
fi
