/* aisid-verify.c
 * Whether to believe an assertion (draft section 8): signatures checked
 * against the keys of a JWK Set (RFC 7517), assertions passed by reference
 * resolved offline (from the HTTP exchange that fetched them in the same
 * capture, or from a folder of files named by the SHA-256 of the URI), and
 * the trust boundary of the aisid.trusted_networks preference.
 *
 * Keys, the folder and the networks are preferences, read when they change.
 * Resolution facts (HTTP responses, folder files) are kept in file scope:
 * HTTP exchanges are recorded on the first pass, so in one pass a reference
 * resolves from fetches seen before it, and with -2 / in the GUI from any.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <wireshark.h>

#include <string.h>

#include <epan/address.h>
#include <epan/expert.h>
#include <epan/packet.h>
#include <epan/prefs.h>
#include <epan/proto_data.h>
#include <epan/to_str.h>

#include "aisid_compat.h"
#include "aisid_verify.h"
#include "packet-aisid.h"

/* Key of the per-frame HTTP record in file scope. */
#define AISID_HTTP_KEY 2

static int hf_aisid_assertion_status = -1;
static int hf_aisid_assertion_key = -1;
static int hf_aisid_assertion_ref_frame = -1;
static int hf_aisid_assertion_ref_file = -1;
static int hf_aisid_assertion_ref_sip_frame = -1;
static int hf_aisid_assertion_ref_uri = -1;

static gint ett_aisid_http = -1;

static expert_field ei_aisid_assertion_verified = EI_INIT;
static expert_field ei_aisid_assertion_bad_signature = EI_INIT;
static expert_field ei_aisid_assertion_no_key = EI_INIT;
static expert_field ei_aisid_assertion_alg_mismatch = EI_INIT;
static expert_field ei_aisid_assertion_unsupported_alg = EI_INIT;
static expert_field ei_aisid_assertion_ref_resolved = EI_INIT;
static expert_field ei_aisid_assertion_ref_unresolved = EI_INIT;
static expert_field ei_aisid_assertion_ref_changed = EI_INIT;
static expert_field ei_aisid_assertion_missing = EI_INIT;
static expert_field ei_aisid_jwks_problem = EI_INIT;

static const char *pref_jwks_file = "";
static const char *pref_assertion_dir = "";
static const char *pref_trusted_networks = "";

/* What the preferences made of their values (rebuilt when they change). */
static aisid_keyset_t *keyset;
static char *keyset_error;          /* why the JWKS file gave no (or fewer) keys */
static aisid_netlist_t *trusted;
static char *trusted_error;
static char *loaded_jwks, *loaded_networks;

/* File scope: HTTP resources by "host/target" (resource_t), folder files by
 * URI (char *, "" when there is none), the SIP frame that first referenced
 * each URI, pending HTTP requests by connection. */
typedef struct {
    uint32_t    req_frame, resp_frame;
    unsigned    status;
    const char *jws;                 /* NULL when the body holds none */
} resource_t;

static wmem_map_t *http_resources;
static wmem_map_t *dir_files;
static wmem_map_t *ref_first_frame;
static wmem_map_t *pending_requests;
static int proto_http = -1;         /* found at each file's start */

/* What a frame's HTTP response resolved, for every pass. */
typedef struct {
    const resource_t *res;
    const char       *key;
} http_frame_t;

/* ------------------------------------------------ preferences */

void
aisid_verify_prefs_apply(void)
{
    if (g_strcmp0(loaded_jwks, pref_jwks_file) != 0) {
        g_free(loaded_jwks);
        loaded_jwks = g_strdup(pref_jwks_file);
        aisid_keyset_free(keyset);
        keyset = NULL;
        g_free(keyset_error);
        keyset_error = NULL;
        if (pref_jwks_file && *pref_jwks_file) {
            aisid_verify_init();
            keyset = aisid_keyset_new();
            if (aisid_keyset_add_file(keyset, pref_jwks_file, &keyset_error) <= 0 && !keyset_error)
                keyset_error = g_strdup_printf("%s holds no usable public key", pref_jwks_file);
            if (keyset_error)
                ws_warning("aisid.jwks_file: %s", keyset_error);
        }
    }
    if (g_strcmp0(loaded_networks, pref_trusted_networks) != 0) {
        g_free(loaded_networks);
        loaded_networks = g_strdup(pref_trusted_networks);
        aisid_netlist_free(trusted);
        g_free(trusted_error);
        trusted_error = NULL;
        trusted = aisid_netlist_parse(pref_trusted_networks, &trusted_error);
        if (trusted_error)
            ws_warning("aisid.trusted_networks: %s", trusted_error);
    }
}

