#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Screenshots of the real Wireshark GUI (wireshark-qt) with the aisid plugin,
# on bundled captures, for the README ("### Screenshots").  Not a CI test: it
# needs an X server and the Qt GUI, which CI does not install.
#
#   apt-get install wireshark-qt tshark xvfb imagemagick xdotool
#   bash tests/gui/screenshots.sh [OUTDIR]       # default tests/gui/screenshots
#
# (plus the build dependencies of the plugin, see plugin/install.sh).  It
# builds the plugin with `cmake -S . -B build && cmake --build build` unless
# AISID_PLUGIN names an aisid.so to use (AISID_BUILD_DIR picks another build
# folder), then writes:
#   details.png   attended_transfer.pcapng frame 15 (the INVITE with Replaces):
#                 packet details, the AI-Session-ID header tree and the AI
#                 session tree expanded
#   assertion.png assertion_verify.pcapng frame 1 (with its .prefs): the
#                 embedded assertion decoded and verified
#   stats.png     attended_transfer.pcapng: Statistics > AI Sessions
#   expert.png    assertion_verify.pcapng (with its .prefs): Expert Information
#   timeline.png  attended_transfer.pcapng frame 15: Tools > AI-Session-ID >
#                 Timeline of the selected packet's AI session
#   follow.png    only with AISID_CHROOT=<a tests/compat chroot with the
#                 wireshark package, 4.4 or later>, as root: Analyze > Follow >
#                 AI-Session-ID Stream there, attended_transfer.pcapng frame 15
# AISID_SHOTS="details stats ..." takes only those; AISID_DISPLAY=N starts
# the search for a free X display at :N (default 90).
#
# How: tests/tshark/lib.sh stages the plugin in a world-readable temp HOME
# (root ignores personal plugins, so Wireshark runs as nobody via setpriv when
# we are root).  Xvfb runs with access control off (-ac) so that user may
# connect, and without a window manager: windows are sized by the profile's
# recent files (main window, pane sizes, byte view hidden) or by xdotool, and
# keys go to the window given the input focus (xdotool windowfocus).  What
# Wireshark's options can do, they do: -r, -g FRAME, -o PREF (the capture's
# .prefs file), -z expert (the Qt GUI accepts no -z for stats trees nor a GUI
# for aisid,timeline); the rest are key presses: Collapse/Expand Subtrees and
# arrow keys in the details tree (the rows to step over are counted in
# tshark -V of the same frame), the Statistics and Tools menus (items located
# from the end of the menu).  Every window is waited for by its title with a
# timeout, every shot is taken once the window has stopped changing, and
# Wireshark and Xvfb are ended by their process ids on exit, also on failure.
# A window other than the expected ones (an error dialog) fails the run.

set -euo pipefail
SRC=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${1:-$SRC/tests/gui/screenshots}

for tool in wireshark tshark Xvfb import convert xdotool; do
    command -v "$tool" >/dev/null ||
        { echo "FAIL: $tool not found; apt-get install wireshark-qt tshark xvfb imagemagick xdotool" >&2; exit 1; }
done

if [ -n "${AISID_PLUGIN:-}" ]; then
    PLUGIN=$(realpath -- "$AISID_PLUGIN")
else
    BUILD=${AISID_BUILD_DIR:-$SRC/build}
    echo "-- building the plugin in $BUILD"
    cmake -S "$SRC" -B "$BUILD" >/dev/null
    cmake --build "$BUILD" --target aisid >/dev/null
    PLUGIN=$BUILD/plugin/aisid.so
fi
WS_XY=$(wireshark --version 2>/dev/null | sed -n '1s/^Wireshark \([0-9]*\.[0-9]*\).*/\1/p')
# shellcheck source=tests/tshark/lib.sh
. "$SRC/tests/tshark/lib.sh" "$PLUGIN" "$WS_XY" "$SRC"

