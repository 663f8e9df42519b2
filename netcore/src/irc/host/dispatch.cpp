// SPDX-License-Identifier: GPL-3.0-or-later
#include "irc/host/dispatch.h"

#include "irc/host/engine.h"

#include <unordered_map>

namespace netcore::irc::hostimpl {

// The handlers, by command family; each is defined in its family's file.
namespace registration {
Handler cap, pass, nick, user, ping, pong, quit; // registration.cpp
}
namespace rooms {
Handler join, part, topic, names, list, kick; // rooms.cpp
}
namespace messages {
Handler privmsg, notice, tagmsg; // messages.cpp
}
namespace queries {
Handler who, whois, motd, lusers, away; // queries.cpp
}
namespace modes {
Handler mode; // modes.cpp
}
namespace operators {
Handler oper, die; // operators.cpp
}

namespace {

// Every command the host knows. Adding one: a row here and its handler in its family's file.
constexpr Command kCommands[] = {
    {"CAP", registration::cap, Allowed::Always},
    {"PASS", registration::pass, Allowed::BeforeRegistration, 1},
    {"NICK", registration::nick, Allowed::Always},
    {"USER", registration::user, Allowed::BeforeRegistration, 4},
    {"PING", registration::ping, Allowed::Always},
    {"PONG", registration::pong, Allowed::Always},
    {"QUIT", registration::quit, Allowed::Always},

    {"JOIN", rooms::join, Allowed::Registered, 1},
    {"PART", rooms::part, Allowed::Registered, 1},
    {"TOPIC", rooms::topic, Allowed::Registered, 1},
    {"NAMES", rooms::names, Allowed::Registered},
    {"LIST", rooms::list, Allowed::Registered},
    {"KICK", rooms::kick, Allowed::Registered, 2},

    {"PRIVMSG", messages::privmsg, Allowed::Registered},
    {"NOTICE", messages::notice, Allowed::Registered},
    {"TAGMSG", messages::tagmsg, Allowed::Registered},

    {"WHO", queries::who, Allowed::Registered},
    {"WHOIS", queries::whois, Allowed::Registered},
    {"MOTD", queries::motd, Allowed::Registered},
    {"LUSERS", queries::lusers, Allowed::Registered},
    {"AWAY", queries::away, Allowed::Registered},

    {"MODE", modes::mode, Allowed::Registered, 1, true},

    {"OPER", operators::oper, Allowed::Registered, 2},
    {"DIE", operators::die, Allowed::Registered},
};

} // namespace

std::span<const Command> commands()
{
    return kCommands;
}

namespace {

const Command* findCommand(std::string_view name)
{
    static const auto byName = [] {
        std::unordered_map<std::string_view, const Command*> map;
        for (const Command& command : kCommands)
            map.emplace(command.name, &command);
        return map;
    }();
    const auto it = byName.find(name);
    return it == byName.end() ? nullptr : it->second;
}

// A line that does not parse: ignored, refused or the end of the client.
void rejectLine(Engine& engine, Client& c, ParseError error)
{
    switch (error) {
    case ParseError::Empty:
    case ParseError::None:
        return; // empty lines are ignored (RFC 2812)
    case ParseError::NulByte:
        engine.admission.drop(c, "Binary data: a NUL byte is not IRC", true);
        return;
    case ParseError::BadCommand:
    case ParseError::MissingCommand:
    case ParseError::BadTags:
        engine.sender.numeric(c, ERR_UNKNOWNCOMMAND, {"*"},
                              std::string("Unknown command: ") + parseErrorText(error));
        return;
    }
}

} // namespace

void dispatch(Engine& engine, Client& c, std::string_view line, bool truncated)
{
    Sender& sender = engine.sender;
    const ParseResult parsed = parse(line, engine.limits);
    if (truncated)
        sender.numeric(c, ERR_INPUTTOOLONG, {},
                       "Input line was too long (cut at " + std::to_string(engine.config.maxLine) +
                           " bytes)");
    if (!parsed.message) {
        rejectLine(engine, c, parsed.error);
        return;
    }
    const Message& m = *parsed.message;
    const Command* command = findCommand(m.command);
    if (!c.registered && (!command || command->allowed == Allowed::Registered)) {
        sender.numeric(c, ERR_NOTREGISTERED, {}, "You have not registered");
        return;
    }
    if (!command) {
        sender.numeric(c, ERR_UNKNOWNCOMMAND, {m.command}, "Unknown command");
        return;
    }
    if (c.registered && command->allowed == Allowed::BeforeRegistration) {
        sender.numeric(c, ERR_ALREADYREGISTERED, {}, "You may not reregister");
        return;
    }
    if (m.params.size() < command->minParams || (command->firstNonEmpty && m.param(0).empty())) {
        sender.needMoreParams(c, m.command);
        return;
    }
    command->handler(engine, c, m);
}

} // namespace netcore::irc::hostimpl