/* At program exit (epan_cleanup(), before the plugin is unloaded): what the
 * preferences built lives for the whole process, not for one file. */
static void
verify_shutdown(void)
{
    aisid_keyset_free(keyset);
    keyset = NULL;
    aisid_netlist_free(trusted);
    trusted = NULL;
    g_free(keyset_error);
    g_free(trusted_error);
    g_free(loaded_jwks);
    g_free(loaded_networks);
    keyset_error = trusted_error = loaded_jwks = loaded_networks = NULL;
}

static void
verify_init(void)
{
    http_resources = wmem_map_new(wmem_file_scope(), g_str_hash, g_str_equal);
    dir_files = wmem_map_new(wmem_file_scope(), g_str_hash, g_str_equal);
    ref_first_frame = wmem_map_new(wmem_file_scope(), g_str_hash, g_str_equal);
    pending_requests = wmem_map_new(wmem_file_scope(), g_str_hash, g_str_equal);
    proto_http = proto_get_id_by_filter_name("http");
}

/* Did HTTP dissect part of this frame?  pinfo->layers holds protocol ids:
 * comparing ids is a tenth of proto_is_frame_protocol()'s name lookups,
 * which ran on every frame once an assertion-ref was seen. */
static bool
frame_has_http(packet_info *pinfo)
{
    wmem_list_frame_t *f;

    if (proto_http < 0)
        return false;
    for (f = wmem_list_head(pinfo->layers); f; f = wmem_list_frame_next(f)) {
        if (GPOINTER_TO_INT(wmem_list_frame_data(f)) == proto_http)
            return true;
    }
    return false;
}

static void
verify_cleanup(void)
{
    http_resources = dir_files = ref_first_frame = pending_requests = NULL;
}

/* ------------------------------------------------ verification */

static const char *
key_name(packet_info *pinfo, const aisid_key_t *key)
{
    const char *kid = key ? aisid_key_kid(key) : NULL;
    const char *src = key ? aisid_key_source(key) : NULL;

    char *base, *name;

    if (!key)
        return "?";
    /* The file name, not its folder: the text stays the same wherever the
     * key file lives. */
    base = src ? g_path_get_basename(src) : NULL;
    name = wmem_strdup_printf(pinfo->pool, "%s%s%s (%s%s%s)", kid ? "kid " : "", kid ? kid : "",
                              kid ? "" : "a key without kid", aisid_kty_str(aisid_key_kty(key)),
                              base ? ", " : "", base ? base : "");
    g_free(base);
    return name;
}

/* The problems aisid.jwks_file had, one line each, with the file named
 * by its base name (stable wherever it lives): those that mention kid, and
 * with bounds the bounds the set hit (NULL when none), or for kid NULL
 * the first (and how many more). */
