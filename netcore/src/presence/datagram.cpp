// SPDX-License-Identifier: GPL-3.0-or-later
// The presence datagram: encoding and strict decoding (docs/protocol.md, "Presence").
//
//   offset size  field
//        0    4  magic "LNCH"
//        4    1  version (1)
//        5    1  type: 1 announce, 2 query, 3 bye, 4 probe, 5 probe reply
//        6    1  role: 0 member, 1 host, 2 observer (queries only; never listed)
//        7    1  status: 0 available, 1 away
//        8    8  instance id (random, never 0)
//       16    2  announce interval, tenths of a second (1..6000)
//       18    4  token (sequence number; a probe's token)
//       22    2  TCP port (host; 0 for a member)
//       24    2  users (host)
//       26    2  rooms (host)
//       28    1  name length N, then N bytes of UTF-8
//     29+N    1  chat length C, then C bytes of UTF-8
//   30+N+C       extensions, each: 1 byte type, 1 byte length L, L bytes
//
// Extension 1, TLS (hosts only): 2 bytes the TLS port (not 0), 32 bytes the SHA-256 fingerprint
// of the host's certificate. Unknown extension types are skipped (later versions may add
// some); a truncated one, a repeated one or a TLS extension that is not a host's is dropped.
// All numbers big-endian. Every byte is accounted for: at most 30 + 64 + 64 + 36 = 194 bytes.

#include "netcore/irc/client.h" // isValidUtf8
#include "netcore/presence.h"

#include "platform/hex.h"

#include <algorithm>
#include <cstdlib>

namespace netcore::presence {

namespace {

constexpr char Magic[4] = {'L', 'N', 'C', 'H'};
constexpr std::size_t HeaderSize = 28;
constexpr std::size_t MinSize = HeaderSize + 2;
constexpr std::uint8_t TlsExtension = 1;
constexpr std::size_t FingerprintBytes = 32;

void put8(std::string& out, std::uint8_t v)
{
    out += static_cast<char>(v);
}
void put16(std::string& out, std::uint16_t v)
{
    put8(out, static_cast<std::uint8_t>(v >> 8));
    put8(out, static_cast<std::uint8_t>(v));
}
void put32(std::string& out, std::uint32_t v)
{
    put16(out, static_cast<std::uint16_t>(v >> 16));
    put16(out, static_cast<std::uint16_t>(v));
}
void put64(std::string& out, std::uint64_t v)
{
    put32(out, static_cast<std::uint32_t>(v >> 32));
    put32(out, static_cast<std::uint32_t>(v));
}

std::uint64_t get(std::string_view bytes, std::size_t at, std::size_t size)
{
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < size; ++i)
        v = (v << 8) | static_cast<unsigned char>(bytes[at + i]);
    return v;
}

std::string_view clip(const std::string& text)
{
    std::string_view view = text;
    if (view.size() > MaxText) {
        // Never cut inside a UTF-8 character.
        std::size_t end = MaxText;
        while (end > 0 && (static_cast<unsigned char>(view[end]) & 0xC0) == 0x80)
            --end;
        view = view.substr(0, end);
    }
    return view;
}

bool isCleanText(std::string_view text)
{
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7F)
            return false;
    }
    return irc::isValidUtf8(text);
}

// "AB:CD:...:EF" (95 characters) <-> its 32 bytes; "" / false when it is not that.
std::string fingerprintBytes(std::string_view text)
{
    std::string out;
    if (text.size() != FingerprintBytes * 3 - 1 || !hexDecode(text, &out, ':'))
        return {};
    return out;
}

std::string fingerprintText(std::string_view bytes)
{
    return hexEncode(bytes, HexCase::Upper, ':');
}

} // namespace

