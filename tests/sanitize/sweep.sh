#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Mutation sweep under AddressSanitizer and UBSan, in the spirit of
# Wireshark's tools/fuzz-test.sh: every testcaptures/*.pcapng with random
# bytes changed (editcap -E RATE --seed SEED) is dissected by the system
# tshark with the sanitizer build of the plugin (build-asan.sh; ASan runtime
# preloaded, asan-env.sh), with the full tree and hex dump (-V -x) and the
# plugin's taps (-z follow,aisid,ascii,0 -z aisid,tree -z aisid,timeline),
# in one pass and with -2, with the capture's .prefs.  tshark runs as
# nobody with a staged HOME (tests/tshark/lib.sh).
#
#   bash tests/sanitize/sweep.sh [--seeds N] [--rates "R..."] [--batch K]
#        [--timeout S] [--plugin ASAN_SO] [--build-dir DIR] [CAPTURE...]
#
#   --seeds N     seeds 1..N per capture and rate (default 10)
#   --rates       editcap -E error rates (default "0.02 0.005")
#   --batch K     mutated copies joined (mergecap -a) into one file per
#                 tshark run, so start-up does not dominate (default 10);
#                 a failing batch is re-run copy by copy to name the seed
#   --timeout S   a tshark run taking longer is a hang (default 300)
#   --plugin SO   an already built sanitizer plugin (default: build one
#                 with build-asan.sh in --build-dir, default <repo>/build-asan)
#   CAPTURE...    capture base names (default: all)
#
# Fails on any sanitizer report, crash (exit status > 2 or a signal),
# dissector bug (WIRESHARK_ABORT_ON_DISSECTOR_BUG) or hang; a failing
# mutated file is kept in <build-dir>/sweep-failures/.  Exit status 2 is
# tshark's "the file is damaged" and is not a failure.  Prints the number
# of mutated files and of frames dissected.  Exits 77 when editcap,
# mergecap or the ASan runtime is missing.
#   CI (ctest sanitize_sweep): the defaults.  Longer:
#   bash tests/sanitize/sweep.sh --seeds 100 --rates "0.002 0.02 0.1"
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
seeds=10 rates="0.02 0.005" batch=10 timeout_s=300 plugin= build=$repo/build-asan caps=()
while [ $# -gt 0 ]; do
    case $1 in
        --seeds) seeds=$2; shift 2 ;;
        --rates) rates=$2; shift 2 ;;
        --batch) batch=$2; shift 2 ;;
        --timeout) timeout_s=$2; shift 2 ;;
        --plugin) plugin=$2; shift 2 ;;
        --build-dir) build=$2; shift 2 ;;
        -h|--help) sed -n '3,34p' "$0"; exit 0 ;;
        -*) echo "sweep.sh: unknown option $1" >&2; exit 2 ;;
        *) caps+=("$1"); shift ;;
    esac
done
for tool in editcap mergecap tshark; do
    command -v "$tool" >/dev/null || { echo "SKIP: $tool not found"; exit 77; }
done
asan_rt=$(readlink -f "$(${AISID_ASAN_CC:-gcc} -print-file-name=libasan.so)" || true)
[ -f "$asan_rt" ] || { echo "SKIP: no ASan runtime (libasan) for ${AISID_ASAN_CC:-gcc}"; exit 77; }

start=$(date +%s)
if [ -z "$plugin" ]; then
    echo "== building the ASan + UBSan plugin in $build"
    plugin=$(bash "$here/build-asan.sh" "$build" | tail -1)
fi
plugin=$(readlink -f "$plugin")
ws_xy=$(tshark --version | sed -n 's/^TShark (Wireshark) \([0-9]*\.[0-9]*\).*/\1/p')

