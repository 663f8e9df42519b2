// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Presence: who and which hosts are on the LAN, by small UDP datagrams (docs/protocol.md has the
// byte layout). Every LanChat announces itself at start and every few seconds, asks at start so
// that others answer at once, and says bye on a clean exit. Hosts also answer a unicast probe so
// that members can measure the round trip. Runs on one EventLoop, loop thread only.
//
// Safety: answers (to queries and probes) go only to the asker, are never larger than what
// asked, and are rate-limited per source and in total, so presence cannot amplify traffic.
// Receivers validate every field and count what they drop and why.

#include "netcore/address.h"
#include "netcore/error.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace netcore {
class EventLoop;
}

namespace netcore::presence {

inline constexpr std::uint16_t DefaultPort = 6667;
inline constexpr std::size_t MaxDatagram = 512; // never fragmented
inline constexpr std::size_t MaxText = 64;      // bytes per text field (UTF-8)
inline constexpr std::uint8_t Version = 1;

enum class Type : std::uint8_t
{
    Announce = 1, // "here I am" (broadcast, or unicast as the answer to a query)
    Query = 2,    // "who is there?" (carries the sender's announce too)
    Bye = 3,      // "I am leaving"
    Probe = 4,    // unicast to a host: "echo this token"
    ProbeReply = 5,
};

enum class Role : std::uint8_t
{
    Member = 0,
    Host = 1,
    Observer = 2, // only looks (lanchat-cli discover): queries, never listed, never announces
};

enum class Status : std::uint8_t
{
    Available = 0,
    Away = 1,
};

struct Datagram
{
    Type type = Type::Announce;
    Role role = Role::Member;
    Status status = Status::Available;
    std::uint64_t instance = 0;    // random per run: one person is one entry
    std::uint16_t intervalDs = 50; // the sender's announce interval, in tenths of a second
    std::uint32_t token = 0;       // sequence number; the probe's token
    std::uint16_t tcpPort = 0;     // host: its chat port (0: TLS only)
    std::uint16_t users = 0;       // host: users connected
    std::uint16_t rooms = 0;       // host: rooms
    std::string name;              // display name or nick (1..64 bytes)
    std::string chat;              // host: the chat's name; member: the chat it is in ("" none)
    std::uint16_t tlsPort = 0;     // host: its TLS port (0: none)
    std::string tlsFingerprint;    // host: its certificate's SHA-256, "AB:CD:...:EF"

