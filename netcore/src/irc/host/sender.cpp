// SPDX-License-Identifier: GPL-3.0-or-later
#include "irc/host/sender.h"

#include "irc/host/engine.h"

#include <algorithm>
#include <random>

namespace netcore::irc::hostimpl {

namespace {

// Base 32 digits (lower case, no look-alikes needed: ids are for machines).
std::string base32(std::uint64_t value)
{
    static constexpr char digits[] = "0123456789abcdefghijklmnopqrstuv";
    std::string text;
    do {
        text.insert(text.begin(), digits[value % 32]);
        value /= 32;
    } while (value);
    return text;
}

} // namespace

Sender::Sender(Engine& engine)
    : m_engine(engine)
{
    std::random_device random;
    m_idPrefix = base32((std::uint64_t(random()) << 32) | random());
}

namespace {

// Whether `lines` are one batch: a "BATCH +id" line, the lines of that batch, "BATCH -id".
bool isOneBatch(const std::vector<std::string>& lines)
{
    const auto withoutEnd = [](const std::string& line) {
        return std::string_view(line).substr(0, line.find_first_of("\r\n"));
    };
    const ParseResult first = parse(withoutEnd(lines.front()));
    const ParseResult last = parse(withoutEnd(lines.back()));
    if (!first.message || !last.message || first.message->command != "BATCH" ||
        last.message->command != "BATCH")
        return false;
    const std::string& start = first.message->param(0);
    return start.size() > 1 && start.front() == '+' &&
           last.message->param(0) == "-" + start.substr(1);
}

} // namespace

std::string withTags(const std::string& line, const std::string& tags)
{
    if (!line.empty() && line.front() == '@')
        return "@" + tags + ";" + line.substr(1);
    return "@" + tags + " " + line;
}

// Without gmtime (not thread-safe everywhere) and without printf (this runs for every message a
// user sends: snprintf was a tenth of the host's time at full speed).
std::string isoTimeNow()
{
    using namespace std::chrono;
    const auto now = floor<milliseconds>(system_clock::now());
    const auto day = floor<days>(now);
    const year_month_day ymd{day};
    const hh_mm_ss<milliseconds> time{now - day};
    std::string text = "0000-00-00T00:00:00.000Z";
    const auto put = [&text](std::size_t at, unsigned value, std::size_t width) {
        for (std::size_t i = width; i-- > 0; value /= 10)
            text[at + i] = char('0' + value % 10);
    };
    put(0, unsigned(std::clamp(int(ymd.year()), 0, 9999)), 4);
    put(5, unsigned(ymd.month()), 2);
    put(8, unsigned(ymd.day()), 2);
    put(11, unsigned(time.hours().count()), 2);
    put(14, unsigned(time.minutes().count()), 2);
    put(17, unsigned(time.seconds().count()), 2);
    put(20, unsigned(time.subseconds().count()), 3);
    return text;
}

// Tags for one recipient: server-time if it asked for it, msgid and client tags if
// message-tags.
std::string Sender::tagsFor(const Client& c, const std::string& time,
                            const std::vector<Tag>& messageTags) const
{
    std::vector<Tag> tags;
    if (c.caps & CapServerTime)
        tags.push_back({"time", time});
    if (c.caps & CapMessageTags)
        tags.insert(tags.end(), messageTags.begin(), messageTags.end());
    if (tags.empty())
        return {};
    Message carrier;
    carrier.tags = std::move(tags);
    carrier.command = "X";
    std::string line = format(carrier);
    return line.substr(0, line.size() - 3); // "@... " without "X\r\n"
}

Outgoing Sender::prepare(Message message, std::vector<Tag> clientTags)
{
    Outgoing out;
    out.body = formatLimited(message, m_engine.config.maxLine);
    // What a user did has a msgid and its time now (history keeps both); the host's own
    // replies take the time when a recipient first needs it.
    if (!message.source.empty() && message.source != m_engine.config.serverName) {
        out.time = isoTimeNow();
        out.tags.push_back({"msgid", m_idPrefix + "-" + base32(++m_nextMsgId)});
    }
    out.message = std::move(message);
    for (Tag& tag : clientTags)
        out.tags.push_back(std::move(tag));
    return out;
}

Outgoing Sender::prepareLike(const Outgoing& model, Message message)
{
    Outgoing out;
    out.body = formatLimited(message, m_engine.config.maxLine);
    out.message = std::move(message);
    out.tags = model.tags;
    out.time = model.time.empty() ? isoTimeNow() : model.time;
    return out;
}

void Sender::deliver(Client& c, Outgoing& out)
{
    const unsigned variant = c.caps & (CapServerTime | CapMessageTags);
    if (!variant) {
        sendRaw(c, out.body);
        return;
    }
    if (!out.built[variant]) {
        if (out.time.empty())
            out.time = isoTimeNow();
        out.variants[variant] = tagsFor(c, out.time, out.tags) + out.body;
        out.built[variant] = true;
    }
    sendRaw(c, out.variants[variant]);
}

void Sender::deliverOutsideResponse(Client& c, Outgoing& out)
{
    std::optional<Response> held;
    held.swap(m_response);
    deliver(c, out);
    held.swap(m_response);
}

void Sender::toRoom(Room& r, Message message)
{
    Outgoing out = prepare(std::move(message));
    for (Client* member : r.order)
        deliver(*member, out);
}

void Sender::toAudience(Client& c, Message message, bool self)
{
    Outgoing out = prepare(std::move(message));
    for (Client* other : m_engine.world.audience(c, self))
        deliver(*other, out);
}

void Sender::send(Client& c, Message message)
{
    if (message.source.empty())
        message.source = m_engine.config.serverName;
    Outgoing out = prepare(std::move(message));
    deliver(c, out);
}

// ":server NNN nick params..." with room for a text after them.
Message Sender::numericMessage(const Client& c, Numeric code,
                               std::vector<std::string>& params) const
{
    Message m;
    m.source = m_engine.config.serverName;
    m.command = numericCode(code);
    m.params.reserve(params.size() + 2);
    m.params.push_back(c.target());
    for (auto& p : params)
        m.params.push_back(std::move(p));
    return m;
}

void Sender::numeric(Client& c, Numeric code, std::vector<std::string> params,
                     const std::string& text)
{
    Message m = numericMessage(c, code, params);
    m.params.push_back(text);
    m.trailing = true;
    send(c, std::move(m));
}

void Sender::numericParams(Client& c, Numeric code, std::vector<std::string> params)
{
    send(c, numericMessage(c, code, params));
}

void Sender::needMoreParams(Client& c, const std::string& command)
{
    numeric(c, ERR_NEEDMOREPARAMS, {command}, "Not enough parameters");
}

void Sender::standardReply(Client& c, const char* kind, const std::string& command,
                           const std::string& code, std::vector<std::string> context,
                           const std::string& text)
{
    Message m;
    m.source = m_engine.config.serverName;
    m.command = kind;
    m.params = {command, code};
    for (auto& item : context)
        m.params.push_back(std::move(item));
    m.params.push_back(text);
    m.trailing = true;
    send(c, std::move(m));
}

void Sender::beginResponse(Client& c, std::string label)
{
    m_response = Response{c.id, std::move(label), {}};
}

void Sender::endResponse()
{
    if (!m_response)
        return;
    Response response = std::move(*m_response);
    m_response.reset();
    if (Client* c = m_engine.world.find(response.id))
        sendResponse(*c, std::move(response));
}

void Sender::flushResponse(Client& c)
{
    if (m_response && m_response->id == c.id)
        endResponse();
}

std::string Sender::batchId()
{
    return "b" + base32(++m_nextBatch);
}

void Sender::sendResponse(Client& c, Response response)
{
    const std::string label = "label=" + escapeTagValue(response.label);
    if (response.lines.empty()) {
        Message ack;
        ack.source = m_engine.config.serverName;
        ack.command = "ACK";
        sendRaw(c, withTags(format(ack), label));
    } else if (response.lines.size() == 1) {
        sendRaw(c, withTags(response.lines.front(), label));
    } else if (isOneBatch(response.lines)) {
        // A response that is a batch already (CHATHISTORY): the label goes on its start.
        response.lines.front() = withTags(response.lines.front(), label);
        for (const std::string& line : response.lines)
            sendRaw(c, line);
    } else {
        const std::string id = batchId();
        const std::string& server = m_engine.config.serverName;
        sendRaw(c, withTags(":" + server + " BATCH +" + id + " labeled-response\r\n", label));
        for (const std::string& line : response.lines)
            sendRaw(c, withTags(line, "batch=" + id));
        sendRaw(c, ":" + server + " BATCH -" + id + "\r\n");
    }
}

std::string Sender::errorLine(const std::string& text) const
{
    Message m;
    m.command = "ERROR";
    m.params = {text};
    m.trailing = true;
    return formatLimited(m, m_engine.config.maxLine);
}

void Sender::sendRaw(Client& c, const std::string& line)
{
    if (c.leaving || c.doomed || !c.connection)
        return;
    if (m_response && m_response->id == c.id) {
        m_response->lines.push_back(line);
        return;
    }
    c.connection->send(line);
    // What is queued is sent at the end of this turn of the loop; the queue is judged after
    // that, by what the client has not taken. One deferred task checks every client sent to in
    // this turn (it runs after the connections' flush, which was deferred first).
    if (c.queueCheckScheduled)
        return;
    c.queueCheckScheduled = true;
    if (m_queueChecks.empty())
        m_engine.loop.deferToEndOfTurn(m_engine.guarded([this] { checkSendQueues(); }));
    m_queueChecks.push_back(c.id);
}

void Sender::checkSendQueues()
{
    std::vector<SocketId> ids;
    ids.swap(m_queueChecks); // checks may send (QUIT): those start a new batch
    for (const SocketId id : ids) {
        if (Client* client = m_engine.world.find(id))
            checkSendQueue(*client);
    }
    if (m_queueChecks.empty()) {
        ids.clear();
        m_queueChecks.swap(ids); // keep the capacity for the next turn
    }
}

void Sender::checkSendQueue(Client& c)
{
    c.queueCheckScheduled = false;
    if (c.leaving || !c.connection)
        return;
    const std::size_t queued = c.connection->outboundBytes();
    if (queued > m_engine.config.sendQueueHard) {
        m_engine.admission.drop(c, "SendQ exceeded", false, true);
        return;
    }
    if (queued > m_engine.config.sendQueueSoft) {
        if (!c.overSoftSince)
            c.overSoftSince = Clock::now();
    } else {
        c.overSoftSince.reset();
    }
}

} // namespace netcore::irc::hostimpl
