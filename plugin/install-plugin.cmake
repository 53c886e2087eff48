# SPDX-License-Identifier: GPL-2.0-or-later
#
# Run by `cmake --install` (install(SCRIPT) in plugin/CMakeLists.txt, after
# the variables AISID_SO, AISID_WS_ABI, AISID_INSTALL_SYSTEM,
# AISID_INSTALL_DIR and AISID_SYSTEM_PLUGIN_SUBDIR are set): picks the plugin
# folder now, as the user who installs, and copies aisid.so there.

if(AISID_INSTALL_DIR)
  set(_dir "${AISID_INSTALL_DIR}")
  set(_kind "chosen (AISID_INSTALL_DIR)")
else()
  set(_system OFF)
  if(AISID_INSTALL_SYSTEM STREQUAL "AUTO")
    # Wireshark run as root ignores personal plugins, so for root the only
    # folder that works is the system one (also what `sudo make install`
    # users expect).
    execute_process(COMMAND id -u OUTPUT_VARIABLE _uid OUTPUT_STRIP_TRAILING_WHITESPACE
                    RESULT_VARIABLE _rc)
    if(_rc EQUAL 0 AND _uid STREQUAL "0")
      set(_system ON)
    endif()
  elseif(AISID_INSTALL_SYSTEM)
    set(_system ON)
  endif()

  if(_system)
    set(_dir "${CMAKE_INSTALL_PREFIX}/${AISID_SYSTEM_PLUGIN_SUBDIR}")
    set(_kind "system")
  elseif("$ENV{HOME}" STREQUAL "")
    message(FATAL_ERROR "aisid: HOME is not set: cannot find the personal plugin folder "
      "(configure with -DAISID_INSTALL_SYSTEM=ON or -DAISID_INSTALL_DIR=...)")
  else()
    set(_dir "$ENV{HOME}/.local/lib/wireshark/plugins/${AISID_WS_ABI}/epan")
    set(_kind "personal")
    execute_process(COMMAND id -u OUTPUT_VARIABLE _uid OUTPUT_STRIP_TRAILING_WHITESPACE)
    if(_uid STREQUAL "0")
      message(WARNING "aisid: installing into root's personal plugin folder, "
        "which Wireshark ignores when it runs as root")
    endif()
  endif()
endif()

message(STATUS "aisid: ${_kind} plugin folder ${_dir}")
# file(INSTALL) puts DESTDIR in front and records the file in
# install_manifest.txt, like install(TARGETS).
file(INSTALL DESTINATION "${_dir}" TYPE FILE FILES "${AISID_SO}"
     PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
