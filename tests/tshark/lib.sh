# SPDX-License-Identifier: GPL-2.0-or-later
#
# Shared helpers of the tshark tests; sourced by every tests/tshark/*.sh.
#
# Usage of a test script:  <test>.sh PLUGIN_SO WS_X.Y SOURCE_DIR [ARGS...]
#
# Why the staging: tshark run as root ignores the personal plugin folder and
# WIRESHARK_PLUGIN_DIR, and CI runs as root.  So tshark always runs as an
# unprivileged user (nobody, via setpriv, when we are root) with HOME in a
# fresh world-readable temp folder ($T, the "stage") that holds the plugin in
# $T/home/.local/lib/wireshark/plugins/X.Y/epan/aisid.so, a copy of the
# captures and the public test keys.  The global plugin folder is replaced by
# a symlink mirror of the system one without any installed aisid.so, so an
# installed copy can never shadow the one under test.  A second HOME without
# the plugin ($T/home-noplugin) lets tests compare against plain Wireshark.
#
# After `stage`:
#   $T/captures/...          copy of testcaptures/*.pcapng, public/* and assertions/
#   $T/keys/                 testcaptures/keys without private keys
#   $HOME_PLUGIN, $HOME_NOPLUGIN

set -euo pipefail

die()  { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "SKIP: $*"; exit 77; }     # SKIP_RETURN_CODE in CMakeLists.txt
note() { echo "-- $*"; }