static const char *
jwks_problems(packet_info *pinfo, const char *kid, bool bounds)
{
    gchar **lines, *base, *kid_pat = NULL;
    GString *out;
    const char *r;
    unsigned i, n = 0, total = 0;

    if (!keyset_error)
        return kid ? NULL : "no problem recorded";
    base = g_path_get_basename(loaded_jwks ? loaded_jwks : "");
    lines = g_strsplit(keyset_error, "\n", -1);
    out = g_string_new(NULL);
    if (kid)
        kid_pat = g_strdup_printf("kid \"%s\"", kid);
    for (i = 0; lines[i]; i++) {
        const char *l = lines[i];
        if (!*l)
            continue;
        total++;
        if (loaded_jwks && g_str_has_prefix(l, loaded_jwks) && l[strlen(loaded_jwks)] == ':')
            l += strlen(loaded_jwks) + 2;
        if (kid_pat ? (strstr(l, kid_pat) == NULL && !(bounds && g_str_has_prefix(l, "bound: ")))
                    : n > 0)
            continue;
        g_string_append_printf(out, "%s%s: %s", n ? "; " : "", base, l);
        n++;
    }
    if (!kid && total > 1)
        g_string_append_printf(out, " (and %u more)", total - 1);
    r = n ? wmem_strdup(pinfo->pool, out->str) : NULL;
    g_string_free(out, TRUE);
    g_strfreev(lines);
    g_free(kid_pat);
    g_free(base);
    return r;
}

void
aisid_verify_assertion(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, proto_item *a_item,
                       gint off, gint len, const aisid_jws_t *jws, aisid_msg_rec_t *msg)
{
    aisid_verify_result_t res;
    proto_item *pi;

    if (!keyset || aisid_keyset_count(keyset) == 0) {
        /* Nothing to verify with: say so in the field; raise nothing
         * unless a key file was named and gave no key (then say why). */
        pi = proto_tree_add_string(tree, hf_aisid_assertion_status, tvb, off, len,
                                   aisid_verify_status_str(AISID_VERIFY_NOT_CHECKED));
        proto_item_set_generated(pi);
        if (keyset) {
            aisid_note_expert(msg, &ei_aisid_jwks_problem);
            expert_add_info_format(pinfo, a_item, &ei_aisid_jwks_problem,
                "Assertion not checked: aisid.jwks_file gives no usable key (%s)",
                jwks_problems(pinfo, NULL, true));
        }
        return;
    }
    aisid_verify_jws(keyset, jws, &res);
    pi = proto_tree_add_string(tree, hf_aisid_assertion_status, tvb, off, len,
                               aisid_verify_status_str(res.status));
    proto_item_set_generated(pi);
    if (res.key) {
        pi = proto_tree_add_string(tree, hf_aisid_assertion_key, tvb, off, len, key_name(pinfo, res.key));
        proto_item_set_generated(pi);
    }

    /* What was wrong with the keys this assertion names (its kid), so
     * that "no key" or a failure says why the key was not there. */
    if (keyset_error && jws->kid) {
        const char *why = jwks_problems(pinfo, jws->kid, res.status != AISID_VERIFY_OK);
        if (why) {
            aisid_note_expert(msg, &ei_aisid_jwks_problem);
            expert_add_info_format(pinfo, a_item, &ei_aisid_jwks_problem,
                "aisid.jwks_file about kid \"%s\": %s", aisid_label_text(pinfo->pool, jws->kid), why);
        }
    }

    switch (res.status) {
    case AISID_VERIFY_OK:
        aisid_note_expert(msg, &ei_aisid_assertion_verified);
        expert_add_info_format(pinfo, a_item, &ei_aisid_assertion_verified,
            "Assertion signature verifies with %s", key_name(pinfo, res.key));
        break;
    case AISID_VERIFY_BAD_SIGNATURE:
        aisid_note_expert(msg, &ei_aisid_assertion_bad_signature);
        expert_add_info_format(pinfo, a_item, &ei_aisid_assertion_bad_signature,
            "Assertion signature (%s) does not verify with %s: %s",
            jws->alg ? aisid_label_text(pinfo->pool, jws->alg) : "?", key_name(pinfo, res.key), res.detail);
        break;
    case AISID_VERIFY_NO_KEY:
        aisid_note_expert(msg, &ei_aisid_assertion_no_key);
        if (jws->kid)
            expert_add_info_format(pinfo, a_item, &ei_aisid_assertion_no_key,
                "No configured key has kid \"%s\" (%u key%s in the JWK Set)",
                aisid_label_text(pinfo->pool, jws->kid),
                aisid_keyset_count(keyset), aisid_keyset_count(keyset) == 1 ? "" : "s");
        else
            expert_add_info_format(pinfo, a_item, &ei_aisid_assertion_no_key,
                "The assertion has no kid and no configured key fits alg %s: %s",
                jws->alg ? aisid_label_text(pinfo->pool, jws->alg) : "?", res.detail);
        break;
    case AISID_VERIFY_ALG_MISMATCH:
        aisid_note_expert(msg, &ei_aisid_assertion_alg_mismatch);
        expert_add_info_format(pinfo, a_item, &ei_aisid_assertion_alg_mismatch,
            "Assertion alg \"%s\" does not fit %s: %s", jws->alg ? aisid_label_text(pinfo->pool, jws->alg) : "",
            res.key ? key_name(pinfo, res.key) : "the configured keys", res.detail);
        break;
    case AISID_VERIFY_UNSUPPORTED_ALG:
        aisid_note_expert(msg, &ei_aisid_assertion_unsupported_alg);
        expert_add_info_format(pinfo, a_item, &ei_aisid_assertion_unsupported_alg,
            "Assertion alg \"%s\" is not one the plugin verifies (ES256, RS256, EdDSA): %s",
            jws->alg ? aisid_label_text(pinfo->pool, jws->alg) : "", res.detail);
        break;
    case AISID_VERIFY_MALFORMED:
    case AISID_VERIFY_NOT_CHECKED:
    default:
        /* Already reported as aisid.assertion.malformed / alg_none. */
        break;
    }
}