# shellcheck source=tests/sanitize/asan-env.sh
. "$here/asan-env.sh"
export AISID_TSHARK_WRAP="timeout -k 10 $timeout_s"
set -- "$plugin" "$ws_xy" "$repo"
# shellcheck source=tests/tshark/lib.sh
. "$repo/tests/tshark/lib.sh"
stage
fails_dir=$build/sweep-failures
[ ${#caps[@]} -gt 0 ] || for c in "$CAPS"/*.pcapng; do caps+=("$(basename "$c" .pcapng)"); done

# One tshark run; prints nothing and returns 0 when it went well, else
# says why and returns 1.
dissect() {
    local file=$1 what=$2 rc=0; shift 2
    tshark_plugin -r "$file" "$@" -V -x -z follow,aisid,ascii,0 -z aisid,tree \
        -z aisid,timeline >/dev/null 2>"$T/run.err" || rc=$?
    local err=$T/tshark.stderr
    if [ "$rc" -gt 2 ] || grep -qE 'AddressSanitizer|runtime error:|LeakSanitizer|Dissector bug|BUG' "$err"; then
        case $rc in 124|137) why="hang (> ${timeout_s} s)" ;; 86) why="sanitizer report" ;;
                    *) why="exit $rc" ;; esac
        echo "FAIL: $what: $why" >&2
        sed 's/^/    /' "$err" | head -60 >&2
        return 1
    fi
}

n_files=0 n_frames=0 n_runs=0 failed=0
for base in "${caps[@]}"; do
    cap=$T/captures/$base.pcapng
    [ -f "$cap" ] || die "no capture $base"
    mapfile -d '' prefs < <(capture_prefs "$base")
    frames=$(capinfos -c -M "$cap" 2>/dev/null | sed -n 's/^Number of packets: *//p')
    for rate in $rates; do
        s=1
        while [ "$s" -le "$seeds" ]; do
            parts=()
            e=$(( s + batch - 1 )); [ "$e" -le "$seeds" ] || e=$seeds
            for ((k = s; k <= e; k++)); do
                out=$T/captures/m-$base-$rate-$k.pcapng
                editcap -E "$rate" --seed "$k" "$cap" "$out" 2>/dev/null
                parts+=("$out")
            done
            joined=$T/captures/m-$base-$rate-$s-$e.pcapng
            mergecap -a -w "$joined" "${parts[@]}"
            chmod a+r "$T"/captures/m-*
            for pass in 1 2; do
                popt=(); [ "$pass" = 1 ] || popt=(-2)
                n_runs=$((n_runs + 1))
                if ! dissect "$joined" "$base, rate $rate, seeds $s-$e, $pass pass(es)" \
                        ${popt[@]+"${popt[@]}"} ${prefs[@]+"${prefs[@]}"}; then
                    failed=$((failed + 1))
                    mkdir -p "$fails_dir"
                    for p in "${parts[@]}"; do
                        if ! dissect "$p" "  alone: $(basename "$p")" ${popt[@]+"${popt[@]}"} \
                                ${prefs[@]+"${prefs[@]}"} 2>/dev/null; then
                            cp "$p" "$fails_dir/"
                            k=${p##*-}
                            echo "  fails alone: $fails_dir/$(basename "$p")" \
                                 "(editcap -E $rate --seed ${k%.pcapng} testcaptures/$base.pcapng)" >&2
                        fi
                    done
                    cp "$joined" "$fails_dir/"
                fi
                n_frames=$(( n_frames + frames * (e - s + 1) ))
            done
            n_files=$(( n_files + e - s + 1 ))
            rm -f "${parts[@]}" "$joined"
            s=$(( e + 1 ))
        done
    done
done
secs=$(( $(date +%s) - start ))
echo "sweep: ${#caps[@]} captures, rates $rates, seeds 1-$seeds: $n_files mutated files," \
     "$n_frames frames dissected (1 and 2 passes) in $n_runs tshark runs, $secs s"
[ "$failed" = 0 ] || die "$failed tshark run(s) failed; mutated files in $fails_dir"
echo "OK: no sanitizer report, crash, dissector bug or hang"