START=$SECONDS
SCREEN_W=1600 SCREEN_H=1300
WS_PID='' XVFB_PID='' DISP='' CHROOT_TMP=''
finish() {
    local rc=$?
    stop_wireshark
    if [ -n "$XVFB_PID" ]; then kill "$XVFB_PID" 2>/dev/null || true; wait "$XVFB_PID" 2>/dev/null || true; fi
    if [ -n "$CHROOT_TMP" ]; then rm -rf -- "$CHROOT_TMP"; fi
    cleanup
    exit "$rc"
}
trap finish EXIT

# Wireshark runs in a session of its own (setsid, same pid) so that its
# extcap helpers (androiddump etc., run at start-up) end with it.
stop_wireshark() {
    [ -n "$WS_PID" ] || return 0
    kill -- "-$WS_PID" 2>/dev/null || kill "$WS_PID" 2>/dev/null || true
    wait "$WS_PID" 2>/dev/null || true
    WS_PID=''
}

# ---------------------------------------------------------------- X server
start_xvfb() {
    local n
    for n in $(seq "${AISID_DISPLAY:-90}" 199); do
        [ -e "/tmp/.X$n-lock" ] || [ -e "/tmp/.X11-unix/X$n" ] || { DISP=:$n; break; }
    done
    [ -n "$DISP" ] || die "no free X display number"
    Xvfb "$DISP" -screen 0 "${SCREEN_W}x${SCREEN_H}x24" -ac -nolisten tcp >"$T/xvfb.log" 2>&1 &
    XVFB_PID=$!
    export DISPLAY=$DISP
    local i
    for i in $(seq 50); do
        xdotool getdisplaygeometry >/dev/null 2>&1 && return 0
        kill -0 "$XVFB_PID" 2>/dev/null || { cat "$T/xvfb.log" >&2; die "Xvfb $DISP did not start"; }
        sleep 0.1
    done
    die "Xvfb $DISP did not answer"
}

# ---------------------------------------------------------------- Wireshark
# profile W H LIST [HOME]: the main window at 0,0, W x H, the packet list
# LIST pixels high, no byte view, no packet diagram (recent, recent_common).
profile() {
    local w=$1 h=$2 list=$3 home=${4:-$HOME_PLUGIN}
    local dir=$home/.config/wireshark
    mkdir -p "$dir"
    cat >"$dir/recent_common" <<EOF
gui.geometry_main_x: 0
gui.geometry_main_y: 0
gui.geometry_main_width: $w
gui.geometry_main_height: $h
gui.geometry_main_maximized: FALSE
privs.warn_if_elevated: FALSE
sys.warn_if_no_capture: FALSE
EOF
    cat >"$dir/recent" <<EOF
gui.byte_view_show: FALSE
gui.packet_diagram_show: FALSE
gui.geometry_main_upper_pane: $list
EOF
    # A fresh profile per run: nothing remembered from the last one.
    rm -rf "$dir/profiles"
    if [ "$(id -u)" = 0 ]; then chown -R "$NOBODY_UID:$NOBODY_GID" "$home/.config"; fi
}

# start_wireshark CAPTURE_BASE [WIRESHARK OPTIONS...]: with the capture's
# .prefs, in the background; its pid in WS_PID.
start_wireshark() {
    local base=$1; shift
    local prefs=()
    mapfile -d '' prefs < <(capture_prefs "$base")
    local cmd=(env -i PATH=/usr/local/bin:/usr/bin:/bin HOME="$HOME_PLUGIN"
        XDG_CONFIG_HOME="$HOME_PLUGIN/.config" XDG_RUNTIME_DIR="$T/run"
        DISPLAY="$DISP" LC_ALL=C.UTF-8 TZ=UTC
        WIRESHARK_PLUGIN_DIR="$T/sysplugins" WIRESHARK_ABORT_ON_DISSECTOR_BUG=1
        setsid wireshark -r "$T/captures/$base.pcapng" ${prefs[@]+"${prefs[@]}"} "$@")
    if [ "$(id -u)" = 0 ]; then
        cmd=(setpriv --reuid="$NOBODY_UID" --regid="$NOBODY_GID" --clear-groups "${cmd[@]}")
    fi
    echo "-- wireshark -r $base.pcapng${prefs[*]:+ ${prefs[*]}} $*" | sed "s#$T/##g"
    (cd "$T" && exec "${cmd[@]}" </dev/null >>"$T/wireshark.log" 2>&1) &
    WS_PID=$!
}