/* ------------------------------------------------ resolving references */

/* "host[:port]/path?query" of an absolute URI, host lowercased: the key
 * that matches a request's Host and target (RFC 9112 section 3.2). */
static char *
resource_key(wmem_allocator_t *scope, const char *uri)
{
    const char *p = strstr(uri, "://"), *slash;
    char *host, *key;

    if (!p)
        return NULL;
    p += 3;
    slash = strchr(p, '/');
    host = g_ascii_strdown(p, slash ? (gssize)(slash - p) : -1);
    key = wmem_strdup_printf(scope, "%s%s", host, slash ? slash : "/");
    g_free(host);
    return key;
}

static char *
request_key(wmem_allocator_t *scope, const aisid_http_msg_t *m)
{
    char *host, *key;

    if (m->target.len > 0 && m->target.ptr[0] != '/') {
        /* absolute-form (to a proxy) */
        char *uri = wmem_strndup(scope, m->target.ptr, m->target.len);
        return resource_key(scope, uri);
    }
    if (!m->host.ptr)
        return NULL;
    host = g_ascii_strdown(m->host.ptr, (gssize)m->host.len);
    key = wmem_strdup_printf(scope, "%s%.*s", host, (int)m->target.len, m->target.ptr);
    g_free(host);
    return key;
}

/* The file of the assertion folder for a URI: the lowercase hex SHA-256 of
 * the URI exactly as written between < and >. */
static const char *
dir_lookup(packet_info *pinfo, const char *uri, const char **path_out)
{
    char *cached, *name, *path, *text = NULL;
    gsize len = 0;

    *path_out = NULL;
    if (!pref_assertion_dir || !*pref_assertion_dir || !dir_files)
        return NULL;
    name = g_compute_checksum_for_string(G_CHECKSUM_SHA256, uri, -1);
    path = g_build_filename(pref_assertion_dir, name, NULL);
    cached = (char *)wmem_map_lookup(dir_files, uri);
    if (!cached) {
        /* Read once, when the reference is first seen. */
        if (g_file_get_contents(path, &text, &len, NULL)) {
            char *jws = aisid_assertion_from_body(wmem_file_scope(), text, len);
            cached = jws ? jws : wmem_strdup(wmem_file_scope(), "");
            g_free(text);
        } else {
            cached = wmem_strdup(wmem_file_scope(), "");
        }
        wmem_map_insert(dir_files, wmem_strdup(wmem_file_scope(), uri), cached);
    }
    *path_out = *cached ? wmem_strdup(pinfo->pool, name) : NULL;
    g_free(name);
    g_free(path);
    return *cached ? cached : NULL;
}

