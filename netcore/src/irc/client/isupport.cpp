// SPDX-License-Identifier: GPL-3.0-or-later
// What the server supports (RPL_ISUPPORT), and the engine taking it: the case mapping above all,
// which decides how every nick and room name is compared from then on.

#include "irc/client/isupport.h"

#include "irc/client/client_impl.h"

#include <algorithm>
#include <cstdlib>

namespace netcore::irc {

namespace client {

void ServerSupport::reset()
{
    ServerSupport fresh;
    fresh.caseMapping = caseMapping;
    fresh.network = std::move(network);
    fresh.hostId = std::move(hostId);
    *this = std::move(fresh);
}

std::string unescapeIsupportValue(std::string_view value)
{
    auto hex = [](char ch) -> int {
        if (ch >= '0' && ch <= '9')
            return ch - '0';
        if (ch >= 'a' && ch <= 'f')
            return ch - 'a' + 10;
        if (ch >= 'A' && ch <= 'F')
            return ch - 'A' + 10;
        return -1;
    };
    std::string out;
    out.reserve(value.size());
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (value[i] == '\\' && i + 3 < value.size() && value[i + 1] == 'x' &&
            hex(value[i + 2]) >= 0 && hex(value[i + 3]) >= 0) {
            out += static_cast<char>(hex(value[i + 2]) * 16 + hex(value[i + 3]));
            i += 3;
        } else {
            out += value[i];
        }
    }
    return out;
}

void ServerSupport::apply(const Message& m)
{
    // "005 me TOKEN TOKEN=value ... :are supported by this server"
    for (std::size_t i = 1; i + 1 < m.params.size(); ++i) {
        const std::string& token = m.params[i];
        const std::size_t eq = token.find('=');
        const std::string key = token.substr(0, eq);
        const std::string value = eq == std::string::npos ? "" : token.substr(eq + 1);
        // -TOKEN: the server no longer supports it (only the upload URL is taken back here).
        if (key == "-soju.im/FILEHOST") {
            fileHostSoju.clear();
        } else if (key == "-draft/FILEHOST") {
            fileHostDraft.clear();
        } else if (key == "soju.im/FILEHOST") {
            fileHostSoju = unescapeIsupportValue(value);
        } else if (key == "draft/FILEHOST") {
            fileHostDraft = unescapeIsupportValue(value);
        } else if (key == "CASEMAPPING") {
            caseMapping = parseCaseMapping(value);
        } else if (key == "NETWORK") {
            network = value;
        } else if (key == "HOSTID") {
            hostId = value;
        } else if (key == "MONITOR") {
            monitorLimit = value.empty() ? 100 : std::strtoul(value.c_str(), nullptr, 10);
        } else if (key == "BOT") {
            botFlag = value.size() == 1 ? value[0] : '\0';
        } else if (key == "CHATHISTORY") {
            chathistoryLimit = std::strtoul(value.c_str(), nullptr, 10);
        } else if (key == "NICKLEN" && !value.empty()) {
            nickLength = std::max<std::size_t>(1, std::strtoul(value.c_str(), nullptr, 10));
        } else if (key == "CHANTYPES") {
            roomTypes = value;
        } else if (key == "PREFIX" && value.size() > 2 && value.front() == '(') {
            const std::size_t close = value.find(')');
            if (close != std::string::npos && value.size() - close - 1 == close - 1) {
                prefixModes = value.substr(1, close - 1);
                prefixSymbols = value.substr(close + 1);
            }
        } else if (key == "CHANMODES") {
            std::string parts[3];
            std::size_t at = 0;
            for (auto& part : parts) {
                const std::size_t comma = value.find(',', at);
                part = value.substr(at, comma == std::string::npos ? comma : comma - at);
                at = comma == std::string::npos ? value.size() : comma + 1;
            }
            listModes = parts[0];
            keyModes = parts[1];
            settingModes = parts[2];
        }
    }
}

bool ServerSupport::takesParameter(char mode, bool adding) const
{
    if (prefixModes.find(mode) != std::string::npos || listModes.find(mode) != std::string::npos ||
        keyModes.find(mode) != std::string::npos)
        return true;
    return adding && settingModes.find(mode) != std::string::npos;
}

} // namespace client

void IrcClient::Impl::onIsupport(const Message& m, ClientEvent&)
{
    const CaseMapping before = support.caseMapping;
    support.apply(m);
    const CaseMapping after = support.caseMapping;
    support.caseMapping = before;
    setCaseMapping(after);
    if (support.monitorLimit > 0 && !watchSent)
        sendWatched(false);
}

// Every map keyed by a folded name is keyed again from the names as they were spelled: two
// names that were one may now be two, or the other way round (the first one wins).
void IrcClient::Impl::setCaseMapping(CaseMapping mapping)
{
    if (mapping == support.caseMapping)
        return;
    support.caseMapping = mapping;
    auto rekey = [this](auto& map, auto nameOf) {
        std::remove_reference_t<decltype(map)> out;
        for (auto& [key, value] : map) {
            const std::string folded = fold(nameOf(value));
            out.try_emplace(folded, std::move(value));
        }
        map = std::move(out);
    };
    rekey(roomMap, [](const JoinedRoom& r) { return r.name; });
    rekey(pending, [](const PendingNames& p) { return p.room; });
    rekey(wanted,
          [](const std::string& roomAndKey) { return roomAndKey.substr(0, roomAndKey.find(' ')); });
    rekey(awayNicks, [](const AwayMark& a) { return a.nick; });
    rekey(whoisPending, [](const WhoisReply& w) { return w.nick; });
    for (auto& [folded, room] : roomMap)
        std::sort(room.members.begin(), room.members.end(),
                  [this](const RoomMember& a, const RoomMember& b) {
                      return fold(a.nick) < fold(b.nick);
                  });
}

} // namespace netcore::irc
