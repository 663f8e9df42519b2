// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// DCC file transfer requests: pure functions over the text of a CTCP message (the part between
// the \x01 delimiters), no sockets, no state; and the rules for what a peer's file name may
// become on our disk. The transfer itself runs on netcore's loops on top of this.
//
// The wire format, as HexChat (src/common/dcc.c), WeeChat (irc/irc-ctcp.c, irc/irc-server.c)
// and irssi (src/irc/dcc/dcc-get.c, dcc-send.c, dcc-resume.c) write and read it:
//
//   send     = "DCC" SP "SEND" SP name SP address SP port [ SP size [ SP token ] ]
//   resume   = "DCC" SP "RESUME" SP name SP port SP position [ SP token ]
//   accept   = "DCC" SP "ACCEPT" SP name SP port SP position [ SP token ]
//   name     = DQUOTE *anything DQUOTE / 1*( any byte but SP )
//   address  = 1*10DIGIT                       ; IPv4 as a 32-bit integer: 10.0.0.2 = 167772162
//            / IPv4 dotted / IPv6 text          ; some clients write "10.0.0.2"; IPv6 is text
//   port     = 1*5DIGIT                        ; 0-65535; 0 in SEND: passive (reverse) DCC
//   size     = 1*20DIGIT                       ; 64-bit: files beyond 4 GiB
//   position = 1*20DIGIT                       ; where a resumed transfer continues
//   token    = 1*64( %x21 / %x23-7E )          ; clients send a decimal number
//   SP       = 1*" "                           ; several spaces are accepted
//
// Active DCC: the sender listens and offers `SEND name ip port size`; the receiver connects.
// Passive (reverse) DCC: the sender offers `SEND name ip 0 size token` (the address is a
// placeholder: HexChat writes 199, irssi 16843009); the receiver listens and answers
// `SEND name its-ip its-port size token`; the sender connects. Resuming: the receiver asks
// `RESUME name port position [token]`, the sender answers `ACCEPT name port position [token]`
// (a passive transfer has port 0 and its token). Match RESUME and ACCEPT by port (or token),
// not by name: mIRC writes the placeholder "file.ext" there.
//
// Quirks read: names in double quotes (HexChat, WeeChat and irssi quote a name with spaces;
// the name then ends at the last quote, as WeeChat reads it); an unquoted name with spaces
// when the fields after it are valid (irssi reads those; the token form is tried first);
// a SEND without size (irssi and WeeChat take it); the keywords in any case; dotted IPv4 and
// IPv4-mapped IPv6 (both kept as plain IPv4). Not read: DCC CHAT, XMIT, TSEND and the other
// types (DccErrc::unsupported), host names instead of addresses.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

namespace netcore::irc::dcc {

enum class DccErrc
{
    malformed = 1, // not "DCC <type> ...", a field missing or too many, a bad quote, NUL/CR/LF/\x01
    badName,       // an empty file name
    badAddress,    // not an IPv4 integer, dotted IPv4 or IPv6 address; 0.0.0.0/:: with a port
    badPort,       // not 0-65535; port 0 (passive) in a SEND without a token
    badSize,       // a size or position that is not a decimal 64-bit number
    badToken,      // a token with characters a token cannot have, or too long
    unsupported,   // a DCC type other than SEND, RESUME and ACCEPT (CHAT, XMIT, ...)
    // A transfer's end (netcore/irc/dcc_transfer.h); a file's own errors are fileCategory()'s.
    foreignAddress, // refused: the offer points to another machine than the sender's
    stalled,        // nothing moved for the stall timeout
    incomplete,     // the connection ended before the whole file had come
    oversize,       // more bytes came than the offer's size
    timedOut,       // the peer did not connect or answer in time
    declined,       // the peer declined the file (DCC REJECT)
    cancelled,      // we cancelled it
};
const std::error_category& dccCategory();
std::error_code make_error_code(DccErrc e);
// "DCC_MALFORMED", "DCC_BAD_ADDRESS", ...; netcore::errorName() gives them too.
const char* dccErrorName(DccErrc e);

enum class Kind : std::uint8_t
{
    Send,
    Resume,
    Accept,
};
const char* kindName(Kind kind); // "SEND", "RESUME", "ACCEPT"

// One DCC request. The file name is the peer's text and never a path: safeFileName() makes
// the name to save under.
struct Offer
{
    Kind kind = Kind::Send;
    std::string fileName; // without the quotes; not empty
    // Send: the IP in its canonical text ("10.0.0.2", "2001:db8::1"); "" for Resume/Accept.
    std::string address;
    std::uint16_t port = 0;            // Send with 0: passive; Resume/Accept: the transfer's
    std::optional<std::uint64_t> size; // Send: the file's size, when the sender gave one
    std::uint64_t position = 0;        // Resume/Accept: the byte the transfer continues at
    std::optional<std::string> token;  // passive DCC's token (Send needs a size to carry one)