# wait_window TITLE_REGEX: the id of the visible window with that title,
# once it is there (at most 30 s).
wait_window() {
    local id
    id=$(timeout 30 xdotool search --sync --onlyvisible --name "$1" 2>/dev/null | head -n 1) || true
    if [ -z "$id" ]; then
        windows >&2
        kill -0 "$WS_PID" 2>/dev/null || { sed 's/^/    /' "$T/wireshark.log" >&2; die "wireshark exited"; }
        die "no window '$1' within 30 s"
    fi
    echo "$id"
}

# The visible top-level windows: id, geometry, title.
windows() {
    local w
    for w in $(xdotool search --onlyvisible --name '' 2>/dev/null); do
        printf '  %s %s "%s"\n' "$w" \
            "$(xdotool getwindowgeometry "$w" | sed -n 's/.*Geometry: //p')" "$(xdotool getwindowname "$w")"
    done
}

# Only the expected windows may be open (no error or warning dialog).
check_windows() {
    local names extra
    names=$(for w in $(xdotool search --onlyvisible --name '' 2>/dev/null); do xdotool getwindowname "$w"; done)
    extra=$(grep -Ev "$1" <<<"$names" || true)
    [ -z "$extra" ] || { windows >&2; die "unexpected window(s): $extra"; }
}

# settle WINDOW: wait until two grabs 0.4 s apart are the same (at most 15 s).
settle() {
    local i prev='' cur
    for i in $(seq 40); do
        sleep 0.4
        cur=$(import -window "$1" rgb:- 2>/dev/null | md5sum)
        [ "$cur" = "$prev" ] && return 0
        prev=$cur
    done
    echo "-- warning: window $1 still changes" >&2
}

keys() {
    local k
    for k in "$@"; do xdotool key "$k"; sleep 0.15; done
}

# shoot WINDOW NAME: OUT/NAME.png, the window only, 8-bit palette, no metadata.
shoot() {
    # The pointer out of the way: no hover highlight or tooltip in the shot.
    xdotool mousemove $((SCREEN_W - 1)) $((SCREEN_H - 1))
    settle "$1"
    import -window "$1" "$T/shot.png"
    convert "$T/shot.png" -strip -colors 256 "PNG8:$OUT/$2.png"
    echo "-- $OUT/$2.png: $(identify -format '%wx%h' "$OUT/$2.png"), $(stat -c %s "$OUT/$2.png") bytes" |
        sed "s#$SRC/##"
}

# tree_row FILE DEPTH PARENT_REGEX CHILD_REGEX: in tshark -V output, the
# 0-based row of the first child matching CHILD_REGEX among the items of
# DEPTH (4 spaces per level) under the first item of DEPTH-1 matching
# PARENT_REGEX (at depth 0 there is no parent: give '').  The Qt details
# tree has the same items in the same order, so this is how many times to
# press Down from the first sibling.
tree_row() {
    awk -v depth="$2" -v parent="$3" -v child="$4" '
        # A label cut at ITEM_LABEL_LENGTH is printed " [truncated]...".
        function level(s) { match(s, /^ */); return int(RLENGTH / 4) }
        BEGIN { inside = (depth == 0); n = 0 }
        {
            l = level($0); t = $0; sub(/^ *(\[truncated\])?/, "", t)
            if (!inside) {
                if (l == depth - 1 && t ~ parent) inside = 1
                next
            }
            if (l < depth) exit 1
            if (l == depth) {
                if (t ~ child) { print n; found = 1; exit 0 }
                n++
            }
        }
        END { if (!found) exit 1 }' "$1" || die "no '$4' under '$3' in $1"
}