const char* dropReasonName(DropReason reason)
{
    switch (reason) {
    case DropReason::TooShort:
        return "too short";
    case DropReason::TooLong:
        return "too long";
    case DropReason::BadMagic:
        return "wrong magic";
    case DropReason::BadVersion:
        return "wrong version";
    case DropReason::BadField:
        return "bad field";
    case DropReason::Own:
        return "own";
    case DropReason::RateLimited:
        return "rate limited";
    }
    return "?";
}

std::string encode(const Datagram& d)
{
    const std::string_view name = clip(d.name);
    const std::string_view chat = clip(d.chat);
    std::string out;
    const std::string fingerprint = fingerprintBytes(d.tlsFingerprint);
    const bool tls = d.tlsPort != 0 && !fingerprint.empty();
    out.reserve(MinSize + name.size() + chat.size() + (tls ? 4 + FingerprintBytes : 0));
    out.append(Magic, sizeof Magic);
    put8(out, Version);
    put8(out, static_cast<std::uint8_t>(d.type));
    put8(out, static_cast<std::uint8_t>(d.role));
    put8(out, static_cast<std::uint8_t>(d.status));
    put64(out, d.instance);
    put16(out, d.intervalDs);
    put32(out, d.token);
    put16(out, d.tcpPort);
    put16(out, d.users);
    put16(out, d.rooms);
    put8(out, static_cast<std::uint8_t>(name.size()));
    out.append(name);
    put8(out, static_cast<std::uint8_t>(chat.size()));
    out.append(chat);
    if (tls) {
        put8(out, TlsExtension);
        put8(out, static_cast<std::uint8_t>(2 + FingerprintBytes));
        put16(out, d.tlsPort);
        out.append(fingerprint);
    }
    return out;
}

std::optional<Datagram> decode(std::string_view bytes, DropReason* why)
{
    const auto drop = [why](DropReason reason) -> std::optional<Datagram> {
        if (why)
            *why = reason;
        return std::nullopt;
    };
    if (bytes.size() > MaxDatagram)
        return drop(DropReason::TooLong);
    if (bytes.size() < 4 || bytes.substr(0, 4) != std::string_view(Magic, 4))
        return drop(bytes.size() < 4 ? DropReason::TooShort : DropReason::BadMagic);
    if (bytes.size() < 5)
        return drop(DropReason::TooShort);
    if (static_cast<unsigned char>(bytes[4]) != Version)
        return drop(DropReason::BadVersion);
    if (bytes.size() < MinSize)
        return drop(DropReason::TooShort);

    Datagram d;
    const auto type = static_cast<std::uint8_t>(bytes[5]);
    const auto role = static_cast<std::uint8_t>(bytes[6]);
    const auto status = static_cast<std::uint8_t>(bytes[7]);
    if (type < 1 || type > 5 || role > 2 || status > 1)
        return drop(DropReason::BadField);
    d.type = static_cast<Type>(type);
    d.role = static_cast<Role>(role);
    d.status = static_cast<Status>(status);
    d.instance = get(bytes, 8, 8);
    d.intervalDs = static_cast<std::uint16_t>(get(bytes, 16, 2));
    d.token = static_cast<std::uint32_t>(get(bytes, 18, 4));
    d.tcpPort = static_cast<std::uint16_t>(get(bytes, 22, 2));
    d.users = static_cast<std::uint16_t>(get(bytes, 24, 2));
    d.rooms = static_cast<std::uint16_t>(get(bytes, 26, 2));

    const std::size_t nameLength = static_cast<unsigned char>(bytes[HeaderSize]);
    if (nameLength > MaxText || HeaderSize + 1 + nameLength + 1 > bytes.size())
        return drop(DropReason::BadField);
    const std::size_t chatAt = HeaderSize + 1 + nameLength;
    const std::size_t chatLength = static_cast<unsigned char>(bytes[chatAt]);
    if (chatLength > MaxText || chatAt + 1 + chatLength > bytes.size())
        return drop(DropReason::BadField);
    d.name = std::string(bytes.substr(HeaderSize + 1, nameLength));
    d.chat = std::string(bytes.substr(chatAt + 1, chatLength));
    // The extensions: every byte accounted for, no trailing junk.
    bool sawTls = false;
    for (std::size_t at = chatAt + 1 + chatLength; at < bytes.size();) {
        if (at + 2 > bytes.size())
            return drop(DropReason::BadField);
        const auto extension = static_cast<std::uint8_t>(bytes[at]);
        const std::size_t length = static_cast<unsigned char>(bytes[at + 1]);
        if (at + 2 + length > bytes.size())
            return drop(DropReason::BadField);
        if (extension == TlsExtension) {
            if (sawTls || length != 2 + FingerprintBytes)
                return drop(DropReason::BadField);
            sawTls = true;
            d.tlsPort = static_cast<std::uint16_t>(get(bytes, at + 2, 2));
            d.tlsFingerprint = fingerprintText(bytes.substr(at + 4, FingerprintBytes));
            if (d.tlsPort == 0)
                return drop(DropReason::BadField);
        }
        at += 2 + length;
    }

    const bool probe = d.type == Type::Probe || d.type == Type::ProbeReply;
    if (d.instance == 0 || d.intervalDs == 0 || d.intervalDs > 6000 || (!probe && d.name.empty()) ||
        !isCleanText(d.name) || !isCleanText(d.chat))
        return drop(DropReason::BadField);
    if (!probe && d.role == Role::Host && d.tcpPort == 0 && d.tlsPort == 0)
        return drop(DropReason::BadField); // a host serves on a plain port, a TLS one or both
    if (sawTls && (probe || d.role != Role::Host))
        return drop(DropReason::BadField);
    if (!probe && d.role != Role::Host && (d.tcpPort != 0 || d.users != 0 || d.rooms != 0))
        return drop(DropReason::BadField);
    return d;
}

