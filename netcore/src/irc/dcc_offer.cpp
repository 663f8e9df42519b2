// SPDX-License-Identifier: GPL-3.0-or-later
// DCC requests: parsing and formatting the CTCP text (the grammar is in netcore/irc/dcc.h).

#include "netcore/irc/dcc.h"
#include "netcore/error.h"

#include "irc/dcc_text.h"

#include <charconv>
#include <vector>

namespace netcore::irc::dcc {

namespace {

class DccCategory final : public NamedErrorCategory
{
public:
    const char* name() const noexcept override { return "dcc"; }
    const char* symbolicName(int code) const noexcept override
    {
        return dccErrorName(static_cast<DccErrc>(code));
    }
    std::string message(int code) const override
    {
        switch (static_cast<DccErrc>(code)) {
        case DccErrc::malformed:
            return "the DCC request is malformed";
        case DccErrc::badName:
            return "the DCC request has no file name";
        case DccErrc::badAddress:
            return "the DCC request's address is not an IP address that can be used";
        case DccErrc::badPort:
            return "the DCC request's port is not valid";
        case DccErrc::badSize:
            return "the DCC request's size or position is not a 64-bit number";
        case DccErrc::badToken:
            return "the DCC request's token is not valid";
        case DccErrc::unsupported:
            return "this kind of DCC request is not supported";
        case DccErrc::foreignAddress:
            return "the offer points to another machine than the sender's";
        case DccErrc::stalled:
            return "nothing moved for too long";
        case DccErrc::incomplete:
            return "the connection ended before the whole file had come";
        case DccErrc::oversize:
            return "more bytes came than the offer said";
        case DccErrc::timedOut:
            return "the other side did not connect or answer in time";
        case DccErrc::declined:
            return "the other side declined the file";
        case DccErrc::cancelled:
            return "cancelled";
        }
        return "unknown DCC error " + std::to_string(code);
    }
};

constexpr std::size_t MaxTokenBytes = 64;
// The bytes no field can carry: they would end the IRC line or the CTCP message.
constexpr std::string_view LineBreakers("\0\r\n\x01", 4);

bool allDigits(std::string_view text)
{
    if (text.empty())
        return false;
    for (const char c : text) {
        if (c < '0' || c > '9')
            return false;
    }
    return true;
}

// A decimal number of digits only (no sign, no spaces) that fits in T.
template <typename T> std::optional<T> decimal(std::string_view text)
{
    if (!allDigits(text))
        return std::nullopt;
    T value{};
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return value;
}

std::string dotted(std::uint32_t address)
{
    return std::to_string(address >> 24) + '.' + std::to_string((address >> 16) & 0xFF) + '.' +
           std::to_string((address >> 8) & 0xFF) + '.' + std::to_string(address & 0xFF);
}

// "10.0.0.2" -> 167772162, for canonical dotted text (canonicalAddress's).
std::optional<std::uint32_t> integerOf(std::string_view dottedText)
{
    std::uint32_t result = 0;
    for (int part = 0; part < 4; ++part) {
        const std::size_t dot = part < 3 ? dottedText.find('.') : dottedText.size();
        if (dot == std::string_view::npos)
            return std::nullopt;
        const auto octet = decimal<std::uint32_t>(dottedText.substr(0, dot));
        if (!octet || *octet > 255)
            return std::nullopt;
        result = (result << 8) | *octet;
        dottedText.remove_prefix(dot < dottedText.size() ? dot + 1 : dot);
    }
    return result;
}

bool isUnspecified(std::string_view canonical)
{
    return canonical == "0.0.0.0" || canonical == "::";
}

bool validToken(std::string_view token)
{
    if (token.empty() || token.size() > MaxTokenBytes)
        return false;
    for (const char c : token) {
        // Visible ASCII but the double quote, which would end a quoted file name early.
        if (c < 0x21 || c > 0x7E || c == '"')
            return false;
    }
    return true;
}

struct Word
{
    std::size_t begin = 0;
    std::size_t end = 0;
};

std::vector<Word> splitWords(std::string_view text)
{
    std::vector<Word> words;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && text[i] == ' ')
            ++i;
        if (i == text.size())
            break;
        const std::size_t begin = i;
        while (i < text.size() && text[i] != ' ')
            ++i;
        words.push_back({begin, i});
    }
    return words;
}