# details CAPTURE FRAME NAME HEIGHT [assertion]: the frame's packet details
# with the SIP message header, the AI-Session-ID header subtree and the AI
# session subtree expanded, in a main window HEIGHT pixels high.  With
# "assertion" the header subtree opens down to the embedded assertion's
# items, its JSON subtrees stay closed.
details() {
    local base=$1 frame=$2 name=$3 height=$4 mode=${5:-all} tv=$T/$1-$2.txt
    local prefs=()
    mapfile -d '' prefs < <(capture_prefs "$base")
    tshark_plugin -2 -r "$T/captures/$base.pcapng" ${prefs[@]+"${prefs[@]}"} \
        -Y "frame.number == $frame" -V >"$tv"
    local r_sip r_ais r_hdr r_id r_emb=
    r_sip=$(tree_row "$tv" 0 '' '^Session Initiation Protocol')
    r_ais=$(tree_row "$tv" 0 '' '^\[AI Session ')
    r_hdr=$(tree_row "$tv" 1 '^Session Initiation Protocol' '^Message Header$')
    r_id=$(tree_row "$tv" 2 '^Message Header$' '^AI-Session-ID:')
    [ "$mode" = all ] || r_emb=$(tree_row "$tv" 4 '^AI-Session-ID:' '^Embedded assertion')

    profile 1280 "$height" 170
    start_wireshark "$base" -g "$frame"
    local w
    w=$(wait_window "^$base\.pcapng\$")
    settle "$w"
    check_windows "^$base\.pcapng\$"
    xdotool windowfocus --sync "$w"
    # A click into the empty part of the details pane gives it the
    # keyboard (printable keys would go to the display filter) but no
    # current row: the first Up makes the first row current, the others
    # stay there.  Ctrl+Left = View > Collapse All.
    xdotool mousemove --window "$w" 600 $((height - 60)) click 1
    keys ctrl+Left Up Up Up
    # Bottom-up, so that rows opened below never move the ones above:
    # the AI session tree (Shift+Right = View > Expand Subtrees), then SIP,
    # its Message Header and the AI-Session-ID header line.
    local i
    for ((i = 0; i < r_ais; i++)); do keys Down; done
    keys shift+Right
    for ((i = r_sip; i < r_ais; i++)); do keys Up; done
    keys Right
    for ((i = 0; i <= r_hdr; i++)); do keys Down; done
    keys Right
    for ((i = 0; i <= r_id; i++)); do keys Down; done
    if [ "$mode" = all ]; then
        keys shift+Right
    else
        # the header line, the aisid item under it, its assertion item
        keys Right Down Right
        for ((i = 0; i <= r_emb; i++)); do keys Down; done
        keys Right
    fi
    shoot "$w" "$name"
    stop_wireshark
}

