// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What the host sends, and to whom (ngircd's irc-write.c): one message to one client, to a
// room, or to everyone who shares a room with a client; formatted once and once more per tag
// variant (server-time, message-tags), queued without blocking, and each send queue judged at
// the end of the loop's turn (a client over the hard bound is cut off; over the soft bound, the
// housekeeping timer gives it a while).

#include "irc/host/state.h"
#include "netcore/irc/numerics.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace netcore::irc::hostimpl {

struct Engine;

// One message on its way to many: the line without tags, and the tagged lines built when a
// recipient first needs them (variant = the recipient's CapServerTime | CapMessageTags bits).
// A message from a user carries a msgid, the same for every recipient.
struct Outgoing
{
    Message message;
    std::vector<Tag> tags; // msgid, bot and client tags: for those with message-tags
    std::string body;
    std::string time;
    std::string variants[4];
    bool built[4] = {};
};

class Sender
{
public:
    explicit Sender(Engine& engine);

    Outgoing prepare(Message message, std::vector<Tag> clientTags = {});
    // Another form of the same event (a JOIN with extended-join's fields): same msgid and time.
    Outgoing prepareLike(const Outgoing& model, Message message);
    void deliver(Client& c, Outgoing& out);
    // As deliver(), but never held as part of a labelled response.
    void deliverOutsideResponse(Client& c, Outgoing& out);
    // To every member of the room that has all of `caps`; those without get `fallback` if
    // it is not null. Members for whom `skip` is true get nothing.
    template <typename Skip>
    void toRoomMembers(Room& r, Outgoing& out, unsigned caps, Outgoing* fallback, Skip skip)
    {
        for (Client* member : r.order) {
            if (skip(*member))
                continue;
            if ((member->caps & caps) == caps)
                deliver(*member, out);
            else if (fallback)
                deliver(*member, *fallback);
        }
    }
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
    // A line formatted by the caller (with its CRLF), as it is.
    void sendLine(Client& c, const std::string& line) { sendRaw(c, line); }
    // ERR_NEEDMOREPARAMS for `command`.
    void needMoreParams(Client& c, const std::string& command);

    // A standard reply (FAIL, WARN or NOTE): "FAIL COMMAND CODE [context...] :text".
    void standardReply(Client& c, const char* kind, const std::string& command,
                       const std::string& code, std::vector<std::string> context,
                       const std::string& text);

    // "ERROR :text" as a line (it carries no source).
    std::string errorLine(const std::string& text) const;

    // labeled-response: what is sent to `c` from here until endResponse() is held and then
    // sent with the label: one line labelled, several in a labeled-response batch, none as a
    // labelled ACK.
    void beginResponse(Client& c, std::string label);
    // Sends the held response (if its client is still there).
    void endResponse();
    // The client is leaving: its held response goes out now, before its ERROR line.
    void flushResponse(Client& c);
    // A new batch reference, unique on this host.
    std::string batchId();

private:
    struct Response
    {
        SocketId id = 0;
        std::string label;
        std::vector<std::string> lines;
    };
    void sendResponse(Client& c, Response response);
    std::string tagsFor(const Client& c, const std::string& time,
                        const std::vector<Tag>& clientTags) const;
    Message numericMessage(const Client& c, Numeric code, std::vector<std::string>& params) const;
    void sendRaw(Client& c, const std::string& line);
    void checkSendQueues();
    void checkSendQueue(Client& c);

    Engine& m_engine;
    std::optional<Response> m_response;
    std::uint64_t m_nextMsgId = 0;
    std::uint64_t m_nextBatch = 0;
    std::string m_idPrefix; // random per host: msgids stay unique across restarts
    // Clients sent to in this turn of the loop, whose send queue is judged at its end.
    std::vector<SocketId> m_queueChecks;
};

// "2026-11-23T05:00:00.123Z" (IRCv3 server-time).
std::string isoTimeNow();

// The line with `tags` ("a=1;b") added to the tags it may already have.
std::string withTags(const std::string& line, const std::string& tags);

} // namespace netcore::irc::hostimpl
