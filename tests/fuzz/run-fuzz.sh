#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Builds the libFuzzer targets of tests/fuzz with clang
# (-fsanitize=fuzzer,address,undefined) in their own build folder and runs
# each, one after the other under nice -n 10, from a copy of its seed corpus
# tests/fuzz/corpus/<target>/, for a bounded time or number of runs:
#
#   bash tests/fuzz/run-fuzz.sh [--seconds N | --runs N] [--build-dir DIR]
#        [--work DIR] [--merge] [--jobs N] [TARGET...]
#
#   --seconds N   fuzz each target N seconds (default 60 without --runs)
#   --runs N      fuzz each target for N executions (-runs=N); with
#                 --seconds too, whichever comes first
#   --build-dir   clang build folder (default <repo>/build-fuzz)
#   --work DIR    keep the grown corpora and logs in DIR/<target>/
#                 (default: a temporary folder, removed at the end)
#   --merge       add the inputs that bring new coverage to the committed
#                 corpus (libFuzzer -merge=1 into tests/fuzz/corpus/<target>)
#   --jobs N      N fuzzing processes per target side by side (default 1),
#                 sharing one grown corpus (each reloads the others' new
#                 inputs, as libFuzzer's own -jobs does); --runs N is then
#                 the total, split evenly, and execs/exec/s are the sums,
#                 cov/ft/corp the largest a process reached
#   TARGET...     only these (default: all, see CMakeLists.txt)
#
# Prints per target: executions, seconds, exec/s, coverage (cov = edges,
# ft = features), corpus size, and findings.  Fails (exit 1) on any crash,
# sanitizer report, leak, timeout (-timeout=10 s per input) or out-of-
# memory; the input is left in the work folder (crash-*, leak-*, ...).
# Exits 77 (CTest: skipped) when clang or libFuzzer is missing.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
seconds= runs= build=$repo/build-fuzz work= merge=0 jobs=1 targets=()
while [ $# -gt 0 ]; do
    case $1 in
        --seconds) seconds=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        --build-dir) build=$2; shift 2 ;;
        --work) work=$2; shift 2 ;;
        --merge) merge=1; shift ;;
        --jobs) jobs=$2; shift 2 ;;
        -h|--help) sed -n '3,31p' "$0"; exit 0 ;;
        -*) echo "run-fuzz.sh: unknown option $1" >&2; exit 2 ;;
        *) targets+=("$1"); shift ;;
    esac
done

cc=$(command -v clang || command -v clang-14 || true)
if [ -z "$cc" ]; then
    echo "SKIP: clang not found (apt-get install clang libclang-rt-14-dev)"; exit 77
fi
probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
printf '#include <stdint.h>\n#include <stddef.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }\n' \
    > "$probe/p.c"
if ! "$cc" -fsanitize=fuzzer,address,undefined "$probe/p.c" -o "$probe/p" 2>"$probe/err"; then
    echo "SKIP: $cc cannot link libFuzzer (apt-get install libclang-rt-14-dev):"
    sed 's/^/  /' "$probe/err" | head -5; exit 77
fi

all=$(sed -n '/^set(AISID_FUZZ_TARGETS$/,/)/p' "$repo/tests/fuzz/CMakeLists.txt" |
      sed '1d;s/)//' | tr -s ' \n' ' ')
[ ${#targets[@]} -gt 0 ] || read -r -a targets <<<"$all"
for t in "${targets[@]}"; do
    case " $all " in *" $t "*) ;; *) echo "run-fuzz.sh: no target $t (have:$all)" >&2; exit 2 ;; esac
done

echo "== building ${#targets[@]} targets with $cc in $build"
CC=$cc cmake -S "$repo" -B "$build" -DAISID_FUZZ=ON -DAISID_WERROR=ON \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$probe/configure.log" 2>&1 ||
    { cat "$probe/configure.log"; exit 1; }
cmake --build "$build" --parallel 2 --target "${targets[@]/#/fuzz_}" >"$probe/build.log" 2>&1 ||
    { cat "$probe/build.log"; exit 1; }

if [ -z "$work" ]; then
    work=$probe/work
else
    mkdir -p "$work"; work=$(cd "$work" && pwd)
fi

# Inputs up to this size; the SIP, HTTP and graph targets read whole
# messages or several of them, the others one header value or a JWS.
max_len() {
    case $1 in
        graph) echo 16384 ;;
        sip|http|opacity) echo 8192 ;;
        # A set of four RSA-4096 keys fits; past that every input imports
        # and verifies with more keys, and the rate falls below 1,500/s.
        jwks) echo 4096 ;;
        *) echo 4096 ;;
    esac
}

