#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Valgrind memcheck over the tshark golden tests: runs
# tests/tshark/golden.sh for every capture in one pass and with -2, with
# each tshark run that reads a capture (-r) under valgrind (the -G runs that
# only list fields are not), so the golden output must also still match.
#
#   bash tests/sanitize/valgrind-golden.sh [--quick] [--plugin SO] [--logs DIR] [CAPTURE...]
#
#   --quick       instead of golden.sh (4 tshark runs per test), one run per
#                 capture and pass that reads everything the golden tests
#                 read: -V -x -z aisid,tree -z aisid,timeline -z expert
#                 -z follow,aisid,ascii,0, with the capture's prefs (output
#                 not compared); a quarter of the time
#   --plugin SO   the plugin to check (default <repo>/build/plugin/aisid.so,
#                 a RelWithDebInfo build: its frames carry file names)
#   --logs DIR    keep valgrind's logs there (default: a temporary folder)
#
# Fails when a golden test fails, when valgrind reports any memory error
# (invalid read or write, use of uninitialised values, bad free: exit code
# 99 of the tshark run), or when a block is "definitely lost" with a frame
# of the plugin in its allocation stack.  Wireshark's and GLib's own leaks
# at exit are counted and reported, not failed.  valgrind.supp holds
# suppressions for errors that are not the plugin's (none needed with
# tshark 4.0.17 on Debian 12).  Wireshark's allocators are replaced by
# malloc (WIRESHARK_DEBUG_WMEM_OVERRIDE=simple, G_SLICE=always-malloc), as
# Wireshark's tools/valgrind-wireshark.sh does.  Slow: about 20 s of CPU per
# tshark run, 4 runs per golden test.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
plugin=$repo/build/plugin/aisid.so logs= caps=() quick=0
while [ $# -gt 0 ]; do
    case $1 in
        --quick) quick=1; shift ;;
        --plugin) plugin=$2; shift 2 ;;
        --logs) logs=$2; shift 2 ;;
        -h|--help) sed -n '3,32p' "$0"; exit 0 ;;
        -*) echo "valgrind-golden.sh: unknown option $1" >&2; exit 2 ;;
        *) caps+=("$1"); shift ;;
    esac
