# SPDX-License-Identifier: GPL-3.0-or-later
# Header-only libraries from Debian's packages (libcli11-dev, nlohmann-json3-dev,
# libtomlplusplus-dev). A MinGW-w64 cross-build must not search /usr/include (it holds Linux
# headers), so each library's own folder is linked into the build tree and only that is added.

set(LANCHAT_HOST_INCLUDE_DIR "/usr/include" CACHE PATH
  "Where the build machine's header-only libraries live")
set(_mirror "${CMAKE_BINARY_DIR}/header-only")

function(lanchat_header_only target header_dir probe)
  if(NOT EXISTS "${LANCHAT_HOST_INCLUDE_DIR}/${header_dir}/${probe}")
    message(FATAL_ERROR "${header_dir}/${probe} not found in ${LANCHAT_HOST_INCLUDE_DIR}: "
      "install the Debian package (scripts/install-deps.sh does)")
  endif()
  # Mirrored for native builds too: one way, and never "-isystem /usr/include", which breaks
  # libstdc++'s #include_next.
  file(MAKE_DIRECTORY "${_mirror}")
  file(CREATE_LINK "${LANCHAT_HOST_INCLUDE_DIR}/${header_dir}" "${_mirror}/${header_dir}"
    SYMBOLIC)
  add_library(${target} INTERFACE)
  target_include_directories(${target} SYSTEM INTERFACE "${_mirror}")
endfunction()

lanchat_header_only(lanchat_cli11 CLI CLI.hpp)
lanchat_header_only(lanchat_json nlohmann json.hpp)
lanchat_header_only(lanchat_tomlpp toml++ toml.h)
