// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// lanchat-cli discover: listens for presence (and asks, so others answer at once), then prints
// the hosts found and the people online and exits. It only looks: it is never listed itself.

#include "cli_support.h"

#include <string>

struct DiscoverOptions
{
    double timeout = 2.0; // seconds of listening
    bool json = false;
    std::string loop = "select";
    PresenceOptions presence;
};

int runDiscover(const DiscoverOptions& options);