void
aisid_verify_ref(tvbuff_t *tvb, packet_info *pinfo, proto_tree *ref_tree, proto_item *ref_item,
                 const char *uri, const aisid_header_t *h, aisid_msg_rec_t *msg)
{
    const resource_t *res = NULL;
    const char *jws = NULL, *path = NULL, *key;
    proto_item *pi;

    if (!http_resources)
        return;
    if (!pinfo->fd->visited && !wmem_map_contains(ref_first_frame, uri))
        wmem_map_insert(ref_first_frame, wmem_strdup(wmem_file_scope(), uri), GUINT_TO_POINTER(pinfo->num));

    key = resource_key(pinfo->pool, uri);
    if (key)
        res = (const resource_t *)wmem_map_lookup(http_resources, key);
    /* In one pass only what was fetched before this frame counts. */
    if (res && !pinfo->fd->visited && res->resp_frame > pinfo->num)
        res = NULL;
    if (res && res->jws) {
        jws = res->jws;
        pi = proto_tree_add_uint(ref_tree, hf_aisid_assertion_ref_frame, tvb, 0, 0, res->resp_frame);
        proto_item_set_generated(pi);
    } else if ((jws = dir_lookup(pinfo, uri, &path)) != NULL) {
        pi = proto_tree_add_string(ref_tree, hf_aisid_assertion_ref_file, tvb, 0, 0, path);
        proto_item_set_generated(pi);
    }

    if (!jws) {
        aisid_note_expert(msg, &ei_aisid_assertion_ref_unresolved);
        if (res)
            expert_add_info_format(pinfo, ref_item, &ei_aisid_assertion_ref_unresolved,
                "The referenced assertion %s was fetched (frame %u) but the response (%u, frame %u) holds no compact JWS",
                aisid_label_text(pinfo->pool, uri), res->req_frame, res->status, res->resp_frame);
        else
            expert_add_info_format(pinfo, ref_item, &ei_aisid_assertion_ref_unresolved,
                "The referenced assertion %s was not found %s%s",
                aisid_label_text(pinfo->pool, uri), pinfo->fd->visited ? "in the capture" : "in the capture so far",
                (pref_assertion_dir && *pref_assertion_dir) ? " nor in the assertion folder"
                                                             : " (and no aisid.assertion_dir is set)");
        return;
    }

    aisid_note_expert(msg, &ei_aisid_assertion_ref_resolved);
    if (path)
        expert_add_info_format(pinfo, ref_item, &ei_aisid_assertion_ref_resolved,
            "The referenced assertion was found in the assertion folder (file %s) and checked", path);
    else
        expert_add_info_format(pinfo, ref_item, &ei_aisid_assertion_ref_resolved,
            "The referenced assertion was fetched in frame %u (response in frame %u) and checked",
            res->req_frame, res->resp_frame);
    /* Show and check it like an embedded one, in a data source of its own. */
    {
        size_t jlen = strlen(jws);
        tvbuff_t *jtvb = tvb_new_child_real_data(tvb, (const guint8 *)jws, (guint)jlen, (gint)jlen);
        aisid_span_t span = { jws, jlen };
        add_new_data_source(pinfo, jtvb, "Referenced assertion");
        aisid_dissect_jws(jtvb, pinfo, ref_tree, jws, span, h, msg, false);
    }
}

/* ------------------------------------------------ HTTP exchanges */

static char *
conn_key(wmem_allocator_t *scope, const address *a, guint32 ap, const address *b, guint32 bp)
{
    return wmem_strdup_printf(scope, "%s:%u>%s:%u", address_to_str(scope, a), ap,
                              address_to_str(scope, b), bp);
}