std::string Mode::text() const
{
    switch (kind) {
    case Kind::Auto:
        return "auto";
    case Kind::Loopback:
        return "loopback";
    case Kind::Off:
        return "off";
    case Kind::List: {
        std::string out;
        for (const auto& item : items)
            out += (out.empty() ? "" : ",") + item;
        return out;
    }
    }
    return "?";
}

std::optional<Mode> parseMode(std::string_view text, std::string* error)
{
    Mode mode;
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    if (text == "auto" || text.empty()) {
        mode.kind = Mode::Kind::Auto;
        return mode;
    }
    if (text == "loopback") {
        mode.kind = Mode::Kind::Loopback;
        return mode;
    }
    if (text == "off") {
        mode.kind = Mode::Kind::Off;
        return mode;
    }
    mode.kind = Mode::Kind::List;
    while (!text.empty()) {
        const std::size_t comma = text.find(',');
        std::string_view item = text.substr(0, comma);
        text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
        while (!item.empty() && item.front() == ' ')
            item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ')
            item.remove_suffix(1);
        const bool control = std::any_of(item.begin(), item.end(), [](char c) {
            return static_cast<unsigned char>(c) < 0x20 || c == 0x7F;
        });
        if (item.empty() || control || item.find_first_of(" \t/") != std::string_view::npos) {
            if (error)
                *error = "presence: '" + std::string(item) +
                         "' is not an IPv4 address or an interface name (auto, loopback, off, "
                         "or a list such as 192.168.1.255,eth1)";
            return std::nullopt;
        }
        mode.items.emplace_back(item);
    }
    if (mode.items.empty()) {
        if (error)
            *error = "presence: an empty list";
        return std::nullopt;
    }
    return mode;
}

std::string chooseMode(const std::optional<std::string>& option,
                       const std::optional<std::string>& saved)
{
    if (option && !option->empty())
        return *option;
    if (const char* env = std::getenv("LANCHAT_PRESENCE"); env && *env)
        return env;
    if (saved && !saved->empty())
        return *saved;
    return "auto";
}

} // namespace netcore::presence
