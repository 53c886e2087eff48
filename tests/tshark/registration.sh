#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# registration: what the plugin registers matches plugin/REFERENCE.md.
#
# REFERENCE.md has markdown tables whose first cell is an abbrev in
# backticks ("| `aisid.id` | ... |"), under the headings
#   Fields       abbrev | type (FT_...)    | meaning
#   Expert info  abbrev | group (PI_...)   | severity (PI_...) | trigger
#   Preferences  abbrev | type / default   | meaning
# Checked:
#  - registered protocol/fields/expert items (tshark -G fields) == documented
#    fields + expert items; preferences (tshark -G defaultprefs) == documented
#  - fields: documented type; non-empty blurb that differs from the name
#  - expert items: FT_NONE with a non-empty summary; group and severity as
#    documented, for every item that some capture in testcaptures/ raises
#    (tshark 4.0 has no "-G expert", so that is the only way to see them)
#  - preferences: the default shown by tshark appears in the second column
#    (warning only)
# shellcheck source=tests/tshark/lib.sh
. "$(dirname "$0")/lib.sh"
REF=$SRC/plugin/REFERENCE.md
[ -f "$REF" ] || die "$REF not found"
stage
W=$T/work; mkdir "$W"
fail=0
bad() { echo "FAIL: $*" >&2; fail=1; }

# section <TAB> abbrev <TAB> cell2 <TAB> cell3 for each documented abbrev.
# A heading naming a section opens it; a heading of the same or a higher
# level closes it (subsections stay in it).
awk -F'|' '
    function trim(s) { gsub(/^[ \t]+|[ \t]+$/, "", s); return s }
    /^#+[ \t]/ {
        lvl = index($0, " ") - 1; h = tolower($0)
        if (h ~ /expert/)     { sec = "expert"; seclvl = lvl }
        else if (h ~ /pref/)  { sec = "pref";   seclvl = lvl }
        else if (h ~ /field/) { sec = "field";  seclvl = lvl }
        else if (lvl <= seclvl) sec = ""
        next
    }
    sec != "" && /^[ \t]*\|/ && match($2, /`aisid(\.[^`]*)?`/) {
        print sec "\t" substr($2, RSTART + 1, RLENGTH - 2) "\t" trim($3) "\t" trim($4)
    }' "$REF" >"$W/doc"

tshark_plugin -G fields >"$W/fields.all"
awk -F'\t' '($1 == "P" || $1 == "F") && ($3 == "aisid" || $3 ~ /^aisid\./)' \
    "$W/fields.all" >"$W/fields"
tshark_plugin -G defaultprefs >"$W/prefs.all"
sed -n 's/^#\(aisid\.[^:]*\): \{0,1\}/\1\t/p' "$W/prefs.all" >"$W/prefs"

[ -s "$W/fields" ] || die "tshark -G fields shows nothing for aisid"

compare_sets() {   # title documented-file registered-file
    if ! diff -u --label "documented in plugin/REFERENCE.md" --label "registered (tshark)" \
            "$2" "$3" >"$W/diff"; then
        bad "$1: documented and registered sets differ ('-' only documented, '+' only registered):"
        cat "$W/diff" >&2
    fi
}
awk -F'\t' '$1 == "field" || $1 == "expert" {print $2}' "$W/doc" | LC_ALL=C sort >"$W/doc.f"
cut -f3 "$W/fields" | LC_ALL=C sort >"$W/reg.f"
compare_sets "fields and expert items" "$W/doc.f" "$W/reg.f"
awk -F'\t' '$1 == "pref" {print $2}' "$W/doc" | LC_ALL=C sort >"$W/doc.p"
cut -f1 "$W/prefs" | LC_ALL=C sort >"$W/reg.p"
compare_sets "preferences" "$W/doc.p" "$W/reg.p"
for s in doc.f reg.f doc.p reg.p; do
    dups=$(uniq -d "$W/$s")
    [ -z "$dups" ] || bad "listed twice ($s): $dups"
done

US=$'\037'      # "read" with IFS=TAB would merge empty cells; use US
tabs2us() { tr "\t" "\037"; }
lc() { tr '[:upper:]' '[:lower:]' <<<"$1"; }
# Group/severity names: PI_RESPONSE_CODE, "Response", PI_WARN, "Warning"...
# all differ in their first four letters, so compare those.
norm4() { local s; s=$(lc "$1" | tr -d '`'); s=${s#pi_}; echo "${s:0:4}"; }

