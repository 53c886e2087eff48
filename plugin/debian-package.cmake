# SPDX-License-Identifier: GPL-2.0-or-later
#
# A Debian package of the plugin, made by CPack from the build folder:
#   cpack -G DEB            (in the build folder), or
#   cmake --build build --target package
# -> build/wireshark-plugin-aisid_<version>_<arch>.deb, which installs
# aisid.so into the system plugin folder of the Wireshark it was built
# against, and depends on exactly that libwireshark ABI.  Checked by
# tests/package/deb.sh (ctest deb_package).
#
# The name follows Debian's <program>-plugin-<name> habit (vlc-plugin-*,
# gimp-plugin-*); Debian's own Wireshark dissectors come with their
# library's source (libvirt-wireshark, libndpi-wireshark), which aisid has
# not.  Included from plugin/CMakeLists.txt (needs AISID_SYSTEM_PLUGIN_SUBDIR).

set(AISID_DEB_NAME wireshark-plugin-aisid)
set(AISID_DEB_MAINTAINER "aisid maintainers <maintainers@users.noreply.r-seed-85774686.example>"
    CACHE STRING "Maintainer field of the Debian package")

# --- the libwireshark the plugin is built against -----------------------------
# A plugin only loads into the Wireshark X.Y it was built for (plugin_want_major/
# minor), and Debian renames the library package with every X.Y (soname
# libwireshark.so.16 = 4.0 -> libwireshark16; 18 = 4.4, 19 = 4.6).  So depend
# on the package that holds the very library we link, at least the version we
# built against and below the next X.Y.
get_target_property(_aisid_cfgs epan IMPORTED_CONFIGURATIONS)
set(_aisid_soname "")
set(_aisid_lib "")
foreach(_cfg IN LISTS _aisid_cfgs)
  get_target_property(_aisid_soname epan IMPORTED_SONAME_${_cfg})
  get_target_property(_aisid_lib epan IMPORTED_LOCATION_${_cfg})
  if(_aisid_soname AND _aisid_lib)
    break()
  endif()
endforeach()
set(_aisid_libpkg "")
if(_aisid_lib)
  find_program(AISID_DPKG_QUERY dpkg-query)
  if(AISID_DPKG_QUERY)
    get_filename_component(_aisid_real "${_aisid_lib}" REALPATH)
    foreach(_f IN ITEMS "${_aisid_lib}" "${_aisid_real}")
      execute_process(COMMAND ${AISID_DPKG_QUERY} -S "${_f}"
        OUTPUT_VARIABLE _out ERROR_QUIET RESULT_VARIABLE _rc)
      if(_rc EQUAL 0 AND _out MATCHES "^([a-z0-9][a-z0-9+.-]+)(:[a-z0-9-]+)?: ")
        set(_aisid_libpkg "${CMAKE_MATCH_1}")
        break()
      endif()
    endforeach()
  endif()
endif()
if(NOT _aisid_libpkg AND _aisid_soname MATCHES "^lib(.+)\\.so\\.([0-9]+)$")
  # Debian policy 8.1: libfoo.so.N is in libfooN (libfoo2-N after a digit).
  if(CMAKE_MATCH_1 MATCHES "[0-9]$")
    set(_aisid_libpkg "lib${CMAKE_MATCH_1}-${CMAKE_MATCH_2}")
  else()
    set(_aisid_libpkg "lib${CMAKE_MATCH_1}${CMAKE_MATCH_2}")
  endif()
endif()
if(NOT _aisid_libpkg)
  message(WARNING "aisid: cannot tell the libwireshark package; the .deb will lack its dependency")
  set(AISID_DEB_ABI_DEPENDS "")
else()
  math(EXPR _aisid_next_minor "${Wireshark_MINOR_VERSION} + 1")
  set(AISID_DEB_ABI_DEPENDS
    "${_aisid_libpkg} (>= ${Wireshark_VERSION}), ${_aisid_libpkg} (<< ${Wireshark_MAJOR_VERSION}.${_aisid_next_minor}~)")
endif()
message(STATUS "aisid: Debian package ${AISID_DEB_NAME}, Depends: ${AISID_DEB_ABI_DEPENDS}")

