# SPDX-License-Identifier: GPL-3.0-or-later
# Install rules for what the programs need around them, and the CPack settings (installer/README.md):
#   Linux:   cpack -G DEB / -G TGZ in the build tree (the ci preset's, for example)
#   Windows: cpack -G NSIS (a native build with Qt, or here the MinGW-w64 cross-build of
#            lanchat-cli: the windows preset, with Debian's makensis)
# The programs' own install() rules are in app/cli and app/gui. Included from the top-level
# CMakeLists.txt after the subdirectories, so the targets exist here.

include(GNUInstallDirs)

set(_lanchat_installer "${CMAKE_CURRENT_LIST_DIR}")
set(_lanchat_resources "${PROJECT_SOURCE_DIR}/resources")
set(_lanchat_gen "${PROJECT_BINARY_DIR}/installer")
# One date for the man pages and the Debian changelog: the project's release date.
set(LANCHAT_RELEASE_DATE "2026-11-23")

if(LANCHAT_BUILD_APPS AND NOT WIN32)
  # --- man pages, gzipped (-n: no name or time stamp, so the package is reproducible) ---------
  set(LANCHAT_MAN_DATE "${LANCHAT_RELEASE_DATE}")
  set(_lanchat_man_gz "")
  set(_lanchat_man_pages lanchat-cli)
  if(LANCHAT_BUILD_GUI)
    list(APPEND _lanchat_man_pages lanchat)
  endif()
  foreach(page IN LISTS _lanchat_man_pages)
    configure_file("${_lanchat_installer}/man/${page}.1.in" "${_lanchat_gen}/man/${page}.1" @ONLY)
    add_custom_command(OUTPUT "${_lanchat_gen}/man/${page}.1.gz"
      COMMAND gzip -9nc "${_lanchat_gen}/man/${page}.1" > "${_lanchat_gen}/man/${page}.1.gz"
      DEPENDS "${_lanchat_gen}/man/${page}.1"
      COMMENT "gzip ${page}.1" VERBATIM)
    list(APPEND _lanchat_man_gz "${_lanchat_gen}/man/${page}.1.gz")
  endforeach()

  # --- the Debian changelog (CPack writes none) ---------------------------------------------
  configure_file("${_lanchat_installer}/debian/changelog.in" "${_lanchat_gen}/debian/changelog"
    @ONLY)
  add_custom_command(OUTPUT "${_lanchat_gen}/debian/changelog.gz"
    COMMAND gzip -9nc "${_lanchat_gen}/debian/changelog" > "${_lanchat_gen}/debian/changelog.gz"
    DEPENDS "${_lanchat_gen}/debian/changelog"
    COMMENT "gzip the Debian changelog" VERBATIM)

  set(_lanchat_package_files ${_lanchat_man_gz} "${_lanchat_gen}/debian/changelog.gz")

  # --- the icon as PNG sizes, rendered from the SVG (rsvg-convert, Debian's librsvg2-bin) ------
  set(_lanchat_icon_sizes 16 22 24 32 48 64 128 256 512)
  set(_lanchat_icon_pngs "")
  if(LANCHAT_BUILD_GUI)
    find_program(LANCHAT_RSVG_CONVERT rsvg-convert
      DOC "rsvg-convert (librsvg2-bin) renders the PNG icons for the package")
    if(LANCHAT_RSVG_CONVERT)
      foreach(size IN LISTS _lanchat_icon_sizes)
        set(png "${_lanchat_gen}/icons/${size}x${size}/lanchat.png")
        add_custom_command(OUTPUT "${png}"
          COMMAND "${CMAKE_COMMAND}" -E make_directory "${_lanchat_gen}/icons/${size}x${size}"
          COMMAND "${LANCHAT_RSVG_CONVERT}" -w ${size} -h ${size} -o "${png}"
                  "${_lanchat_resources}/icons/lanchat.svg"
          DEPENDS "${_lanchat_resources}/icons/lanchat.svg"
          COMMENT "Rendering the ${size}x${size} icon" VERBATIM)
        list(APPEND _lanchat_icon_pngs "${png}")
      endforeach()
    else()
      message(STATUS "rsvg-convert not found (apt-get install librsvg2-bin): a package built "
        "here gets the SVG icon only, no PNG sizes")
    endif()
  endif()
  add_custom_target(lanchat_package_files ALL DEPENDS ${_lanchat_package_files}
    ${_lanchat_icon_pngs})

  # --- what is installed -----------------------------------------------------------------------
  install(FILES ${_lanchat_man_gz} DESTINATION "${CMAKE_INSTALL_MANDIR}/man1")
  install(FILES "${_lanchat_installer}/debian/copyright" "${_lanchat_gen}/debian/changelog.gz"
    DESTINATION "${CMAKE_INSTALL_DATADIR}/doc/lanchat")
  if(LANCHAT_BUILD_GUI)
    install(FILES "${_lanchat_resources}/lanchat.desktop"
      DESTINATION "${CMAKE_INSTALL_DATADIR}/applications")
    install(FILES "${_lanchat_resources}/invalid.example.lanchat.metainfo.xml"
      DESTINATION "${CMAKE_INSTALL_DATADIR}/metainfo")
    install(FILES "${_lanchat_resources}/icons/lanchat.svg"
      DESTINATION "${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps")
    foreach(png IN LISTS _lanchat_icon_pngs)
      cmake_path(GET png PARENT_PATH dir)
      cmake_path(GET dir FILENAME size)
      install(FILES "${png}" DESTINATION "${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}/apps")
    endforeach()
  endif()
  # The host as a system service, and its settings: system paths, so in the DEB only (the
  # component "service"; the TGZ, which unpacks anywhere, leaves it out).
  install(FILES "${_lanchat_installer}/lanchat-host.service"
    DESTINATION /lib/systemd/system COMPONENT service)
  install(FILES "${_lanchat_installer}/host.toml" DESTINATION /etc/lanchat
    PERMISSIONS OWNER_READ OWNER_WRITE COMPONENT service)