/* First pass: remember each GET's resource, and what its response holds. */
static void
record_http(packet_info *pinfo)
{
    GSList *src;

    for (src = pinfo->data_src; src; src = src->next) {
        tvbuff_t *ds = get_data_source_tvb((struct data_source *)src->data);
        guint ds_len;
        const char *p;
        size_t off = 0;

        if (!ds || (ds_len = tvb_captured_length(ds)) == 0)
            continue;
        p = (const char *)tvb_get_ptr(ds, 0, ds_len);
        while ((off = aisid_http_find_message(p, ds_len, off)) != (size_t)-1) {
            aisid_http_msg_t m;
            if (!aisid_http_scan(p + off, ds_len - off, &m)) {
                off++;
                continue;
            }
            if (m.is_request) {
                char *rk = request_key(wmem_file_scope(), &m);
                if (rk) {
                    resource_t *r = wmem_new0(wmem_file_scope(), resource_t);
                    r->req_frame = pinfo->num;
                    wmem_map_insert(pending_requests,
                                    conn_key(wmem_file_scope(), &pinfo->src, pinfo->srcport,
                                             &pinfo->dst, pinfo->destport), r);
                    wmem_map_insert(http_resources, rk, r);
                }
            } else {
                char *ck = conn_key(pinfo->pool, &pinfo->dst, pinfo->destport, &pinfo->src, pinfo->srcport);
                resource_t *r = (resource_t *)wmem_map_remove(pending_requests, ck);
                if (r && m.status >= 200) {
                    r->resp_frame = pinfo->num;
                    r->status = m.status;
                    if (m.status < 300 && m.body.ptr)
                        r->jws = aisid_assertion_from_body(wmem_file_scope(), m.body.ptr, m.body.len);
                    if (r->jws) {
                        http_frame_t *hf = wmem_new0(wmem_file_scope(), http_frame_t);
                        hf->res = r;
                        p_add_proto_data(wmem_file_scope(), pinfo, proto_aisid, AISID_HTTP_KEY, hf);
                    }
                } else if (r) {
                    /* 1xx: the final response is still to come */
                    wmem_map_insert(pending_requests, wmem_strdup(wmem_file_scope(), ck), r);
                }
            }
            off += m.body.ptr ? (size_t)(m.body.ptr + m.body.len - (p + off)) : 1;
        }
    }
}

/* The response frame of a fetched assertion says which SIP frame's
 * reference it resolves, and shows the assertion checked. */
static bool
show_http(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree)
{
    const http_frame_t *hf = (const http_frame_t *)p_get_proto_data(wmem_file_scope(), pinfo, proto_aisid, AISID_HTTP_KEY);
    wmem_list_frame_t *it;
    proto_item *ti, *pi;
    proto_tree *ht;
    uint32_t sip_frame = 0;
    const char *uri = NULL;

    if (!hf)
        return false;
    /* Which reference: the URIs are few, a scan is fine. */
    {
        wmem_list_t *keys = wmem_map_get_keys(pinfo->pool, ref_first_frame);
        for (it = wmem_list_head(keys); it; it = wmem_list_frame_next(it)) {
            const char *u = (const char *)wmem_list_frame_data(it);
            char *k = resource_key(pinfo->pool, u);
            if (k && wmem_map_lookup(http_resources, k) == hf->res) {
                uri = u;
                sip_frame = GPOINTER_TO_UINT(wmem_map_lookup(ref_first_frame, u));
                break;
            }
        }
    }
    ti = proto_tree_add_item(tree, proto_aisid, tvb, 0, 0, ENC_NA);
    proto_item_set_text(ti, "AI-Session-ID assertion (HTTP response to frame %u)", hf->res->req_frame);
    proto_item_set_generated(ti);
    ht = proto_item_add_subtree(ti, ett_aisid_http);
    if (uri) {
        pi = proto_tree_add_string(ht, hf_aisid_assertion_ref_uri, tvb, 0, 0, uri);
        proto_item_set_generated(pi);
    }
    if (sip_frame) {
        pi = proto_tree_add_uint(ht, hf_aisid_assertion_ref_sip_frame, tvb, 0, 0, sip_frame);
        proto_item_set_generated(pi);
    }
    {
        size_t jlen = strlen(hf->res->jws);
        tvbuff_t *jtvb = tvb_new_child_real_data(tvb, (const guint8 *)hf->res->jws, (guint)jlen, (gint)jlen);
        aisid_span_t span = { hf->res->jws, jlen };
        add_new_data_source(pinfo, jtvb, "Fetched assertion");
        aisid_dissect_jws(jtvb, pinfo, ht, hf->res->jws, span, NULL, NULL, false);
    }
    return true;
}