# menu_dialog CAPTURE MENU_KEY TITLE_REGEX NAME W H KEYS...: open the capture
# (with the options before --), press MENU_KEY (Alt+letter opens a menu of
# the menu bar) and KEYS, wait for the window TITLE_REGEX, size it W x H.
menu_dialog() {
    local base=$1 menu=$2 title=$3 name=$4 dw=$5 dh=$6; shift 6
    local opts=()
    while [ $# -gt 0 ] && [ "$1" != -- ]; do opts+=("$1"); shift; done
    [ $# -gt 0 ] && shift
    profile 1280 900 300
    start_wireshark "$base" ${opts[@]+"${opts[@]}"}
    local w d
    w=$(wait_window "^$base\.pcapng\$")
    settle "$w"
    check_windows "^$base\.pcapng\$"
    xdotool windowfocus --sync "$w"
    keys "$menu"
    sleep 0.3
    keys "$@"
    d=$(wait_window "$title")
    xdotool windowmove "$d" 0 0 windowsize "$d" "$dw" "$dh"
    settle "$d"
    check_windows "^$base\.pcapng\$|$title"
    shoot "$d" "$name"
    stop_wireshark
}

# expert CAPTURE NAME W H: Analyze > Expert Information (-z expert opens it)
# with "Group by summary" off, so that every item shows its own message,
# and every severity opened.
expert() {
    local base=$1 name=$2 dw=$3 dh=$4
    profile 1280 900 300
    start_wireshark "$base" -z expert
    local title="Expert Information · $base\\.pcapng" d i
    d=$(wait_window "$title")
    check_windows "^$base\\.pcapng\$|$title"
    xdotool windowmove "$d" 0 0 windowsize "$d" "$dw" "$dh"
    settle "$d"
    xdotool windowfocus --sync "$d"
    # The "Group by summary" check box, bottom left.
    xdotool mousemove --window "$d" 208 $((dh - 55)) click 1
    settle "$d"
    # A click on the first severity gives the tree the keyboard; then from
    # the last one upwards: Right opens it, Up goes to the one above (still
    # closed, so its items are not in the way).  There are at most five
    # severities; at the top more Right/Up only move between the first
    # severity and its first item.
    xdotool mousemove --window "$d" 80 42 click 1
    keys End
    for ((i = 0; i < 6; i++)); do keys Right Up; done
    keys Home
    settle "$d"
    # A double click on the right edge of the Summary column's header fits
    # the column to the longest message.
    xdotool mousemove --window "$d" 541 22 click --repeat 2 --delay 80 1
    shoot "$d" "$name"
    stop_wireshark
}

# follow_chroot CHROOT CAPTURE FRAME NAME: Analyze > Follow > AI-Session-ID
# Stream in the Wireshark of a Debian chroot made by tests/compat/ (4.0 has
# no Follow entry for plugins; 4.4 and later have).  The plugin is built
# there (own folder under the chroot's /tmp), Wireshark runs there as
# nobody and reaches Xvfb by its abstract socket (Linux), so neither /proc
# nor /tmp/.X11-unix need mounting.  Needs root (chroot).
follow_chroot() {
    local root=$1 base=$2 frame=$3 name=$4
    [ "$(id -u)" = 0 ] || die "AISID_CHROOT needs root (chroot)"
    [ -x "$root/usr/bin/wireshark" ] || die "$root has no /usr/bin/wireshark (apt-get install wireshark there)"
    CHROOT_TMP=$(mktemp -d "$root/tmp/aisid-gui.XXXXXX")
    local d=${CHROOT_TMP#"$root"} xy in_root=(chroot "$root" /usr/bin/env -i PATH=/usr/bin:/bin HOME=/root LC_ALL=C.UTF-8)
    chmod 755 "$CHROOT_TMP"
    mkdir -p "$CHROOT_TMP/src"
    if git -C "$SRC" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
        git -C "$SRC" ls-files -z --cached --others --exclude-standard |
            while IFS= read -r -d '' f; do [ -e "$SRC/$f" ] && printf '%s\0' "$f"; done |
            tar -C "$SRC" --null -T - -cf - | tar -C "$CHROOT_TMP/src" -xf -
    else
        tar -C "$SRC" --exclude=./build --exclude='./build-*' -cf - . | tar -C "$CHROOT_TMP/src" -xf -
    fi
    xy=$("${in_root[@]}" wireshark --version 2>/dev/null | sed -n '1s/^Wireshark \([0-9]*\.[0-9]*\).*/\1/p')
    [ -n "$xy" ] || die "wireshark does not run in $root"
    echo "-- building the plugin for Wireshark $xy in $root"
    "${in_root[@]}" cmake -S "$d/src" -B "$d/build" -DAISID_TESTS=OFF >/dev/null
    "${in_root[@]}" cmake --build "$d/build" --target aisid >/dev/null
    local home=$CHROOT_TMP/home
    mkdir -p "$home/.local/lib/wireshark/plugins/$xy/epan" "$CHROOT_TMP/run"
    cp "$CHROOT_TMP/build/plugin/aisid.so" "$home/.local/lib/wireshark/plugins/$xy/epan/"
    cp "$CAPS/$base.pcapng" "$CHROOT_TMP/"
    profile 1280 900 300 "$home"
    chmod -R a+rX "$CHROOT_TMP"
    chown -R "$NOBODY_UID:$NOBODY_GID" "$home" "$CHROOT_TMP/run"
    chmod 700 "$CHROOT_TMP/run"

    echo "-- (Wireshark $xy) wireshark -r $base.pcapng -g $frame"
    (exec chroot --userspec="$NOBODY_UID:$NOBODY_GID" "$root" /usr/bin/env -i PATH=/usr/bin:/bin \
        HOME="$d/home" XDG_CONFIG_HOME="$d/home/.config" XDG_RUNTIME_DIR="$d/run" \
        DISPLAY="$DISP" LC_ALL=C.UTF-8 TZ=UTC WIRESHARK_ABORT_ON_DISSECTOR_BUG=1 \
        setsid wireshark -r "$d/$base.pcapng" -g "$frame" </dev/null >>"$T/wireshark.log" 2>&1) &
    WS_PID=$!
    local w f title='Follow AI-Session-ID Stream'
    w=$(wait_window "^$base\.pcapng\$")
    settle "$w"
    check_windows "^$base\.pcapng\$"
    xdotool windowfocus --sync "$w"
    # Analyze > Follow (3rd from the end; Up skips the disabled "Show
    # Packet Bytes...") > its first entry, AI-Session-ID Stream.
    keys alt+a
    sleep 0.3
    keys Up Up Right Return
    f=$(wait_window "$title")
    xdotool windowmove "$f" 0 0 windowsize "$f" 1100 1000
    settle "$f"
    check_windows "^$base\.pcapng\$|$title"
    # Find (the field at the bottom) the first message of dialog 2, the
    # one that replaced dialog 1, so it is in view.
    xdotool windowfocus --sync "$f"
    xdotool mousemove --window "$f" 400 947 click 1
    xdotool type --delay 30 "dialog 2 ("
    keys Return
    # The match is on the last line: two wheel steps (3 lines each) bring
    # the start of that INVITE into view, the REFER above stays.
    xdotool mousemove --window "$f" 500 400 click 5 click 5
    shoot "$f" "$name"
    stop_wireshark
    rm -rf -- "$CHROOT_TMP"; CHROOT_TMP=''
}

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
stage
mkdir -p "$T/run"; chmod 700 "$T/run"
if [ "$(id -u)" = 0 ]; then chown "$NOBODY_UID:$NOBODY_GID" "$T/run"; fi
start_xvfb
echo "-- Xvfb $DISP (${SCREEN_W}x${SCREEN_H}), Wireshark $WS_XY, plugin $PLUGIN" | sed "s#$SRC/##"

want() { [[ " ${AISID_SHOTS:-details assertion stats expert timeline follow} " == *" $1 "* ]]; }
want details && details attended_transfer 15 details 1100
want assertion && details assertion_verify 1 assertion 1150 assertion
# Statistics > AI Sessions: "AI Sessions" is the 4th item from the end of
# the Statistics menu of 4.0 (then F5, IPv4 and IPv6 Statistics); Up from
# the first item wraps to the last.
want stats && menu_dialog attended_transfer alt+s 'AI Sessions' stats 1000 460 -- Up Up Up Up Return
want expert && expert assertion_verify expert 1520 520
# Tools > AI-Session-ID (the last item of the Tools menu) > the 2nd entry,
# "Timeline of the selected packet's AI session": a text window.
want timeline && menu_dialog attended_transfer alt+t 'AI session timeline' timeline 1100 690 \
    -g 15 -- Up Right Down Return
# Optional: Analyze > Follow > AI-Session-ID Stream in a chroot's Wireshark
# (4.4 in tests/compat's trixie chroot).
if [ -n "${AISID_CHROOT:-}" ] && want follow; then
    follow_chroot "$AISID_CHROOT" attended_transfer 15 follow
fi

echo "OK: screenshots in $OUT ($((SECONDS - START)) s)" | sed "s#$SRC/##"