endif()

if(WIN32 AND LANCHAT_BUILD_APPS)
  # Windows: the Qt DLLs and plugins next to lanchat.exe (windeployqt, through Qt's deploy
  # script), the compiler's runtime, and the documents.
  if(TARGET lanchat)
    qt_generate_deploy_app_script(TARGET lanchat FILENAME_VARIABLE _lanchat_deploy_script
      NO_UNSUPPORTED_PLATFORM_ERROR)
    install(SCRIPT "${_lanchat_deploy_script}")
  endif()
  if(MSVC)
    include(InstallRequiredSystemLibraries)
  endif()
  install(FILES "${PROJECT_SOURCE_DIR}/CHANGELOG.md" "${_lanchat_installer}/nsis/license.txt"
    DESTINATION doc)
endif()

# --- CPack ---------------------------------------------------------------------------------------
set(CPACK_VERBATIM_VARIABLES ON)
set(CPACK_PACKAGE_NAME lanchat)
set(CPACK_PACKAGE_VENDOR "The LanChat developers")
set(CPACK_PACKAGE_CONTACT "The LanChat developers <lanchat@example.org>")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "chat on a local network, and see how sockets really work")
set(CPACK_PACKAGE_DESCRIPTION [=[LanChat hosts a chat on a local network, joins one, or both at once. A UDP
presence broadcast shows who is on the LAN and which chats are hosted there.
Hosts speak a subset of IRC, so any IRC client can join a LanChat host, and
LanChat can join an IRC server. The Socket Inspector shows, live, every
socket call the program makes, for teaching how sockets work.

This package contains the window (lanchat), the console tool (lanchat-cli:
host, join, discover) and a systemd unit that runs a host as a service
(lanchat-host.service, not enabled).]=])
set(CPACK_PACKAGE_HOMEPAGE_URL "${PROJECT_HOMEPAGE_URL}")
set(CPACK_PACKAGE_INSTALL_DIRECTORY LanChat)
set(CPACK_RESOURCE_FILE_LICENSE "${_lanchat_installer}/nsis/license.txt")
set(CPACK_STRIP_FILES ON)
set(CPACK_SOURCE_GENERATOR "")
if(WIN32)
  set(CPACK_GENERATOR NSIS)