bool
aisid_verify_http(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree)
{
    if (!http_resources)
        return false;
    /* Only once the capture has shown an assertion-ref, and only frames
     * that HTTP dissected: a capture without AI-Session-ID pays one map
     * size test a frame.  (So a fetch made before any SIP message
     * referenced it is not used.) */
    if (!pinfo->fd->visited && wmem_map_size(ref_first_frame) > 0 &&
        frame_has_http(pinfo))
        record_http(pinfo);
    if (wmem_map_size(http_resources) == 0)
        return false;
    return show_http(tvb, pinfo, tree);
}

/* ------------------------------------------------ trust boundary */

static bool
address_inside(const address *a, bool *known)
{
    *known = a->type == AT_IPv4 || a->type == AT_IPv6;
    if (!*known)
        return false;
    return aisid_netlist_contains(trusted, (const uint8_t *)a->data, (size_t)a->len);
}

void
aisid_verify_boundary(packet_info *pinfo, aisid_msg_rec_t *msg)
{
    aisid_hdr_rec_t *h;
    bool src_known, dst_known, src_in, dst_in;

    if (!trusted || !msg->headers)
        return;
    src_in = address_inside(&pinfo->src, &src_known);
    dst_in = address_inside(&pinfo->dst, &dst_known);
    if (!src_known || !dst_known || src_in == dst_in)
        return;
    for (h = msg->headers; h; h = h->next) {
        if (h->hdr.ref_index >= 0 || h->hdr.assertion_index >= 0)
            return;
    }
    aisid_note_expert(msg, &ei_aisid_assertion_missing);
    expert_add_info_format(pinfo, msg->headers->id_item, &ei_aisid_assertion_missing,
        "AI-Session-ID \"%s\" crosses the trust boundary (%s %s -> %s %s) without a signed assertion (draft section 8)",
        aisid_label_span(pinfo->pool, msg->headers->hdr.id.ptr, msg->headers->hdr.id.len),
        address_to_str(pinfo->pool, &pinfo->src), src_in ? "inside" : "outside",
        address_to_str(pinfo->pool, &pinfo->dst), dst_in ? "inside" : "outside");
}

/* ------------------------------------------------ reference changes */

void
aisid_verify_ref_changed(packet_info *pinfo, proto_item *item, aisid_msg_rec_t *msg,
                         const char *old_uri, const char *new_uri)
{
    aisid_note_expert(msg, &ei_aisid_assertion_ref_changed);
    expert_add_info_format(pinfo, item, &ei_aisid_assertion_ref_changed,
        "The assertion reference changes within the dialog: %s, was %s",
        aisid_label_text(pinfo->pool, new_uri), aisid_label_text(pinfo->pool, old_uri));
}

/* ------------------------------------------------ registration */