done
command -v valgrind >/dev/null || { echo "SKIP: valgrind not found (apt-get install valgrind)"; exit 77; }
[ -f "$plugin" ] || { echo "valgrind-golden.sh: no plugin $plugin (build it first)" >&2; exit 2; }
ws_xy=$(tshark --version | sed -n 's/^TShark (Wireshark) \([0-9]*\.[0-9]*\).*/\1/p')
[ ${#caps[@]} -gt 0 ] || for c in "$repo"/testcaptures/*.pcapng; do caps+=("$(basename "$c" .pcapng)"); done

# What tshark (run as nobody) needs must be readable by it: the wrapper
# and suppressions go to a world-readable folder, the logs to a sticky
# world-writable one.
vg=$(mktemp -d "${TMPDIR:-/tmp}/aisid-vg.XXXXXX")
trap 'rm -rf "$vg"' EXIT
if [ -z "$logs" ]; then logs=$vg/logs; fi
mkdir -p "$logs"; logs=$(cd "$logs" && pwd)
chmod 1777 "$logs"
cp "$here/valgrind.supp" "$vg/"
cat >"$vg/wrap.sh" <<WRAP
#!/bin/sh
# Runs tshark under valgrind when it reads a capture.
for a in "\$@"; do
    if [ "\$a" = -r ]; then
        exec valgrind --error-exitcode=99 --leak-check=full --show-leak-kinds=definite \\
            --errors-for-leak-kinds=none --num-callers=40 --track-origins=no --keep-debuginfo=yes \\
            --suppressions=$vg/valgrind.supp --log-file=$logs/vg.%p.log "\$@"
    fi
done
exec "\$@"
WRAP
chmod -R a+rX "$vg"
export AISID_TSHARK_WRAP="sh $vg/wrap.sh"
export AISID_TSHARK_ENV="WIRESHARK_DEBUG_WMEM_OVERRIDE=simple G_SLICE=always-malloc WIRESHARK_EXTCAP_DIR=/nonexistent/aisid-no-extcap"

start=$(date +%s)
tests=0 failed=()
# --quick: one staged folder, one tshark run per capture and pass.
quick_run() {
    local base=$1 pass=$2
    (
        set -- "$plugin" "$ws_xy" "$repo"
        # shellcheck source=tests/tshark/lib.sh
        . "$repo/tests/tshark/lib.sh"
        stage
        mapfile -d '' prefs < <(capture_prefs "$base")
        popt=(); [ "$pass" = 1pass ] || popt=(-2)
        tshark_plugin -r "$T/captures/$base.pcapng" ${popt[@]+"${popt[@]}"} \
            ${prefs[@]+"${prefs[@]}"} -V -x -z aisid,tree -z aisid,timeline -z expert \
            -z follow,aisid,ascii,0 >/dev/null
    )
}
for base in "${caps[@]}"; do
    for pass in 1pass 2pass; do
        tests=$((tests + 1))
        t0=$(date +%s)
        out=$logs/golden-$base-$pass.out
        if [ "$quick" = 1 ]; then
            if quick_run "$base" "$pass" >"$out" 2>&1; then r=ok; else r=FAIL; failed+=("$base/$pass"); fi
        elif bash "$repo/tests/tshark/golden.sh" "$plugin" "$ws_xy" "$repo" "$base" "$pass" \
                >"$out" 2>&1; then r=ok; else r=FAIL; failed+=("$base/$pass"); fi
        echo "$([ "$quick" = 1 ] && echo quick || echo golden) $base $pass: $r ($(( $(date +%s) - t0 )) s)"
    done
done

# Sum up the logs: errors, and the definitely lost blocks, split into the
# plugin's (a frame in plugin/ sources or aisid.so) and the others'.
# tshark unloads the plugin before it exits, so its frames are named only
# with --keep-debuginfo=yes (without it they read "???" and a leak of the
# plugin's would be counted as Wireshark's).  A stats tree node the plugin
# ticks is allocated and owned by Wireshark's stats_tree, which tshark
# never frees at exit: Wireshark's, though a plugin frame is on its stack.
runs=0 errors=0 plugin_leaks=0 other_leaks=0 other_bytes=0
for log in "$logs"/vg.*.log; do
    [ -f "$log" ] || continue
    runs=$((runs + 1))
    e=$(sed -n 's/.*ERROR SUMMARY: \([0-9]*\) errors.*/\1/p' "$log" | tail -1)
    errors=$((errors + ${e:-0}))
    read -r p o ob < <(awk '
        / are definitely lost in loss record / { inrec = 1; mine = 0; ws = 0
            b = $2; gsub(/,/, "", b); bytes = b; next }
        inrec && /==[0-9]+== *$/ { if (mine && !ws) p++; else { o++; ob += bytes }; inrec = 0; next }
        inrec && /stats_tree_manip_node_int|stats_tree_create_node/ { ws = 1 }
        inrec && /(aisid[-_][a-z_]*\.c|packet-aisid\.c|aisid\.so|plugin\.c:)/ { mine = 1 }
        END { print p + 0, o + 0, ob + 0 }' "$log")
    if [ "$p" -gt 0 ]; then echo "plugin leak(s) in $log"; fi
    plugin_leaks=$((plugin_leaks + p)) other_leaks=$((other_leaks + o)) other_bytes=$((other_bytes + ob))
done
secs=$(( $(date +%s) - start ))
echo "valgrind: $tests $([ "$quick" = 1 ] && echo quick || echo golden) tests, $runs tshark runs under valgrind, $errors memory errors," \
     "$plugin_leaks definitely lost blocks from the plugin, $other_leaks from Wireshark/GLib" \
     "($other_bytes bytes), $secs s; logs in $logs"
status=0
[ ${#failed[@]} = 0 ] || { echo "FAIL: golden tests: ${failed[*]} (see $logs/golden-*.out)"; status=1; }
[ "$errors" = 0 ] || { echo "FAIL: $errors memory error(s): grep -l 'ERROR SUMMARY: [1-9]' $logs/vg.*.log"; status=1; }
[ "$plugin_leaks" = 0 ] || { echo "FAIL: $plugin_leaks leak(s) from the plugin"; status=1; }
[ "$status" != 0 ] || echo "OK"
[ "$logs" != "$vg/logs" ] || [ "$status" = 0 ] || { trap - EXIT; echo "(logs kept in $logs)"; }
exit "$status"
