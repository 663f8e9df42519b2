// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The IRC message codec: pure functions over bytes, no sockets, no state (the host and the
// client engine sit on top of it). The wire grammar, from the modern IRC client protocol
// document (RFC 1459 / RFC 2812 as clarified) with IRCv3 message tags:
//
//   message    = [ "@" tags SPACE ] [ ":" source SPACE ] command params CRLF
//   tags       = tag *( ";" tag )
//   tag        = key [ "=" escaped-value ]          (escapes: \: ; \s space \\ \ \r CR \n LF)
//   key        = [ "+" ] [ vendor "/" ] 1*( letter / digit / "-" )
//   source     = servername / ( nick [ "!" user ] [ "@" host ] )
//   command    = 1*letter / 3digit
//   params     = *14( SPACE middle ) [ SPACE ":" trailing ]
//              / 14( SPACE middle ) [ SPACE [ ":" ] trailing ]
//   middle     = nospcrlfcl *( ":" / nospcrlfcl )
//   trailing   = *( ":" / " " / nospcrlfcl )
//   SPACE      = 1*" "                              (several spaces are accepted)
//
// Limits: a line is at most 512 bytes including CRLF, not counting the tags; tags sent by
// clients add at most 4094 bytes (IRCv3). Bare LF ends a line as well as CRLF.

#include "netcore/irc/casemapping.h" // foldCase, equalsFolded

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace netcore::irc {

struct Limits
{
    std::size_t maxLine = 512;  // bytes, including CRLF, without the tags
    std::size_t maxTags = 4094; // bytes of the tags a client may send, without the @ and space
    std::size_t maxParams = 15; // RFC 2812: at most 15 parameters
};

struct Tag
{
    std::string key;
    std::string value; // unescaped; empty when the tag has no value

    friend bool operator==(const Tag&, const Tag&) = default;
};

struct Message
{
    std::vector<Tag> tags;
    std::string source;              // without the ':'
    std::string command;             // letters upper-cased; numerics as sent
    std::vector<std::string> params; // the trailing parameter is the last one
    // Format the last parameter as trailing (":...") even when it would not need it; IRC
    // servers do so for text (PRIVMSG, numerics' messages) and some clients rely on it.
    bool trailing = false;

    const std::string& param(std::size_t i) const;      // "" when absent
    const std::string* tag(std::string_view key) const; // nullptr when absent
    bool isNumeric() const;

    friend bool operator==(const Message&, const Message&) = default;
};

enum class ParseError
{
    None,
    Empty,          // nothing but spaces
    NulByte,        // a NUL byte in the line
    BadTags,        // "@" without tags, or an invalid key
    TagsTooLong,    // tags beyond Limits::maxTags
    MissingCommand, // a source and nothing else
    BadCommand,     // neither letters nor three digits
};
const char* parseErrorText(ParseError error);

struct ParseResult
{
    std::optional<Message> message;
    ParseError error = ParseError::None;
};

// Parses one line without its line end. Lines longer than the limits are not an error here:
// LineReader truncates them before they reach the parser.
ParseResult parse(std::string_view line, const Limits& limits = {});

// Formats a message and appends CRLF. CR, LF and NUL inside any field are replaced by spaces
// (peer text is data and must never end a line or start another). A middle parameter that is
// empty, contains a space or starts with ':' cannot be sent as such: it is made the trailing
// parameter only if it is the last; otherwise spaces become '_' and a leading ':' is dropped.
std::string format(const Message& message);
// As format(), but the line (without tags) is cut to fit `maxLine` bytes including CRLF, by
// shortening the last parameter at a UTF-8 character boundary. Returns the line.
std::string formatLimited(const Message& message, std::size_t maxLine = 512);

std::string escapeTagValue(std::string_view value);
std::string unescapeTagValue(std::string_view value);

// The longest prefix of `text` that is at most `maxBytes` bytes and does not cut a UTF-8
// sequence in two (bytes that are not valid UTF-8 count as single characters).
std::string_view utf8Prefix(std::string_view text, std::size_t maxBytes);

// Splits a byte stream into lines: CRLF or bare LF ends a line. A line longer than the limit is
// cut (and flagged) and reading goes on; a stream that runs past `maxUnterminated` bytes
// without any line end is an overflow, after which the reader takes nothing more.
//
//   +--------------------+--------------------------+
//   | consumed lines     | bytes of the next line(s) |
//   +--------------------+--------------------------+
//   0               m_begin                 m_buffer.size()
class LineReader
{
public:
    explicit LineReader(const Limits& limits = {}, std::size_t maxUnterminated = 4096);

    struct Line
    {
        std::string_view text;  // without the line end; valid until the next call
        bool truncated = false; // the line was longer than the limit and has been cut
    };

    // Appends received bytes. Returns false once the reader has overflowed.
    bool feed(std::string_view bytes);
    // The next complete line, if any.
    std::optional<Line> next();
    bool overflowed() const { return m_overflow; }
    // Bytes held that do not yet form a complete line.
    std::size_t pending() const { return m_buffer.size() - m_begin; }
    // Complete lines waiting to be taken (for flood accounting).
    std::size_t completeLines() const;

private:
    std::size_t maxLineBytes() const; // the limit for one line, tags included, without CRLF

    Limits m_limits;
    std::size_t m_maxUnterminated;
    std::string m_buffer;
    std::size_t m_begin = 0;
    bool m_overflow = false;
};

} // namespace netcore::irc