bool equalsAscii(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
        if (lower(a[i]) != lower(b[i]))
            return false;
    }
    return true;
}

ParseResult fail(DccErrc error, std::string detail)
{
    ParseResult result;
    result.error = make_error_code(error);
    result.detail = std::move(detail);
    return result;
}

// The fields after the name; `fields` are positions in `fieldText`.
ParseResult readFields(Offer offer, std::string_view name, std::string_view fieldText,
                       const std::vector<Word>& fields)
{
    const bool send = offer.kind == Kind::Send;
    // SEND: address port [size [token]]; RESUME/ACCEPT: port position [token].
    const std::size_t maxFields = send ? 4 : 3;
    if (name.empty())
        return fail(DccErrc::badName, "an empty file name");
    if (fields.size() < 2 || fields.size() > maxFields) {
        return fail(DccErrc::malformed, std::string("DCC ") + kindName(offer.kind) +
                                            " needs 2 to " + std::to_string(maxFields) +
                                            " fields after the name, not " +
                                            std::to_string(fields.size()));
    }
    const auto field = [&](std::size_t i) {
        return fieldText.substr(fields[i].begin, fields[i].end - fields[i].begin);
    };
    offer.fileName.assign(name);

    std::size_t next = 0;
    if (send) {
        const std::string_view text = field(next++);
        if (allDigits(text)) {
            const auto integer = decimal<std::uint32_t>(text);
            if (!integer)
                return fail(DccErrc::badAddress, "address " + quoted(text) + " is beyond 32 bits");
            offer.address = dotted(*integer);
        } else {
            offer.address = canonicalAddress(text);
            if (offer.address.empty())
                return fail(DccErrc::badAddress,
                            "address " + quoted(text) + " is not an IPv4 or IPv6 address");
        }
    }
    const std::string_view portText = field(next++);
    const auto port = decimal<std::uint16_t>(portText);
    if (!port)
        return fail(DccErrc::badPort, "port " + quoted(portText) + " is not 0-65535");
    offer.port = *port;
    if (send) {
        if (next < fields.size()) {
            const std::string_view sizeText = field(next++);
            offer.size = decimal<std::uint64_t>(sizeText);
            if (!offer.size)
                return fail(DccErrc::badSize, "size " + quoted(sizeText) + " is not a number");
        }
    } else {
        const std::string_view positionText = field(next++);
        const auto position = decimal<std::uint64_t>(positionText);
        if (!position)
            return fail(DccErrc::badSize, "position " + quoted(positionText) + " is not a number");
        offer.position = *position;
    }
    if (next < fields.size()) {
        const std::string_view token = field(next++);
        if (!validToken(token))
            return fail(DccErrc::badToken, "token " + quoted(token) + " is not valid");
        offer.token.emplace(token);
    }
    if (send && offer.port == 0 && !offer.token)
        return fail(DccErrc::badPort, "port 0 (passive DCC) without a token");
    if (send && offer.port != 0 && isUnspecified(offer.address))
        return fail(DccErrc::badAddress, "address " + offer.address + " to connect to");

    ParseResult result;
    result.offer = std::move(offer);
    return result;
}

} // namespace

const std::error_category& dccCategory()
{
    static const DccCategory category;
    return category;
}

std::error_code make_error_code(DccErrc e)
{
    return {static_cast<int>(e), dccCategory()};
}

