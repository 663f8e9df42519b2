// SPDX-License-Identifier: GPL-3.0-or-later
#include "irc/host/dispatch.h"

#include "irc/host/engine.h"

#include <unordered_map>

namespace netcore::irc::hostimpl {

// The handlers, by command family; each is defined in its family's file.
namespace registration {
Handler cap, pass, nick, user, setname, ping, pong, quit; // registration.cpp
}
namespace rooms {
Handler join, part, topic, names, list, invite, kick; // rooms.cpp
}
namespace messages {
Handler privmsg, notice, tagmsg; // messages.cpp
}
namespace queries {
Handler who, whois, whowas, userhost, ison, motd, lusers, away; // queries.cpp
Handler version, time, info, admin, help;                       // info.cpp
} // namespace queries
namespace monitor {
Handler command; // monitor.cpp
}
namespace chathistory {
Handler command; // chathistory.cpp
}
namespace modes {
Handler mode; // modes.cpp
}
namespace operators {
Handler oper, kill, wallops, die; // operators.cpp
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
    {"SETNAME", registration::setname, Allowed::Registered, 1},

    {"JOIN", rooms::join, Allowed::Registered, 1},
    {"PART", rooms::part, Allowed::Registered, 1},
    {"TOPIC", rooms::topic, Allowed::Registered, 1},
    {"NAMES", rooms::names, Allowed::Registered},
    {"LIST", rooms::list, Allowed::Registered},
    {"INVITE", rooms::invite, Allowed::Registered, 2},
    {"KICK", rooms::kick, Allowed::Registered, 2},

    {"PRIVMSG", messages::privmsg, Allowed::Registered},
    {"NOTICE", messages::notice, Allowed::Registered},
    {"TAGMSG", messages::tagmsg, Allowed::Registered},

    {"WHO", queries::who, Allowed::Registered},
    {"WHOIS", queries::whois, Allowed::Registered},
    {"MOTD", queries::motd, Allowed::Registered},
    {"LUSERS", queries::lusers, Allowed::Registered},
    {"AWAY", queries::away, Allowed::Registered},
    {"WHOWAS", queries::whowas, Allowed::Registered, 1, true},
    {"USERHOST", queries::userhost, Allowed::Registered, 1},
    {"ISON", queries::ison, Allowed::Registered, 1},
    {"MONITOR", monitor::command, Allowed::Registered, 1},
    {"CHATHISTORY", chathistory::command, Allowed::Registered, 1},
    {"VERSION", queries::version, Allowed::Registered},
    {"TIME", queries::time, Allowed::Registered},
    {"INFO", queries::info, Allowed::Registered},
    {"ADMIN", queries::admin, Allowed::Registered},
    {"HELP", queries::help, Allowed::Registered},
    {"HELPOP", queries::help, Allowed::Registered},

    {"MODE", modes::mode, Allowed::Registered, 1, true},

    {"OPER", operators::oper, Allowed::Registered, 2},
    {"KILL", operators::kill, Allowed::Registered, 1, true},
    {"WALLOPS", operators::wallops, Allowed::Registered, 1, true},
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
    case ParseError::TagsTooLong:
        engine.sender.numeric(c, ERR_INPUTTOOLONG, {},
                              "Input line was too long (message tags over " +
                                  std::to_string(engine.limits.maxTags) + " bytes)");
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

namespace {

// A parsed line, through the checks its table row states, to its handler.
void run(Engine& engine, Client& c, const Message& m)
{
    Sender& sender = engine.sender;
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

// labeled-response: the client's label, if it asked for labels (with batch, which responses
// of several lines need) and gave one of at most 64 bytes.
const std::string* labelOf(const Client& c, const Message& m)
{
    constexpr unsigned needed = CapLabeledResponse | CapBatch;
    if ((c.caps & needed) != needed || !c.registered)
        return nullptr;
    for (const Tag& tag : m.tags) {
        if (tag.key == "label")
            return tag.value.empty() || tag.value.size() > 64 ? nullptr : &tag.value;
    }
    return nullptr;
}

} // namespace

void dispatch(Engine& engine, Client& c, std::string_view line, bool truncated)
{
    Sender& sender = engine.sender;
    const ParseResult parsed = parse(line, engine.limits);
    const std::string* label = nullptr;
    ParseResult tagsOnly;
    if (parsed.message) {
        label = labelOf(c, *parsed.message);
    } else if ((parsed.error == ParseError::BadCommand ||
                parsed.error == ParseError::MissingCommand) &&
               line.front() == '@') {
        // A line whose command is wrong is still answered under its label.
        tagsOnly = parse(std::string(line.substr(0, line.find(' '))) + " X", engine.limits);
        if (tagsOnly.message)
            label = labelOf(c, *tagsOnly.message);
    }
    if (label)
        sender.beginResponse(c, *label);
    if (truncated)
        sender.numeric(c, ERR_INPUTTOOLONG, {},
                       "Input line was too long (cut at " + std::to_string(engine.config.maxLine) +
                           " bytes)");
    if (parsed.message)
        run(engine, c, *parsed.message); // may drop c: the response goes before its ERROR
    else if (!truncated || parsed.error == ParseError::NulByte)
        rejectLine(engine, c, parsed.error); // a cut line that does not parse: 417 says it
    if (label)
        sender.endResponse();
}

} // namespace netcore::irc::hostimpl
