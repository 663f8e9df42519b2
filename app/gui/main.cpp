// SPDX-License-Identifier: GPL-3.0-or-later
// lanchat: the LanChat window. The application object (application.h) reads the command line,
// makes the services and hands them to the window.

#include "application.h"

int main(int argc, char** argv)
{
    return app::Application::main(argc, argv);
}