const char* dccErrorName(DccErrc e)
{
    switch (e) {
    case DccErrc::malformed:
        return "DCC_MALFORMED";
    case DccErrc::badName:
        return "DCC_BAD_NAME";
    case DccErrc::badAddress:
        return "DCC_BAD_ADDRESS";
    case DccErrc::badPort:
        return "DCC_BAD_PORT";
    case DccErrc::badSize:
        return "DCC_BAD_SIZE";
    case DccErrc::badToken:
        return "DCC_BAD_TOKEN";
    case DccErrc::unsupported:
        return "DCC_UNSUPPORTED";
    case DccErrc::foreignAddress:
        return "DCC_FOREIGN_ADDRESS";
    case DccErrc::stalled:
        return "DCC_STALLED";
    case DccErrc::incomplete:
        return "DCC_INCOMPLETE";
    case DccErrc::oversize:
        return "DCC_OVERSIZE";
    case DccErrc::timedOut:
        return "DCC_TIMED_OUT";
    case DccErrc::declined:
        return "DCC_DECLINED";
    case DccErrc::cancelled:
        return "DCC_CANCELLED";
    }
    return "DCC_UNKNOWN";
}

const char* kindName(Kind kind)
{
    switch (kind) {
    case Kind::Send:
        return "SEND";
    case Kind::Resume:
        return "RESUME";
    case Kind::Accept:
        return "ACCEPT";
    }
    return "?";
}

ParseResult parse(std::string_view body)
{
    if (body.find_first_of(LineBreakers) != std::string_view::npos)
        return fail(DccErrc::malformed, "a NUL, CR, LF or \\x01 byte in the request");
    while (!body.empty() && body.back() == ' ')
        body.remove_suffix(1);

    // "DCC" and the type, each a word.
    const auto takeWord = [&body]() {
        std::size_t i = body.find_first_not_of(' ');
        if (i == std::string_view::npos)
            i = body.size();
        const std::size_t end = std::min(body.find(' ', i), body.size());
        const std::string_view word = body.substr(i, end - i);
        body.remove_prefix(end);
        return word;
    };
    const std::string_view dcc = takeWord();
    if (!equalsAscii(dcc, "DCC"))
        return fail(DccErrc::malformed, "not a DCC request: " + quoted(dcc));
    const std::string_view type = takeWord();
    Offer offer;
    if (equalsAscii(type, "SEND"))
        offer.kind = Kind::Send;
    else if (equalsAscii(type, "RESUME"))
        offer.kind = Kind::Resume;
    else if (equalsAscii(type, "ACCEPT"))
        offer.kind = Kind::Accept;
    else if (type.empty())
        return fail(DccErrc::malformed, "DCC without a type");
    else
        return fail(DccErrc::unsupported, "DCC " + quoted(type) + " is not supported");

    std::string_view rest = body.substr(std::min(body.find_first_not_of(' '), body.size()));
    if (rest.empty()) {
        return fail(DccErrc::badName,
                    std::string("DCC ") + kindName(offer.kind) + " without a file name");
    }
    const std::size_t close = rest.front() == '"' ? rest.rfind('"') : 0;
    if (close > 0) {
        // Quoted: the name ends at the last quote (no field after it can hold one).
        if (close + 1 < rest.size() && rest[close + 1] != ' ')
            return fail(DccErrc::malformed,
                        "text after the quoted file name: " + quoted(rest.substr(close + 1)));
        const std::string_view fieldText = rest.substr(close + 1);
        return readFields(std::move(offer), rest.substr(1, close - 1), fieldText,
                          splitWords(fieldText));
    }
    // Unquoted: the first word. irssi also reads a name with spaces sent without quotes ("some
    // clients that don't really understand the problem with spaces in file names", dcc-get.c):
    // when the first word does not do, the name is all but the last four fields of a SEND (with
    // a token), else all but the last three (three and two for RESUME and ACCEPT), if those
    // fields are valid.
    const std::vector<Word> words = splitWords(rest);
    const std::string_view firstWord = rest.substr(0, words[0].end);
    ParseResult first = readFields(offer, firstWord, rest, {words.begin() + 1, words.end()});
    if (first.offer)
        return first;
    const std::size_t mostFields = offer.kind == Kind::Send ? 4 : 3;
    for (const std::size_t count : {mostFields, mostFields - 1}) {
        if (words.size() <= count + 1)
            continue; // the name would be one word: tried above
        const std::size_t nameWords = words.size() - count;
        const std::string_view longName = rest.substr(0, words[nameWords - 1].end);
        ParseResult longer =
            readFields(offer, longName, rest,
                       {words.begin() + static_cast<std::ptrdiff_t>(nameWords), words.end()});
        if (longer.offer)
            return longer;
    }
    return first;
}

