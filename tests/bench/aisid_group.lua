-- SPDX-License-Identifier: GPL-2.0-or-later
--
-- The AI-session grouping of aisid written as a small Lua postdissector,
-- for the benchmark (tests/bench/bench.sh): what a user can write today
-- without the plugin.  SIP's Call-ID comes from its field; the header from
-- the frame's bytes (Wireshark loads Lua scripts before the "Custom SIP
-- Header Fields" table, so Field.new("sip.AI-Session-ID") fails).  It
-- groups by the identifier (the value before any ';'): messages without
-- the header join the session of their Call-ID.  Computed on the first
-- pass, kept per frame, like the plugin.  Run:
--   tshark -X lua_script:aisid_group.lua -T fields -e sip.Call-ID \
--          -e aisidlua.session -e aisidlua.id
local f_call_id = Field.new("sip.Call-ID")

local proto = Proto("aisidlua", "AI session grouping (Lua)")
local pf_session = ProtoField.uint32("aisidlua.session", "AI session")
local pf_id = ProtoField.string("aisidlua.id", "AI-Session-ID")
proto.fields = { pf_session, pf_id }

local by_id, by_call_id, by_frame, count

function proto.init()
    by_id, by_call_id, by_frame, count = {}, {}, {}, 0
end

function proto.dissector(tvb, pinfo, tree)
    local s = by_frame[pinfo.number]
    if s == nil then
        local call_id = f_call_id()
        if not call_id then
            return
        end
        call_id = tostring(call_id)
        local id = tvb:raw():match("\nAI%-Session%-ID:[ \t]*([^;\r\n]*)")
        if id then
            s = by_id[id]
            if not s then
                s = { index = count, id = id }
                count = count + 1
                by_id[id] = s
            end
            by_call_id[call_id] = s
        else
            s = by_call_id[call_id]
        end
        by_frame[pinfo.number] = s or false
    end
    if s then
        local t = tree:add(proto, tvb())
        t:add(pf_session, s.index)
        t:add(pf_id, s.id)
    end
end

register_postdissector(proto)
