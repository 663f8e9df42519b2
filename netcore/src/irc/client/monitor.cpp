// SPDX-License-Identifier: GPL-3.0-or-later
// Watching nicks (IRCv3 MONITOR): the user's favourite people. The list goes to the server
// once its ISUPPORT says MONITOR (and after every reconnect), at most as many as MONITOR=N
// allows; RPL_MONONLINE / RPL_MONOFFLINE come now and whenever one of them comes or goes.
//
//   -> MONITOR + bob,carol
//   <- :server 730 me :bob!~bob@10.0.0.7           (WatchedOnline bob)
//   <- :server 731 me :carol                       (WatchedOffline carol)

#include "irc/client/client_impl.h"

namespace netcore::irc {

void IrcClient::Impl::sendWatched(bool again)
{
    if (state != ClientState::Registered || support.monitorLimit == 0)
        return;
    if (again && watchSent)
        enqueue({{}, {}, "MONITOR", {"C"}});
    watchSent = true;
    std::string list;
    std::size_t count = 0;
    auto flush = [&] {
        if (!list.empty())
            enqueue({{}, {}, "MONITOR", {"+", list}});
        list.clear();
    };
    for (const std::string& who : config.watched) {
        if (who.empty() || who.find_first_of(", !@") != std::string::npos)
            continue;
        if (++count > support.monitorLimit)
            break;
        if (list.size() + who.size() + 1 > 400)
            flush();
        list += (list.empty() ? "" : ",") + who;
    }
    flush();
}

// "730 me :nick!user@host,..." (online) or "731 me :nick,..." (offline): one event each.
void IrcClient::Impl::onWatched(const Message& m, ClientEvent& e)
{
    const bool online = e.numeric == RPL_MONONLINE;
    std::string_view list = client::lastParam(m);
    while (!list.empty()) {
        const std::size_t comma = list.find(',');
        const std::string_view item = list.substr(0, comma);
        list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
        if (item.empty())
            continue;
        ClientEvent each = e;
        each.kind = online ? ClientEvent::Kind::WatchedOnline : ClientEvent::Kind::WatchedOffline;
        each.nick = client::nickOf(item);
        each.target = std::string(item);
        emit(each);
    }
}

} // namespace netcore::irc
