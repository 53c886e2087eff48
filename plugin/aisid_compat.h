/* aisid_compat.h
 * The few Wireshark API differences between 4.0, 4.4 and 4.6 that the plugin
 * meets, behind version guards (see plugin/REFERENCE.md, "Building").
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef AISID_COMPAT_H
#define AISID_COMPAT_H

#include <ws_version.h>

#define AISID_WS_AT_LEAST(maj, min) \
    (WIRESHARK_VERSION_MAJOR > (maj) || \
     (WIRESHARK_VERSION_MAJOR == (maj) && WIRESHARK_VERSION_MINOR >= (min)))

/* prefs_register_bool_preference() takes gboolean* up to 4.2, bool* from 4.4. */
#if AISID_WS_AT_LEAST(4, 4)
typedef bool aisid_pref_bool_t;
#else
typedef gboolean aisid_pref_bool_t;
#endif

#endif /* AISID_COMPAT_H */