void
aisid_verify_register(module_t *module)
{
    static hf_register_info hf[] = {
        { &hf_aisid_assertion_status,
          { "Verification", "aisid.assertion.status", FT_STRING, BASE_NONE, NULL, 0x0,
            "Outcome of checking the assertion's signature: verified, bad signature, no key, alg mismatch, unsupported alg, malformed or not checked.", HFILL } },
        { &hf_aisid_assertion_key,
          { "Key", "aisid.assertion.key", FT_STRING, BASE_NONE, NULL, 0x0,
            "The configured key that verified the assertion, or that its kid selected.", HFILL } },
        { &hf_aisid_assertion_ref_frame,
          { "Fetched in frame", "aisid.assertion_ref.frame", FT_FRAMENUM, BASE_NONE, NULL, 0x0,
            "The HTTP response in this capture that carried the referenced assertion.", HFILL } },
        { &hf_aisid_assertion_ref_file,
          { "Found in file", "aisid.assertion_ref.file", FT_STRING, BASE_NONE, NULL, 0x0,
            "The name of the file in the aisid.assertion_dir folder that holds the referenced assertion.", HFILL } },
        { &hf_aisid_assertion_ref_sip_frame,
          { "Referenced in frame", "aisid.assertion_ref.sip_frame", FT_FRAMENUM, BASE_NONE, NULL, 0x0,
            "On an HTTP response carrying an assertion: the first SIP message that references it.", HFILL } },
        { &hf_aisid_assertion_ref_uri,
          { "Referenced as", "aisid.assertion_ref.uri", FT_STRING, BASE_NONE, NULL, 0x0,
            "On an HTTP response carrying an assertion: the assertion-ref URI it resolves.", HFILL } },
    };
    static gint *ett[] = { &ett_aisid_http };
    static ei_register_info ei[] = {
        { &ei_aisid_assertion_verified,
          { "aisid.assertion.verified", PI_SECURITY, PI_CHAT,
            "Assertion signature verifies", EXPFILL } },
        { &ei_aisid_assertion_bad_signature,
          { "aisid.assertion.bad_signature", PI_SECURITY, PI_ERROR,
            "Assertion signature does not verify with the selected key", EXPFILL } },
        { &ei_aisid_jwks_problem,
          { "aisid.jwks.problem", PI_SECURITY, PI_WARN,
            "A key of aisid.jwks_file that an assertion names was skipped or is suspect, or the file gives no key", EXPFILL } },
        { &ei_aisid_assertion_no_key,
          { "aisid.assertion.no_key", PI_SECURITY, PI_NOTE,
            "No configured key matches the assertion", EXPFILL } },
        { &ei_aisid_assertion_alg_mismatch,
          { "aisid.assertion.alg_mismatch", PI_SECURITY, PI_ERROR,
            "Assertion alg does not fit the key type", EXPFILL } },
        { &ei_aisid_assertion_unsupported_alg,
          { "aisid.assertion.unsupported_alg", PI_SECURITY, PI_NOTE,
            "Assertion alg is not one the plugin verifies", EXPFILL } },
        { &ei_aisid_assertion_ref_resolved,
          { "aisid.assertion_ref.resolved", PI_SECURITY, PI_CHAT,
            "The referenced assertion was found and checked", EXPFILL } },
        { &ei_aisid_assertion_ref_unresolved,
          { "aisid.assertion_ref.unresolved", PI_SECURITY, PI_NOTE,
            "The referenced assertion was found neither in the capture nor in the folder", EXPFILL } },
        { &ei_aisid_assertion_ref_changed,
          { "aisid.assertion_ref.changed", PI_PROTOCOL, PI_NOTE,
            "The assertion reference changes within one dialog", EXPFILL } },
        { &ei_aisid_assertion_missing,
          { "aisid.assertion.missing", PI_SECURITY, PI_WARN,
            "AI-Session-ID crosses a trust boundary without any assertion", EXPFILL } },
    };
    expert_module_t *expert_aisid;

    proto_register_field_array(proto_aisid, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert_aisid = expert_register_protocol(proto_aisid);
    expert_register_field_array(expert_aisid, ei, array_length(ei));

    prefs_register_filename_preference(module, "jwks_file", "JWK Set file",
        "A JWK Set (RFC 7517) of the public keys that sign assertions (EC P-256, RSA, Ed25519); "
        "embedded and resolved assertions are verified against it.",
        &pref_jwks_file, FALSE);
    prefs_register_directory_preference(module, "assertion_dir", "Assertion folder",
        "A folder of assertions passed by reference, one file per URI, named by the lowercase "
        "hex SHA-256 of the URI as written in assertion-ref, holding the compact JWS.",
        &pref_assertion_dir);
    prefs_register_string_preference(module, "trusted_networks", "Trusted networks",
        "IPv4 and IPv6 networks (CIDR, comma-separated) inside the trust boundary; a message "
        "from one side to the other without an assertion raises aisid.assertion.missing. Empty: off.",
        &pref_trusted_networks);

    register_init_routine(verify_init);
    register_cleanup_routine(verify_cleanup);
    register_shutdown_routine(verify_shutdown);
}
