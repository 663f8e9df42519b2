// SPDX-License-Identifier: GPL-3.0-or-later
// Requests whose reply has many lines (WHO, CHATHISTORY), until their reply has ended, and the
// standard replies (FAIL, WARN, NOTE).
//
// With labeled-response (and batch) each such request carries a label of ours, and the server
// puts it on its reply: on the one line that is the whole reply, on the start of a batch that
// holds it, or on an ACK when there is nothing to say. So the engine knows which reply is its
// own (a WHO the user typed with /quote is not mistaken for the engine's), and when a reply has
// ended, even when it is an error instead of the usual last line:
//
//   -> @label=7 WHO #nosuch        <- @label=7 :srv 315 me #nosuch :End of WHO list
//   -> @label=8 CHATHISTORY ...    <- @label=8 :srv FAIL CHATHISTORY INVALID_TARGET ...
//
// Without labeled-response, replies are matched by order: servers answer in the order asked.

#include "irc/client/client_impl.h"

#include <algorithm>

namespace netcore::irc {

namespace {

// Requests awaiting their reply at most: a server that never answers cannot grow memory (the
// oldest is forgotten).
constexpr std::size_t MaxRequests = 64;

} // namespace

bool IrcClient::Impl::usesLabels() const
{
    return hasCap("labeled-response") && hasCap("batch");
}

void IrcClient::Impl::sendRequest(RequestKind kind, const std::string& target, Message m)
{
    Request request;
    request.kind = kind;
    request.target = target;
    if (usesLabels()) {
        request.label = std::to_string(++labels);
        m.tags.push_back({"label", request.label});
    }
    if (requests.size() >= MaxRequests)
        requests.pop_front();
    requests.push_back(std::move(request));
    enqueue(m);
}

IrcClient::Impl::Request* IrcClient::Impl::answered(std::initializer_list<RequestKind> kinds)
{
    const auto ofKind = [&](const Request& r) {
        return std::find(kinds.begin(), kinds.end(), r.kind) != kinds.end();
    };
    // A labelled reply answers the request with its label (none: a label not ours); an
    // unlabelled one the oldest request of those kinds sent without a label.
    for (Request& request : requests) {
        if (!replyLabel.empty() && request.label == replyLabel)
            return ofKind(request) ? &request : nullptr;
        if (replyLabel.empty() && request.label.empty() && ofKind(request))
            return &request;
    }
    return nullptr;
}

void IrcClient::Impl::finishRequest(Request* request, const ClientEvent& cause)
{
    const auto it = std::find_if(requests.begin(), requests.end(),
                                 [&](const Request& r) { return &r == request; });
    if (it == requests.end())
        return;
    Request done = std::move(*it);
    requests.erase(it); // before reporting: the handler may send a request of its own
    switch (done.kind) {
    case RequestKind::OwnWho:
        return;
    case RequestKind::UserWho: {
        ClientEvent t = typed(ClientEvent::Kind::WhoList, cause);
        t.nick.clear();
        t.self = false;
        t.target = done.target;
        t.room = isRoomName(done.target) ? done.target : std::string();
        t.count = done.more;
        t.whoList = std::make_shared<const std::vector<WhoEntry>>(std::move(done.entries));
        emit(t);
        return;
    }
    case RequestKind::History:
        endHistory(done.target, cause);
        return;
    }
}

void IrcClient::Impl::finishLabel(const std::string& label, const ClientEvent& cause)
{
    if (label.empty())
        return;
    for (Request& request : requests) {
        if (request.label == label) {
            finishRequest(&request, cause);
            return;
        }
    }
}

void IrcClient::Impl::forgetReplies()
{
    requests.clear();
    batches.clear();
    historyRequests.clear();
    replyLabel.clear();
}

void IrcClient::Impl::beforeReply(const Message& m)
{
    replyLabel.clear();
    if (const std::string* label = m.tag("label")) {
        replyLabel = *label;
    } else if (const std::string* reference = m.tag("batch")) {
        if (const auto open = batches.find(*reference); open != batches.end())
            replyLabel = open->second.label;
    }
}

void IrcClient::Impl::afterReply(const Message& m, const ClientEvent& e)
{
    // A labelled line that does not start a batch is the whole reply (ACK: an empty one).
    if (const std::string* label = m.tag("label"); label && m.command != "BATCH")
        finishLabel(*label, e);
    replyLabel.clear();
}

// "FAIL SETNAME INVALID_REALNAME :Real name is too long": a command refused (an Error); WARN
// and NOTE as the server's text. Context parameters may name a room.
void IrcClient::Impl::onStandardReply(const Message& m, ClientEvent& e)
{
    if (m.params.size() < 3)
        return;
    const bool failed = m.command == "FAIL";
    e.kind = failed ? ClientEvent::Kind::Error : ClientEvent::Kind::ServerText;
    e.text = decodeText(client::lastParam(m)) + " [" + m.param(0) + " " + m.param(1) + "]";
    for (std::size_t i = 2; i + 1 < m.params.size(); ++i)
        if (isRoomName(m.params[i]))
            e.room = e.target = m.params[i];
    emit(e);
    if (failed && m.param(0) == "CHATHISTORY")
        if (Request* request = answered({RequestKind::History}))
            finishRequest(request, e);
}

} // namespace netcore::irc
