// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What the host sends, and to whom (ngircd's irc-write.c): one message to one client, to a
// room, or to everyone who shares a room with a client; formatted once and once more per tag
// variant (server-time, message-tags), queued without blocking, and each send queue judged at
// the end of the loop's turn (a client over the hard bound is cut off; over the soft bound, the
// housekeeping timer gives it a while).

#include "irc/host/state.h"
#include "netcore/irc/numerics.h"

#include <string>
#include <vector>

namespace netcore::irc::hostimpl {

struct Engine;

// One message on its way to many: the line without tags, and the tagged lines built when a
// recipient first needs them (variant = the recipient's CapServerTime | CapMessageTags bits).
struct Outgoing
{
    Message message;
    std::vector<Tag> clientTags;
    std::string body;
    std::string time;
    std::string variants[4];
    bool built[4] = {};
};

class Sender
{
public:
    explicit Sender(Engine& engine)
        : m_engine(engine)
    {}

    Outgoing prepare(Message message, std::vector<Tag> clientTags = {});
    void deliver(Client& c, Outgoing& out);
    // To every member of the room, in join order.
    void toRoom(Room& r, Message message);
    // To everyone who shares a room with `c` (each once), `c` first if `self`.
    void toAudience(Client& c, Message message, bool self);
    // To one client; the source is the server's name unless the message has one.
    void send(Client& c, Message message);

    // A numeric to one client: ":server NNN nick params... :text".
    void numeric(Client& c, Numeric code, std::vector<std::string> params, const std::string& text);
    // A numeric without a text: ":server NNN nick params..." (004, 221, 324, 329, 333, 367).
    void numericParams(Client& c, Numeric code, std::vector<std::string> params);
    // ERR_NEEDMOREPARAMS for `command`.
    void needMoreParams(Client& c, const std::string& command);

    // "ERROR :text" as a line (it carries no source).
    std::string errorLine(const std::string& text) const;

private:
    std::string tagsFor(const Client& c, const std::string& time,
                        const std::vector<Tag>& clientTags) const;
    Message numericMessage(const Client& c, Numeric code, std::vector<std::string>& params) const;
    void sendRaw(Client& c, const std::string& line);
    void checkSendQueues();
    void checkSendQueue(Client& c);

    Engine& m_engine;
    // Clients sent to in this turn of the loop, whose send queue is judged at its end.
    std::vector<SocketId> m_queueChecks;
};

// "2026-11-23T05:00:00.123Z" (IRCv3 server-time).
std::string isoTimeNow();

} // namespace netcore::irc::hostimpl