std::error_code check(const Offer& offer, std::string* detail)
{
    const auto fail = [detail](DccErrc error, std::string text) {
        if (detail)
            *detail = std::move(text);
        return make_error_code(error);
    };
    if (offer.fileName.empty())
        return fail(DccErrc::badName, "an empty file name");
    if (offer.fileName.find_first_of(LineBreakers) != std::string::npos)
        return fail(DccErrc::malformed, "a NUL, CR, LF or \\x01 byte in the file name");
    if (offer.token && !validToken(*offer.token))
        return fail(DccErrc::badToken, "token " + quoted(*offer.token) + " is not valid");
    if (offer.kind != Kind::Send) {
        if (!offer.address.empty() || offer.size)
            return fail(DccErrc::malformed,
                        std::string(kindName(offer.kind)) + " carries no address and no size");
        return {};
    }
    if (offer.position != 0)
        return fail(DccErrc::malformed, "SEND carries no position");
    if (offer.address.empty() || canonicalAddress(offer.address) != offer.address)
        return fail(DccErrc::badAddress,
                    "address " + quoted(offer.address) + " is not a canonical IP address");
    if (offer.port != 0 && isUnspecified(offer.address))
        return fail(DccErrc::badAddress, "address " + offer.address + " to connect to");
    if (offer.port == 0 && !offer.token)
        return fail(DccErrc::badPort, "port 0 (passive DCC) without a token");
    if (offer.token && !offer.size)
        return fail(DccErrc::malformed, "a token without a size");
    return {};
}

std::string format(const Offer& offer)
{
    const std::string& name = offer.fileName;
    const bool quote = name.find(' ') != std::string::npos || (!name.empty() && name[0] == '"');
    std::string out = "DCC ";
    out += kindName(offer.kind);
    out += ' ';
    if (quote)
        out += '"';
    out += name;
    if (quote)
        out += '"';
    if (offer.kind == Kind::Send) {
        out += ' ';
        const std::string canonical = canonicalAddress(offer.address);
        const auto integer = integerOf(canonical);
        // IPv4 as the integer every client reads; IPv6 as text; what is neither as it is
        // (check() refuses it).
        if (integer)
            out += std::to_string(*integer);
        else
            out += canonical.empty() ? offer.address : canonical;
    }
    out += ' ';
    out += std::to_string(offer.port);
    if (offer.kind == Kind::Send) {
        if (offer.size) {
            out += ' ';
            out += std::to_string(*offer.size);
        }
    } else {
        out += ' ';
        out += std::to_string(offer.position);
    }
    if (offer.token) {
        out += ' ';
        out += *offer.token;
    }
    return out;
}

std::optional<std::string> parseReject(std::string_view body)
{
    if (body.find_first_of(LineBreakers) != std::string_view::npos)
        return std::nullopt;
    const auto word = [&body]() {
        body.remove_prefix(std::min(body.find_first_not_of(' '), body.size()));
        const std::size_t end = std::min(body.find(' '), body.size());
        const std::string_view w = body.substr(0, end);
        body.remove_prefix(end);
        return w;
    };
    if (!equalsAscii(word(), "DCC") || !equalsAscii(word(), "REJECT") ||
        !equalsAscii(word(), "SEND"))
        return std::nullopt;
    body.remove_prefix(std::min(body.find_first_not_of(' '), body.size()));
    while (!body.empty() && body.back() == ' ')
        body.remove_suffix(1);
    if (body.size() >= 2 && body.front() == '"' && body.back() == '"')
        body = body.substr(1, body.size() - 2);
    if (body.empty())
        return std::nullopt;
    return std::string(body);
}

std::string formatReject(const std::string& name)
{
    const bool quote = name.find(' ') != std::string::npos || (!name.empty() && name[0] == '"');
    return quote ? "DCC REJECT SEND \"" + name + '"' : "DCC REJECT SEND " + name;
}

} // namespace netcore::irc::dcc