# Per documented field or expert item.
while IFS=$US read -r sec abbrev c2 _; do
    line=$(awk -F'\t' -v a="$abbrev" '$3 == a' "$W/fields")
    [ -n "$line" ] || continue                  # reported by the set diff
    IFS=$US read -r kind name _ type _ _ _ blurb <<<"${line//$'\t'/$US}"
    case $sec in
    field)
        [ "$kind" = P ] && continue             # the protocol: no type/blurb
        want=$(lc "$c2" | tr -d '`' | sed 's/\bft_//g')
        have=$(lc "${type#FT_}")
        [[ " $(tr -c 'a-z0-9_\n' ' ' <<<"$want") " == *" $have "* ]] ||
            bad "$abbrev: registered as $type, REFERENCE.md says '$c2'"
        [ -n "$blurb" ] || bad "$abbrev: empty description (blurb)"
        [ "$blurb" != "$name" ] || bad "$abbrev: description (blurb) just repeats the name '$name'"
        ;;
    expert)
        [ "$type" = FT_NONE ] || bad "$abbrev: documented as expert item but registered as $type"
        [ -n "$name" ] || bad "$abbrev: expert item with empty summary"
        ;;
    esac
done < <(tabs2us <"$W/doc")

# Expert items as raised in the captures: group and severity.
: >"$W/seen"
for cap in "$T"/captures/*.pcapng; do
    [ -f "$cap" ] || continue
    mapfile -d '' prefs < <(capture_prefs "$(basename "$cap" .pcapng)")
    aisid_experts "$cap" ${prefs[@]+"${prefs[@]}"} >>"$W/seen"
done
while IFS=$'\t' read -r abbrev sev grp; do
    doc=$(awk -F'\t' -v a="$abbrev" '$1 == "expert" && $2 == a' "$W/doc")
    [ -n "$doc" ] || continue                   # reported by the set diff
    IFS=$US read -r _ _ dgrp dsev <<<"${doc//$'\t'/$US}"
    [ "$(norm4 "$grp")" = "$(norm4 "$dgrp")" ] ||
        bad "$abbrev: raised with group '$grp', REFERENCE.md says '$dgrp'"
    [ "$(norm4 "$sev")" = "$(norm4 "$dsev")" ] ||
        bad "$abbrev: raised with severity '$sev', REFERENCE.md says '$dsev'"
done < <(cut -f2-4 "$W/seen" | sort -u)
never=$(awk -F'\t' '$1 == "expert" {print $2}' "$W/doc" | LC_ALL=C sort |
    LC_ALL=C comm -23 - <(cut -f2 "$W/seen" | LC_ALL=C sort -u) | tr '\n' ' ')
[ -z "$never" ] || note "expert items no capture raises (group/severity unchecked): $never"

# Preference defaults (warning only: the column is free text).
while IFS=$'\t' read -r abbrev value; do
    doc=$(awk -F'\t' -v a="$abbrev" '$1 == "pref" && $2 == a {print $3}' "$W/doc")
    [ -n "$doc" ] || continue
    [[ "$(lc "$doc")" == *"$(lc "$value")"* ]] ||
        note "warning: $abbrev defaults to '$value', REFERENCE.md says '$doc'"
done <"$W/prefs"

[ "$fail" = 0 ] || exit 1
echo "OK: $(wc -l <"$W/reg.f") fields/expert items, $(wc -l <"$W/reg.p") preferences match plugin/REFERENCE.md"
