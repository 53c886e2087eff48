# SPDX-License-Identifier: GPL-2.0-or-later
#
# Sourced by the sanitizer scripts: sets AISID_TSHARK_ENV (read by
# tests/tshark/lib.sh's run_tshark) so that the uninstrumented system
# tshark runs with the ASan runtime of the compiler that built the plugin
# preloaded, Wireshark's and GLib's allocators replaced by plain malloc (so
# ASan sees each wmem allocation of the plugin, as Wireshark's own
# tools/valgrind-wireshark.sh does), leak checking off (tshark does not
# free everything at exit; the valgrind run looks at leaks), and the first
# UBSan report fatal.  Exit code 86 marks a sanitizer report.
# Usage: . asan-env.sh [CC]       (CC: gcc (default) or clang)
_cc=${1:-${AISID_ASAN_CC:-gcc}}
case $_cc in
    *clang*) _rt=$("$_cc" -print-file-name=libclang_rt.asan-x86_64.so) ;;
    *) _rt=$("$_cc" -print-file-name=libasan.so) ;;
esac
_rt=$(readlink -f "$_rt")
[ -f "$_rt" ] || { echo "asan-env.sh: no ASan runtime for $_cc ($_rt)" >&2; return 1; }
AISID_TSHARK_ENV="LD_PRELOAD=$_rt"
AISID_TSHARK_ENV+=" ASAN_OPTIONS=detect_leaks=0:halt_on_error=1:exitcode=86:abort_on_error=0:detect_odr_violation=0:allocator_may_return_null=1"
AISID_TSHARK_ENV+=" UBSAN_OPTIONS=halt_on_error=1:exitcode=86:print_stacktrace=1"
AISID_TSHARK_ENV+=" WIRESHARK_DEBUG_WMEM_OVERRIDE=simple G_SLICE=always-malloc"
# The extcap helpers tshark starts to list interfaces would inherit the
# preload (androiddump then hangs): none are needed to read files.
AISID_TSHARK_ENV+=" WIRESHARK_EXTCAP_DIR=/nonexistent/aisid-no-extcap"
export AISID_TSHARK_ENV
unset _cc _rt
