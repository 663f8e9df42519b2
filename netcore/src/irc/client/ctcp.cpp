// SPDX-License-Identifier: GPL-3.0-or-later
// PRIVMSG and NOTICE as messages, actions and notices; CTCP inside them: ACTION (/me) is shown,
// DCC is handed on (ClientEvent::Kind::Dcc), VERSION, PING and CLIENTINFO are answered (by
// NOTICE, never to a NOTICE, as CTCP asks).
//
//   <- :bob!b@h PRIVMSG #lan :\x01ACTION waves\x01       an Action
//   <- :bob!b@h PRIVMSG me :\x01VERSION\x01              -> NOTICE bob :\x01VERSION LanChat\x01

#include "irc/client/client_impl.h"

namespace netcore::irc {

void IrcClient::Impl::onText(const Message& m, ClientEvent& e)
{
    const bool notice = m.command == "NOTICE";
    e.kind = notice ? ClientEvent::Kind::Notice : ClientEvent::Kind::Message;
    e.target = m.param(0);
    e.room = isRoomName(e.target) ? e.target : std::string();
    std::string_view text = m.param(1);
    if (text.size() >= 2 && text.front() == '\x01') {
        text.remove_prefix(1);
        if (text.back() == '\x01')
            text.remove_suffix(1);
        const std::string_view verb = text.substr(0, text.find(' '));
        const std::string_view rest =
            verb.size() < text.size() ? text.substr(verb.size() + 1) : std::string_view();
        if (verb == "ACTION") {
            e.kind = ClientEvent::Kind::Action;
            e.text = decodeText(rest);
            emit(e);
        } else if (verb == "DCC") {
            if (e.self || e.history || e.nick.empty())
                return;
            e.kind = ClientEvent::Kind::Dcc;
            e.ctcp = std::string(text);
            const std::size_t bang = m.source.find('!');
            e.target = bang == std::string::npos ? std::string() : m.source.substr(bang + 1);
            emit(e);
        } else if (!notice && !e.self && !e.nick.empty() && !e.history) {
            ctcpReply(e.nick, verb, rest);
        }
        return;
    }
    e.text = decodeText(text);
    emit(e);
}

void IrcClient::Impl::ctcpReply(const std::string& to, std::string_view verb, std::string_view rest)
{
    std::string reply;
    if (verb == "VERSION")
        reply = "VERSION LanChat";
    else if (verb == "PING")
        reply = "PING " + std::string(rest);
    else if (verb == "CLIENTINFO")
        reply = "CLIENTINFO ACTION CLIENTINFO DCC PING VERSION";
    else
        return;
    enqueue({{}, {}, "NOTICE", {to, "\x01" + reply + "\x01"}, true});
}

} // namespace netcore::irc
