#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# plugin_loads: tshark loads aisid.so (from the stage, see lib.sh) as a
# dissector plugin and the protocol "AI-Session-ID" with filter name "aisid"
# is registered.
# shellcheck source=tests/tshark/lib.sh
. "$(dirname "$0")/lib.sh"
stage                      # also checks that `tshark -G plugins` lists aisid.so

plugins=$(tshark_plugin -G plugins)
grep -P '^aisid\.so\s' <<<"$plugins" || die "aisid.so not listed by tshark -G plugins"
# Its type: 4.0 infers it from what the plugin registers, 4.4 and later ask
# plugin_describe() (without it: "unknown").
type=$(awk -F'\t' '$1 ~ /^aisid\.so *$/ {gsub(/ +$/, "", $3); print $3}' <<<"$plugins")
[ "$type" = dissector ] || die "tshark -G plugins says aisid.so is a '$type' plugin, not 'dissector'"

# -G protocols: name <TAB> short name <TAB> filter name
tshark_plugin -G protocols | awk -F'\t' '$1 == "AI-Session-ID" && $3 == "aisid" {print; found=1}
    END {exit !found}' ||
    die "tshark -G protocols has no line 'AI-Session-ID<TAB>...<TAB>aisid'"
echo "OK"