else()
  set(CPACK_GENERATOR DEB TGZ)
endif()
# Per-generator settings (the TGZ leaves the service component out).
set(CPACK_PROJECT_CONFIG_FILE "${_lanchat_installer}/CPackProjectConfig.cmake")

# Debian
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Qt's own words (Cancel, shortcut names) in the user's language; the program runs without.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-translations-l10n")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${PROJECT_HOMEPAGE_URL}")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
  "${_lanchat_installer}/debian/conffiles"
  "${_lanchat_installer}/debian/postinst"
  "${_lanchat_installer}/debian/prerm"
  "${_lanchat_installer}/debian/postrm")

# Windows (NSIS): Start-menu entries, the uninstaller (CPack's template writes it and its
# entry in "Apps & features"), and inbound firewall rules for the chat port (TCP 6667) and
# presence (UDP 6667) on private and domain networks, removed again by the uninstaller.
# A 64-bit installer (Debian's nsis has the amd64 stubs): it installs a 64-bit program, and Wine
# without wine32 runs only 64-bit programs.
set(CPACK_NSIS_DEFINES "Target amd64-unicode")
set(CPACK_NSIS_PACKAGE_NAME "LanChat ${PROJECT_VERSION}")
set(CPACK_NSIS_DISPLAY_NAME "LanChat ${PROJECT_VERSION}")
set(CPACK_PACKAGE_INSTALL_REGISTRY_KEY LanChat)
set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
set(CPACK_NSIS_URL_INFO_ABOUT "${PROJECT_HOMEPAGE_URL}")
set(CPACK_NSIS_HELP_LINK "${PROJECT_HOMEPAGE_URL}")
set(CPACK_NSIS_CONTACT "lanchat@example.org")
set(CPACK_NSIS_EXECUTABLES_DIRECTORY bin)
if(TARGET lanchat)
  set(CPACK_PACKAGE_EXECUTABLES lanchat LanChat)
  set(CPACK_NSIS_INSTALLED_ICON_NAME "bin\\lanchat.exe")
  set(CPACK_NSIS_MUI_FINISHPAGE_RUN lanchat.exe)
else()
  set(CPACK_NSIS_INSTALLED_ICON_NAME "bin\\lanchat-cli.exe")
endif()
# A Start-menu entry that runs a host in a console window (every build has lanchat-cli).
set(CPACK_NSIS_CREATE_ICONS_EXTRA
  "CreateShortCut '$SMPROGRAMS\\$STARTMENU_FOLDER\\LanChat host (console).lnk' '$INSTDIR\\bin\\lanchat-cli.exe' 'host'")
set(CPACK_NSIS_DELETE_ICONS_EXTRA
  "Delete '$SMPROGRAMS\\$MUI_TEMP\\LanChat host (console).lnk'")
set(_lanchat_netsh "ExecWait '\"$SYSDIR\\netsh.exe\" advfirewall firewall")
set(CPACK_NSIS_EXTRA_INSTALL_COMMANDS
  "${_lanchat_netsh} add rule name=\"LanChat chat (TCP 6667)\" dir=in action=allow protocol=TCP localport=6667 profile=private,domain'"
  "${_lanchat_netsh} add rule name=\"LanChat presence (UDP 6667)\" dir=in action=allow protocol=UDP localport=6667 profile=private,domain'")
list(JOIN CPACK_NSIS_EXTRA_INSTALL_COMMANDS "\n" CPACK_NSIS_EXTRA_INSTALL_COMMANDS)
set(CPACK_NSIS_EXTRA_UNINSTALL_COMMANDS
  "${_lanchat_netsh} delete rule name=\"LanChat chat (TCP 6667)\"'"
  "${_lanchat_netsh} delete rule name=\"LanChat presence (UDP 6667)\"'")
list(JOIN CPACK_NSIS_EXTRA_UNINSTALL_COMMANDS "\n" CPACK_NSIS_EXTRA_UNINSTALL_COMMANDS)

include(CPack)
