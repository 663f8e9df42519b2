# SPDX-License-Identifier: GPL-3.0-or-later
# Project-wide compile settings in one INTERFACE target that every target links
# (qBittorrent's qbt_common_cfg): C++20 without extensions, the warning set, sanitizers.

add_library(lanchat_common INTERFACE)
add_library(LanChat::common ALIAS lanchat_common)

target_compile_features(lanchat_common INTERFACE cxx_std_20)
set(CMAKE_CXX_EXTENSIONS OFF)
set(CMAKE_EXPORT_COMPILE_COMMANDS ON)

target_compile_options(lanchat_common INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
  $<$<BOOL:${LANCHAT_WERROR}>:-Werror>)

if(WIN32)
  # Windows 10 API level; raise select()'s FD_SETSIZE (64 by default) for every translation unit,
  # since fd_set's size is fixed where winsock2.h is first included (see winsock-notes.md 1.3).
  target_compile_definitions(lanchat_common INTERFACE
    _WIN32_WINNT=0x0A00 WINVER=0x0A00 NTDDI_VERSION=0x0A000000 WIN32_LEAN_AND_MEAN NOMINMAX
    FD_SETSIZE=1024)
  # A self-contained .exe that runs under Wine without MinGW's DLLs beside it.
  target_link_options(lanchat_common INTERFACE -static)
endif()

if(LANCHAT_SANITIZE)
  set(_san "-fsanitize=${LANCHAT_SANITIZE}")
  target_compile_options(lanchat_common INTERFACE ${_san} -fno-omit-frame-pointer
    -fno-sanitize-recover=all)
  target_link_options(lanchat_common INTERFACE ${_san})
endif()
