/* plugin.c
 * The entry points Wireshark's plugin loader looks for (doc/plugins.example).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define WS_BUILD_DLL
#include <wireshark.h>
#include <epan/packet.h>
#include <epan/proto.h>

#include "aisid_compat.h"
#include "packet-aisid.h"

#if AISID_WS_AT_LEAST(4, 4)
#include <wsutil/plugins.h>
#endif

#ifndef AISID_VERSION
#define AISID_VERSION "0.0.0"
#endif

WS_DLL_PUBLIC_DEF const char plugin_version[] = AISID_VERSION;
WS_DLL_PUBLIC_DEF const int plugin_want_major = WIRESHARK_VERSION_MAJOR;
WS_DLL_PUBLIC_DEF const int plugin_want_minor = WIRESHARK_VERSION_MINOR;

WS_DLL_PUBLIC void plugin_register(void);
#if AISID_WS_AT_LEAST(4, 4)
WS_DLL_PUBLIC uint32_t plugin_describe(void);

uint32_t plugin_describe(void)
{
    return WS_PLUGIN_DESC_DISSECTOR;
}
#endif

void plugin_register(void)
{
    static proto_plugin plug;

    plug.register_protoinfo = proto_register_aisid;
    plug.register_handoff = proto_reg_handoff_aisid;
    proto_register_plugin(&plug);
}