case $jobs in ''|*[!0-9]*|0) echo "run-fuzz.sh: --jobs wants a positive number" >&2; exit 2 ;; esac
limit=()
[ -z "$runs" ] || limit+=(-runs="$(( (runs + jobs - 1) / jobs ))")
[ -n "$seconds" ] || [ -n "$runs" ] || seconds=60
[ -z "$seconds" ] || limit+=(-max_total_time="$seconds")
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
failed=()
printf '%-10s %10s %7s %9s %6s %7s %6s %9s  %s\n' target execs secs exec/s cov ft corp corp_kb result
summary=()
for t in "${targets[@]}"; do
    seeds=$repo/tests/fuzz/corpus/$t
    d=$work/$t
    mkdir -p "$d/corpus"
    start=$(date +%s)
    rc=0 pids=() logs=()
    # The first folder receives new inputs; the seeds are only read.  With
    # --jobs, every process writes into the same first folder and reloads
    # it (libFuzzer's -reload, on by default), so they share their finds.
    for j in $(seq 1 "$jobs"); do
        log=$d/fuzz.log
        [ "$jobs" = 1 ] || log=$d/fuzz-$j.log
        logs+=("$log")
        nice -n 10 "$build/tests/fuzz/fuzz_$t" "${limit[@]}" -max_len="$(max_len "$t")" \
            -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
            -dict="$repo/tests/fuzz/aisid.dict" -artifact_prefix="$d/" \
            "$d/corpus" "$seeds" >"$log" 2>&1 &
        pids+=($!)
    done
    for p in "${pids[@]}"; do wait "$p" || rc=$?; done
    secs=$(( $(date +%s) - start ))
    # Sums over the processes (executions, rate); the largest coverage,
    # features and corpus any of them reached.
    execs=0 eps=0 cov=- ft=- corp=-
    for log in "${logs[@]}"; do
        stat=$(grep -E '^#[0-9]+.*(DONE|cov:)' "$log" | tail -1 || true)
        n=$(grep -oE '^stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo 0)
        r=$(grep -oE '^stat::average_exec_per_sec: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo 0)
        execs=$(( execs + n )) eps=$(( eps + r ))
        for k in cov ft corp; do
            v=$(grep -oE "$k: [0-9]+" <<<"$stat" | grep -oE '[0-9]+' || echo -)
            [ "$v" = - ] || { [ "${!k}" != - ] && [ "${!k}" -ge "$v" ]; } || printf -v "$k" %s "$v"
        done
    done
    [ "$eps" != 0 ] || eps=-
    kb=$(( ( $(cat "$seeds"/* "$d"/corpus/* 2>/dev/null | wc -c) + 1023 ) / 1024 ))
    artifacts=$(find "$d" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'leak-*' -o \
                -name 'timeout-*' -o -name 'oom-*' -o -name 'slow-unit-*' \) | wc -l)
    if [ "$rc" = 0 ] && [ "$artifacts" = 0 ]; then
        result=ok
    else
        result="FAIL (exit $rc, $artifacts finding(s) in $d)"
        failed+=("$t")
    fi
    line=$(printf '%-10s %10s %7s %9s %6s %7s %6s %9s  %s' "$t" "$execs" "$secs" "$eps" \
           "$cov" "$ft" "$corp" "$kb" "$result")
    echo "$line"; summary+=("$line")
    if [ "$result" != ok ]; then
        cat "${logs[@]}" | grep -E 'ERROR|SUMMARY|contract broken|runtime error|==[0-9]+==' |
            head -20 | sed 's/^/    /' || true
        echo "    log: ${logs[*]}"
    elif [ "$merge" = 1 ]; then
        before=$(ls "$seeds" | wc -l)
        nice -n 10 "$build/tests/fuzz/fuzz_$t" -merge=1 -max_len="$(max_len "$t")" \
            "$seeds" "$d/corpus" >"$d/merge.log" 2>&1 ||
            { echo "    merge failed: $d/merge.log"; failed+=("$t-merge"); }
        echo "    merged: $before -> $(ls "$seeds" | wc -l) files in tests/fuzz/corpus/$t"
    fi
done

if [ ${#failed[@]} -gt 0 ]; then
    echo "FAIL: ${failed[*]}"
    [ "$work" = "$probe/work" ] && { trap - EXIT; echo "(work folder kept: $work)"; }
    exit 1
fi
echo "OK: ${#targets[@]} targets, no crash, leak or timeout"