    friend bool operator==(const Datagram&, const Datagram&) = default;
};

enum class DropReason
{
    TooShort,
    TooLong,
    BadMagic,
    BadVersion,
    BadField, // an unknown type/role/status, a bad length, invalid UTF-8 or control characters
    Own,      // our own datagram, heard back
    RateLimited,
};
const char* dropReasonName(DropReason reason);

// Encoding and strict decoding, pure functions (the fuzz target calls decode()).
std::string encode(const Datagram& datagram);
std::optional<Datagram> decode(std::string_view bytes, DropReason* why = nullptr);

// Where announces go. Parsed from a mode text: "auto", "loopback", "off", or a comma-separated
// list of IPv4 addresses and interface names ("192.168.1.255,eth1").
struct Mode
{
    enum class Kind
    {
        Auto,
        Loopback,
        Off,
        List,
    };
    Kind kind = Kind::Auto;
    std::vector<std::string> items; // List: addresses and interface names
    std::string text() const;
};
// Errc::invalidAddress (and *error's text) for an empty or malformed list.
std::optional<Mode> parseMode(std::string_view text, std::string* error = nullptr);
// The mode that applies: the option if given, else the environment's LANCHAT_PRESENCE, else the
// saved setting, else "auto".
std::string chooseMode(const std::optional<std::string>& option,
                       const std::optional<std::string>& saved = std::nullopt);

struct Config
{
    Mode mode;
    std::uint16_t port = DefaultPort;
    Role role = Role::Member;
    std::string name;
    Status status = Status::Available;
    std::uint16_t tcpPort = 0;
    std::string chat;
    std::uint16_t tlsPort = 0;                        // host: announced with its fingerprint
    std::string tlsFingerprint;                       // "AB:CD:...:EF"
    std::chrono::milliseconds announceInterval{5000}; // each one +-20% jitter
    std::chrono::milliseconds interfaceRefresh{30000};
    std::chrono::milliseconds probeInterval{30000}; // round trip to each host, re-measured
    // Per source address: a token bucket of datagrams it may make us handle.
    double sourceBurst = 20;
    double sourcePerSecond = 10;
    // Answers (to queries and probes) in all, per second.
    double answersPerSecond = 20;
    std::size_t maxPeers = 1024;   // beyond this, new peers are ignored (counted)
    std::size_t maxSources = 4096; // rate-limit entries kept
};

struct Peer
{
    std::uint64_t instance = 0;
    Role role = Role::Member;
    Status status = Status::Available;
    std::string name;
    std::string chat;
    std::uint16_t tcpPort = 0;
    std::uint16_t tlsPort = 0;  // a host's TLS port (0: none)
    std::string tlsFingerprint; // and its certificate's fingerprint, as announced
    std::uint16_t users = 0;
    std::uint16_t rooms = 0;
    std::string address;                // the source IP of the latest datagram
    std::vector<std::string> addresses; // every source IP it was heard from (several cards)
    std::chrono::steady_clock::time_point lastSeen;
    std::chrono::milliseconds interval{5000};
    std::optional<std::chrono::microseconds> roundTrip; // hosts, once probed
};

struct Target
{
    std::string address;   // where announces go
    std::string interface; // "" for 255.255.255.255 or an explicit address
    std::uint64_t sent = 0;
    std::uint64_t errors = 0;
    NetError lastError;
    // Datagrams heard from this target's network (a source inside its subnet; for
    // 255.255.255.255 and explicit addresses, from anywhere no other target claims).
    std::uint64_t received = 0;
    std::uint32_t network = 0; // host order; with `mask`, the subnet of the interface
    std::uint32_t mask = 0;    // 0: no subnet known
};

struct Diagnostics
{
    std::string mode;
    std::uint16_t port = 0;
    bool listening = false;
    NetError bindError; // why we cannot listen (the port is taken without reuse, say)
    NetError interfaceError;
    std::vector<std::string> interfaces; // "eth0 192.168.1.20/255.255.255.0 broadcast ..."
    std::vector<Target> targets;
    std::uint64_t received = 0;
    std::uint64_t accepted = 0;
    std::uint64_t answers = 0;
    std::map<std::string, std::uint64_t> dropped; // by reason name
};

class Presence
{
public:
    struct Events
    {
        std::function<void(const Peer&)> peerChanged; // new, or a field changed
        std::function<void(const Peer&, const std::string& why)> peerGone; // "bye", "expired"
    };

    Presence(EventLoop& loop, Config config, Events events = {});
    ~Presence(); // says bye if still running
    Presence(const Presence&) = delete;
    Presence& operator=(const Presence&) = delete;

    // Binds the port (INADDR_ANY, address reuse, SO_BROADCAST), then announces and queries.
    // Mode "off": nothing is opened and the call succeeds. A bind failure is returned (and
    // kept in the diagnostics); sending then still works where it can.
    NetError start();
    // Says bye and closes.
    void stop();

    // Changes that go out in the next announce (sent at once).
    void setStatus(Status status);
    void setName(const std::string& name);
    void setHostFigures(std::uint16_t users, std::uint16_t rooms);
    void setChat(const std::string& chat);

    std::vector<Peer> peers() const; // hosts first, then by name
    Diagnostics diagnostics() const;
    std::uint64_t instance() const;

    struct Impl;

private:
    std::unique_ptr<Impl> m_impl;
};

} // namespace netcore::presence