# --- /usr/share/doc/<package>: copyright (DEP-5) and changelog ----------------
set(_aisid_docdir "share/doc/${AISID_DEB_NAME}")
set(_aisid_gen "${CMAKE_CURRENT_BINARY_DIR}/deb")
file(MAKE_DIRECTORY "${_aisid_gen}")
file(WRITE "${_aisid_gen}/copyright"
"Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: aisid
Comment: Wireshark plugin for the SIP header AI-Session-ID
 (draft-nser-sip-ai-problem-statement).  Built from the aisid sources with
 CPack against Wireshark ${Wireshark_VERSION}.

Files: *
Copyright: 2026 aisid contributors
License: GPL-2.0-or-later

License: GPL-2.0-or-later
 This program is free software; you can redistribute it and/or modify
 it under the terms of the GNU General Public License as published by
 the Free Software Foundation; either version 2 of the License, or
 (at your option) any later version.
 .
 This program is distributed in the hope that it will be useful,
 but WITHOUT ANY WARRANTY; without even the implied warranty of
 MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the
 GNU General Public License for more details.
 .
 On Debian systems, the complete text of the GNU General Public License
 version 2 can be found in `/usr/share/common-licenses/GPL-2'.
")
# A native package's changelog.gz (Debian policy 12.7), dated by
# SOURCE_DATE_EPOCH when set, so rebuilds can be reproducible.
string(TIMESTAMP _aisid_date "%a, %d %b %Y %H:%M:%S +0000" UTC)
file(WRITE "${_aisid_gen}/changelog"
"${AISID_DEB_NAME} (${PROJECT_VERSION}) unstable; urgency=medium

  * Package built with CPack from aisid ${PROJECT_VERSION} against
    Wireshark ${Wireshark_VERSION}.

 -- ${AISID_DEB_MAINTAINER}  ${_aisid_date}
")
find_program(AISID_GZIP gzip)
if(AISID_GZIP)
  execute_process(COMMAND ${AISID_GZIP} -9nf "${_aisid_gen}/changelog")
  install(FILES "${_aisid_gen}/changelog.gz" DESTINATION "${_aisid_docdir}"
          COMPONENT system EXCLUDE_FROM_ALL)
endif()
install(FILES "${_aisid_gen}/copyright" DESTINATION "${_aisid_docdir}"
        COMPONENT system EXCLUDE_FROM_ALL)

# --- CPack ------------------------------------------------------------------
set(CPACK_GENERATOR DEB)
# Only the component "system": the plugin in the system folder, the docs.
set(CPACK_INSTALL_CMAKE_PROJECTS "${CMAKE_BINARY_DIR};aisid;system;/")
set(CPACK_PACKAGING_INSTALL_PREFIX "${Wireshark_INSTALL_PREFIX}")
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_NAME "${AISID_DEB_NAME}")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_VENDOR "aisid")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Wireshark dissector for the SIP AI-Session-ID header")
# The synopsis is CPACK_PACKAGE_DESCRIPTION_SUMMARY; this is the extended part.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
"This plugin for Wireshark and tshark dissects and checks the SIP header
AI-Session-ID (draft-nser-sip-ai-problem-statement), which carries one
identifier across every SIP dialog of an AI voice interaction. It joins
those dialogs into AI sessions (display filter aisid.session, Follow,
statistics, a timeline), checks the draft's rules across transfers and
B2BUA legs, and verifies signed assertions (JWS) against a JWK Set.
.
Built for Wireshark ${Wireshark_MAJOR_VERSION}.${Wireshark_MINOR_VERSION}; it installs into the system plugin folder.")
set(CPACK_DEBIAN_PACKAGE_NAME "${AISID_DEB_NAME}")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${AISID_DEB_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# The other libraries (glib, libgcrypt, libwsutil, libc) with their versions
# from their shlibs files, when dpkg-shlibdeps (package dpkg-dev) is there.
find_program(AISID_DPKG_SHLIBDEPS dpkg-shlibdeps)
if(AISID_DPKG_SHLIBDEPS)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
else()
  message(STATUS "aisid: no dpkg-shlibdeps (dpkg-dev): the .deb depends on libwireshark only")
endif()
set(CPACK_DEBIAN_PACKAGE_DEPENDS "${AISID_DEB_ABI_DEPENDS}")
include(CPack)