    // A SEND with port 0: the receiver listens (and answers with a passive reply).
    bool isPassive() const { return kind == Kind::Send && port == 0; }
    // A SEND with a port and a token: a receiver's answer to our passive offer.
    bool isPassiveReply() const { return kind == Kind::Send && port != 0 && token.has_value(); }

    friend bool operator==(const Offer&, const Offer&) = default;
};

struct ParseResult
{
    std::optional<Offer> offer;
    std::error_code error; // in dccCategory() when there is no offer
    std::string detail;    // what was wrong, in words: "port \"70000\" is not 0-65535"
};

// Parses the CTCP body "DCC SEND ..." (without the \x01 delimiters). Never throws; the work is
// linear in the input's length.
ParseResult parse(std::string_view ctcpBody);

// The CTCP body for an offer, as the clients above write it: the name quoted when it has a
// space or starts with a quote, IPv4 as an integer, IPv6 as text, a size only with SEND, the
// token last. For every offer check() accepts, parse(format(offer)).offer == offer; parse()
// gives only such offers.
std::string format(const Offer& offer);
// Whether format() can write the offer faithfully: a name without NUL/CR/LF/\x01, a canonical
// address for Send (and none for Resume/Accept), a token a peer can read, a size with a token.
std::error_code check(const Offer& offer, std::string* detail = nullptr);

// DCC REJECT SEND name: irssi's (and LanChat's) "no, thank you" to a SEND, sent in a NOTICE.
// The name as parse() reads a quoted one; nullopt for anything else.
std::optional<std::string> parseReject(std::string_view ctcpBody);
std::string formatReject(const std::string& name);

// The canonical text of a numeric IPv4 or IPv6 address, as Offer::address holds it
// ("::FFFF:10.0.0.2" -> "10.0.0.2", "2001:DB8:0::1" -> "2001:db8::1"); "" if not an address.
std::string canonicalAddress(std::string_view ip);

// The name to save a peer's file under, the same on Linux and Windows (a file received on one
// may be copied to the other): the last path component only (split at '/' and '\'); control
// characters (C0, DEL, C1), the characters Windows forbids (<>:"/\|?*), bidirectional-text
// controls (which make "exe.txt" look like "txt.exe") and invalid UTF-8 bytes each become '_';
// no leading spaces, no trailing spaces or dots; a Windows device name (CON, PRN, AUX, NUL,
// COM0-9, LPT0-9, COM/LPT with superscript 1-3, CONIN$, CONOUT$; in any case, with or without
// an extension) gets a '_' in front; at most kMaxFileNameBytes bytes, never cutting a UTF-8
// character, keeping the extension; "file" when nothing is left. safeFileName(safeFileName(x))
// == safeFileName(x).
std::string safeFileName(std::string_view peerName);
inline constexpr std::size_t kMaxFileNameBytes = 200;

// `name` (a safeFileName) if `exists` says it is free, else "photo (1).jpg", "photo (2).jpg",
// ... (".tar.gz" and the like stay together: "backup (1).tar.gz"), shortened to stay within
// kMaxFileNameBytes; nullopt when the first kMaxUniqueAttempts names are all taken.
std::optional<std::string> uniqueName(const std::string& name,
                                      const std::function<bool(const std::string&)>& exists);
inline constexpr int kMaxUniqueAttempts = 1000;

// Where a file is written until it is complete: name + ".part".
std::string partName(const std::string& name);

// Whether connecting to where an offer points is allowed. A DCC offer must not make a client
// connect to some other machine's port: the offer's address must be the sender's own, as the
// IRC host shows it (the host part of nick!user@host, which a LanChat host fills with the IP).
enum class AddressVerdict : std::uint8_t
{
    SameAddress,    // allowed: the offer points to the sender's address
    Passive,        // allowed: port 0, we listen and connect nowhere
    NoAddress,      // allowed: RESUME and ACCEPT carry no address
    ForeignAddress, // refused: the offer points to another address than the sender's
    UnknownSender,  // refused: the sender's host is not an IP address (a name or a cloak)
};

struct AddressCheck
{
    AddressVerdict verdict = AddressVerdict::UnknownSender;
    std::string offerAddress;  // canonical
    std::string senderAddress; // canonical, or the host as given when it is not an address

    bool allowed() const
    {
        return verdict == AddressVerdict::SameAddress || verdict == AddressVerdict::Passive ||
               verdict == AddressVerdict::NoAddress;
    }
    // Why, for the user: "the offer points to 10.0.0.9, but ada's address is 10.0.0.2".
    std::string describe(std::string_view nick) const;
};

// Compares parsed addresses, not text: IPv4-mapped IPv6 equals its IPv4, IPv6 in any case and
// spelling. `senderHost` may be in brackets or carry a zone ("fe80::1%eth0").
AddressCheck offerAddressAllowed(const Offer& offer, std::string_view senderHost);

} // namespace netcore::irc::dcc

template <> struct std::is_error_code_enum<netcore::irc::dcc::DccErrc> : std::true_type
{};