[ $# -ge 3 ] || die "usage: $0 PLUGIN_SO WS_X.Y SOURCE_DIR [ARGS...]"
PLUGIN_SO=$1 WS_XY=$2 SRC=$3
shift 3
# shellcheck disable=SC2034  # used by the test scripts
ARGS=("$@")
CAPS=$SRC/testcaptures
# shellcheck disable=SC2034
EXPECTED=$CAPS/expected
NOBODY_UID=${AISID_TEST_UID:-65534}
NOBODY_GID=${AISID_TEST_GID:-65534}

[ -f "$PLUGIN_SO" ] || die "plugin not found: $PLUGIN_SO (build it first)"
[[ $WS_XY =~ ^[0-9]+\.[0-9]+$ ]] || die "bad Wireshark version '$WS_XY' (want X.Y)"
TSHARK=${AISID_TSHARK:-$(command -v tshark || true)}
[ -x "$TSHARK" ] || die "tshark not found (install it, or set AISID_TSHARK)"
if [ "$(id -u)" = 0 ]; then
    command -v setpriv >/dev/null || die "setpriv (util-linux) is needed to run tshark unprivileged"
fi

T=
cleanup() { [ -z "$T" ] || rm -rf -- "$T"; }
trap cleanup EXIT

# Run tshark (with -n) as the unprivileged user in HOME $1; no environment
# leaks in (env -i).  stdout is tshark's; on failure its stderr is shown.
# Dissector bugs abort instead of being turned into expert items.
# AISID_TSHARK_ENV (NAME=value words) and AISID_TSHARK_WRAP (a command
# prefix, e.g. valgrind ...) are for the sanitizer and valgrind runs of
# tests/sanitize/: LD_PRELOAD of the ASan runtime, its options.
run_tshark() {
    local home=$1; shift
    local err=$T/tshark.stderr rc=0 nopt=(-n) xenv=() wrap=()
    if [ "${1-}" = -G ]; then nopt=(); fi     # -G must be the first option
    [ -z "${AISID_TSHARK_ENV-}" ] || read -r -a xenv <<<"$AISID_TSHARK_ENV"
    [ -z "${AISID_TSHARK_WRAP-}" ] || read -r -a wrap <<<"$AISID_TSHARK_WRAP"
    local cmd=(env -i PATH=/usr/local/bin:/usr/bin:/bin HOME="$home"
        XDG_CONFIG_HOME="$home/.config" LC_ALL=C.UTF-8 TZ=UTC
        WIRESHARK_PLUGIN_DIR="$T/sysplugins"
        WIRESHARK_ABORT_ON_DISSECTOR_BUG=1
        ${xenv[@]+"${xenv[@]}"} ${wrap[@]+"${wrap[@]}"}
        "$TSHARK" ${nopt[@]+"${nopt[@]}"} "$@")
    if [ "$(id -u)" = 0 ]; then
        cmd=(setpriv --reuid="$NOBODY_UID" --regid="$NOBODY_GID" --clear-groups "${cmd[@]}")
    fi
    (cd "$T" && "${cmd[@]}" </dev/null 2>"$err") || rc=$?
    if [ "$rc" != 0 ]; then
        echo "tshark $* -> exit $rc; stderr:" >&2
        sed 's/^/    /' "$err" >&2
        return "$rc"
    fi
    if [ -s "$err" ]; then
        echo "tshark $* wrote to stderr:" >&2
        sed 's/^/    /' "$err" >&2
    fi
}
tshark_plugin()   { run_tshark "$HOME_PLUGIN" "$@"; }
tshark_noplugin() { run_tshark "$HOME_NOPLUGIN" "$@"; }

stage() {
    T=$(mktemp -d "${TMPDIR:-/tmp}/aisid-test.XXXXXX")
    chmod 755 "$T"
    HOME_PLUGIN=$T/home HOME_NOPLUGIN=$T/home-noplugin
    local pdir=$HOME_PLUGIN/.local/lib/wireshark/plugins/$WS_XY/epan
    mkdir -p "$pdir" "$HOME_PLUGIN/.config" "$HOME_NOPLUGIN/.config" \
        "$T/captures/public" "$T/keys" "$T/sysplugins"
    cp "$PLUGIN_SO" "$pdir/aisid.so"

    local f
    for f in "$CAPS"/*.pcapng; do [ -f "$f" ] && cp "$f" "$T/captures/"; done
    for f in "$CAPS"/public/*; do [ -f "$f" ] && cp "$f" "$T/captures/public/"; done
    # assertions passed by reference, resolved from a folder (aisid.assertion_dir)
    if [ -d "$CAPS/assertions" ]; then cp -r "$CAPS/assertions" "$T/captures/"; fi
    for f in "$CAPS"/keys/*; do
        case $f in *private*) ;; *) [ -f "$f" ] && cp "$f" "$T/keys/";; esac
    done

    # Mirror of the global plugin folder without any aisid.so.
    local global
    global=$("$TSHARK" -G folders 2>/dev/null | sed -n 's/^Global Plugins:[[:space:]]*//p')
    if [ -n "$global" ] && [ -d "$(dirname "$global")" ]; then
        cp -rs "$(dirname "$global")/." "$T/sysplugins/"
        find "$T/sysplugins" -name aisid.so -exec rm -f {} +
    fi

    chmod -R a+rX "$T"
    if [ "$(id -u)" = 0 ]; then
        chown -R "$NOBODY_UID:$NOBODY_GID" "$HOME_PLUGIN" "$HOME_NOPLUGIN"
    fi

    # The plugin under test must be the one that is loaded.
    local loaded
    loaded=$(tshark_plugin -G plugins | awk -F'\t' '$1 ~ /^aisid\.so *$/ {print $4}')
    [ "$loaded" = "$pdir/aisid.so" ] ||
        die "tshark did not load the staged plugin (loaded: '${loaded:-nothing}'); try: tshark -G plugins"
}

# Prefs of a capture: testcaptures/<base>.prefs, one "name:value" per line
# (# comments allowed), @KEYS@ and @CAPTURES@ replaced by the staged
# folders.  Prints one -o argument pair per pref as NUL-separated words.
capture_prefs() {
    local file=$CAPS/$1.prefs line
    [ -f "$file" ] || return 0
    while IFS= read -r line || [ -n "$line" ]; do
        line=${line%$'\r'}
        [[ $line =~ ^[[:space:]]*(#|$) ]] && continue
        line=${line//@KEYS@/$T/keys}
        line=${line//@CAPTURES@/$T/captures}
        printf '%s\0%s\0' -o "$line"
    done <"$file"
}

# Sorted abbrevs of everything the plugin registers: the protocol and all
# fields (expert items are fields too, of type FT_NONE).
aisid_abbrevs() {
    tshark_plugin -G fields |
        awk -F'\t' '($1 == "P" || $1 == "F") && ($3 == "aisid" || $3 ~ /^aisid\./) {print $3}' |
        LC_ALL=C sort -u
}

# Lines longer than 2048 characters (the 100 KiB header values and 2 MiB
# assertions of the malformed_* captures) are kept in golden files as their
# first and last 200 characters and their length, so that a golden file
# stays readable and small while a change at either end, or of the length,
# still shows.  No other capture has lines this long.
clip_long_lines() {
    awk '{ n = length($0)
           if (n > 2048) print substr($0, 1, 200) " [... " n " characters ...] " substr($0, n - 199)
           else print }'
}

# How to create or refresh golden files.
update_hint() {
    echo "To (re)create golden files: tests/run.sh --update-golden" \
         "(or AISID_UPDATE_GOLDEN=1 ctest --test-dir build -R golden_)"
}

# The aisid expert items of a capture, one line per item:
#   frame <TAB> abbrev <TAB> severity <TAB> group <TAB> message
# taken from the PDML expert subtrees (the only place where 4.0 shows an
# expert item's abbrev together with its severity and group).
# Usage: aisid_experts CAPTURE [TSHARK OPTIONS...]
aisid_experts() {
    local cap=$1; shift
    tshark_plugin -r "$cap" "$@" -T pdml | awk '
        function chr(hex,   i, n) {
            n = 0; hex = tolower(hex)
            for (i = 1; i <= length(hex); i++)
                n = n * 16 + index("0123456789abcdef", substr(hex, i, 1)) - 1
            return n < 128 ? sprintf("%c", n) : "?"
        }
        function attr(s, a,   v) {
            if (!match(s, " " a "=\"[^\"]*\"")) return ""
            v = substr(s, RSTART + length(a) + 3, RLENGTH - length(a) - 4)
            gsub(/&quot;/, "\"", v); gsub(/&apos;/, "\047", v)
            while (match(v, /&#x[0-9a-fA-F]+;/))    # &#x27; etc. (ASCII only)
                v = substr(v, 1, RSTART - 1) chr(substr(v, RSTART + 3, RLENGTH - 4)) \
                    substr(v, RSTART + RLENGTH)
            gsub(/&lt;/, "<", v); gsub(/&gt;/, ">", v); gsub(/&amp;/, "\\&", v)
            return v
        }
        /<field name="frame\.number"/ { frame = attr($0, "show") }
        /<field name="_ws\.expert"/   { inexp = 1; ab = msg = sev = grp = ""; next }
        inexp && /<\/field>/ {
            if (ab ~ /^aisid(\.|$)/) print frame "\t" ab "\t" sev "\t" grp "\t" msg
            inexp = 0; next
        }
        inexp && /<field name=/ {
            n = attr($0, "name"); sn = attr($0, "showname")
            if (n == "_ws.expert.severity")     { sub(/^[^:]*: /, "", sn); sev = sn }
            else if (n == "_ws.expert.group")   { sub(/^[^:]*: /, "", sn); grp = sn }
            else if (n != "_ws.expert.message" && ab == "") { ab = n; msg = sn }
        }'
}
