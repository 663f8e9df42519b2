# SPDX-License-Identifier: GPL-3.0-or-later
# Read by cpack for each generator (CPACK_PROJECT_CONFIG_FILE): settings that differ by generator.
if(CPACK_GENERATOR STREQUAL "TGZ")
  # The tarball unpacks anywhere (lanchat-VERSION-Linux/bin, share): it leaves out the
  # systemd unit and /etc/lanchat, which only make sense at their system paths (the DEB).
  set(CPACK_COMPONENTS_ALL Unspecified)
endif()
