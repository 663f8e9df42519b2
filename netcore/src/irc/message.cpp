// SPDX-License-Identifier: GPL-3.0-or-later
#include "netcore/irc/message.h"

#include <algorithm>

namespace netcore::irc {

namespace {

bool isLetter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

char upper(char c)
{
    return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
}

// key = [ "+" ] [ vendor "/" ] 1*( letter / digit / "-" ); the vendor is a host name.
bool validTagKey(std::string_view key)
{
    if (!key.empty() && key.front() == '+')
        key.remove_prefix(1);
    const auto slash = key.rfind('/');
    if (slash != std::string_view::npos) {
        const std::string_view vendor = key.substr(0, slash);
        if (vendor.empty())
            return false;
        for (const char c : vendor) {
            if (!isLetter(c) && !isDigit(c) && c != '-' && c != '.')
                return false;
        }
        key.remove_prefix(slash + 1);
    }
    if (key.empty())
        return false;
    return std::all_of(key.begin(), key.end(),
                       [](char c) { return isLetter(c) || isDigit(c) || c == '-'; });
}

std::string_view nextWord(std::string_view& rest)
{
    const auto space = rest.find(' ');
    std::string_view word = rest.substr(0, space);
    rest = space == std::string_view::npos ? std::string_view() : rest.substr(space);
    return word;
}

void skipSpaces(std::string_view& rest)
{
    const auto first = rest.find_first_not_of(' ');
    rest = first == std::string_view::npos ? std::string_view() : rest.substr(first);
}

// Peer text is data: nothing in a field may end the line or start another. The formatters
// append to one string (a line is formatted for every message a host relays: no temporaries).
void appendClean(std::string& out, std::string_view field)
{
    const std::size_t start = out.size();
    out.append(field);
    for (std::size_t i = start; i < out.size(); ++i) {
        char& c = out[i];
        if (c == '\r' || c == '\n' || c == '\0')
            c = ' ';
    }
}

// A middle parameter that cannot be sent as one: make it one (no leading ':', no spaces, not
// empty).
void appendCleanMiddle(std::string& out, std::string_view field)
{
    const std::size_t first = field.find_first_not_of(':');
    if (first == std::string_view::npos) {
        out += '*';
        return;
    }
    const std::size_t start = out.size();
    out.append(field.substr(first));
    for (std::size_t i = start; i < out.size(); ++i) {
        char& c = out[i];
        if (c == '\r' || c == '\n' || c == '\0' || c == ' ')
            c = '_';
    }
}

void appendEscapedTagValue(std::string& out, std::string_view value)
{
    static constexpr std::string_view special{"; \\\r\n\0", 6};
    while (!value.empty()) {
        const std::size_t at = value.find_first_of(special);
        out.append(value.substr(0, at)); // most values have nothing to escape
        if (at == std::string_view::npos)
            return;
        switch (value[at]) {
        case ';':
            out += "\\:";
            break;
        case ' ':
            out += "\\s";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\n':
            out += "\\n";
            break;
        default:
            break; // NUL: never sent
        }
        value.remove_prefix(at + 1);
    }
}

bool needsTrailing(std::string_view param)
{
    return param.empty() || param.front() == ':' || param.find(' ') != std::string_view::npos;
}

// Everything but the tags, with CRLF.
void appendBody(std::string& out, const Message& m)
{
    if (!m.source.empty()) {
        out += ':';
        appendCleanMiddle(out, m.source);
        out += ' ';
    }
    if (m.command.empty())
        out += '*';
    else
        appendCleanMiddle(out, m.command);
    for (std::size_t i = 0; i < m.params.size(); ++i) {
        const bool last = i + 1 == m.params.size();
        out += ' ';
        if (last && (m.trailing || needsTrailing(m.params[i]))) {
            out += ':';
            appendClean(out, m.params[i]);
        } else {
            appendCleanMiddle(out, m.params[i]);
        }
    }
    out += "\r\n";
}

std::string formatBody(const Message& m)
{
    std::string out;
    std::size_t size = m.source.size() + m.command.size() + 8;
    for (const std::string& param : m.params)
        size += param.size() + 2;
    out.reserve(size);
    appendBody(out, m);
    return out;
}

void appendTags(std::string& out, const Message& m)
{
    if (m.tags.empty())
        return;
    out += '@';
    for (std::size_t i = 0; i < m.tags.size(); ++i) {
        if (i)
            out += ';';
        appendCleanMiddle(out, m.tags[i].key);
        if (!m.tags[i].value.empty()) {
            out += '=';
            appendEscapedTagValue(out, m.tags[i].value);
        }
    }
    out += ' ';
}

std::size_t tagsSize(const Message& m)
{
    std::size_t size = 2;
    for (const Tag& tag : m.tags)
        size += tag.key.size() + tag.value.size() + 2;
    return size;
}

} // namespace

const std::string& Message::param(std::size_t i) const
{
    static const std::string empty;
    return i < params.size() ? params[i] : empty;
}

const std::string* Message::tag(std::string_view key) const
{
    for (const Tag& t : tags) {
        if (t.key == key)
            return &t.value;
    }
    return nullptr;
}

bool Message::isNumeric() const
{
    return command.size() == 3 && std::all_of(command.begin(), command.end(), isDigit);
}

const char* parseErrorText(ParseError error)
{
    switch (error) {
    case ParseError::None:
        return "no error";
    case ParseError::Empty:
        return "empty line";
    case ParseError::NulByte:
        return "NUL byte in the line";
    case ParseError::BadTags:
        return "malformed message tags";
    case ParseError::TagsTooLong:
        return "message tags too long";
    case ParseError::MissingCommand:
        return "no command";
    case ParseError::BadCommand:
        return "the command is neither letters nor a three-digit numeric";
    }
    return "?";
}

ParseResult parse(std::string_view line, const Limits& limits)
{
    ParseResult result;
    if (line.find('\0') != std::string_view::npos) {
        result.error = ParseError::NulByte;
        return result;
    }
    // A stray CR (from "\r\r\n", say) is not part of the message.
    while (!line.empty() && line.back() == '\r')
        line.remove_suffix(1);
    std::string_view rest = line;
    skipSpaces(rest);
    if (rest.empty()) {
        result.error = ParseError::Empty;
        return result;
    }

    Message m;
    if (rest.front() == '@') {
        rest.remove_prefix(1);
        const std::string_view tags = nextWord(rest);
        if (tags.empty()) {
            result.error = ParseError::BadTags;
            return result;
        }
        if (tags.size() > limits.maxTags) {
            result.error = ParseError::TagsTooLong;
            return result;
        }
        std::string_view list = tags;
        while (!list.empty()) {
            const auto semicolon = list.find(';');
            const std::string_view item = list.substr(0, semicolon);
            list = semicolon == std::string_view::npos ? std::string_view()
                                                       : list.substr(semicolon + 1);
            if (item.empty())
                continue; // "a;;b" and a trailing ";" are tolerated
            const auto equals = item.find('=');
            Tag tag;
            tag.key = std::string(item.substr(0, equals));
            if (!validTagKey(tag.key)) {
                result.error = ParseError::BadTags;
                return result;
            }
            if (equals != std::string_view::npos)
                tag.value = unescapeTagValue(item.substr(equals + 1));
            // A key given twice: the last value wins (IRCv3).
            const auto same = std::find_if(m.tags.begin(), m.tags.end(),
                                           [&](const Tag& t) { return t.key == tag.key; });
            if (same != m.tags.end())
                same->value = std::move(tag.value);
            else
                m.tags.push_back(std::move(tag));
        }
        skipSpaces(rest);
    }
    if (!rest.empty() && rest.front() == ':') {
        rest.remove_prefix(1);
        m.source = std::string(nextWord(rest));
        skipSpaces(rest);
    }
    if (rest.empty()) {
        result.error = ParseError::MissingCommand;
        return result;
    }
    const std::string_view command = nextWord(rest);
    const bool letters = std::all_of(command.begin(), command.end(), isLetter);
    const bool numeric =
        command.size() == 3 && std::all_of(command.begin(), command.end(), isDigit);
    if (!letters && !numeric) {
        result.error = ParseError::BadCommand;
        return result;
    }
    m.command.reserve(command.size());
    for (const char c : command)
        m.command += upper(c);

    for (;;) {
        skipSpaces(rest);
        if (rest.empty())
            break;
        if (rest.front() == ':') {
            m.params.emplace_back(rest.substr(1));
            m.trailing = true;
            break;
        }
        if (m.params.size() + 1 >= limits.maxParams) {
            // The last allowed parameter takes the rest of the line (RFC 2812).
            m.params.emplace_back(rest);
            break;
        }
        m.params.emplace_back(nextWord(rest));
    }
    result.message = std::move(m);
    return result;
}

std::string format(const Message& message)
{
    std::string out;
    std::size_t size = tagsSize(message) + message.source.size() + message.command.size() + 8;
    for (const std::string& param : message.params)
        size += param.size() + 2;
    out.reserve(size);
    appendTags(out, message);
    appendBody(out, message);
    return out;
}

std::string formatLimited(const Message& message, std::size_t maxLine)
{
    std::string body = formatBody(message);
    if (body.size() > maxLine && !message.params.empty()) {
        Message shorter = message;
        const std::size_t excess = body.size() - maxLine;
        std::string& last = shorter.params.back();
        const std::size_t keep = last.size() > excess ? last.size() - excess : 0;
        last = std::string(utf8Prefix(last, keep));
        shorter.trailing = true; // a cut parameter may have lost what made it a middle one
        body = formatBody(shorter);
    }
    if (body.size() > maxLine) {
        // Still too long (a huge source or command): cut hard, keeping the line end.
        body.resize(maxLine >= 2 ? maxLine - 2 : 0);
        body += "\r\n";
    }
    if (message.tags.empty())
        return body;
    std::string out;
    out.reserve(tagsSize(message) + body.size());
    appendTags(out, message);
    out += body;
    return out;
}

std::string escapeTagValue(std::string_view value)
{
    std::string out;
    out.reserve(value.size());
    appendEscapedTagValue(out, value);
    return out;
}

std::string unescapeTagValue(std::string_view value)
{
    std::string out;
    out.reserve(value.size());
    for (std::size_t i = 0; i < value.size(); ++i) {
        const char c = value[i];
        if (c == '\r' || c == '\n')
            continue; // a raw line end is never part of a value (and its escape would be longer)
        if (c != '\\') {
            out += c;
            continue;
        }
        if (i + 1 == value.size())
            break; // a lone trailing backslash is dropped
        const char n = value[++i];
        switch (n) {
        case ':':
            out += ';';
            break;
        case 's':
            out += ' ';
            break;
        case 'r':
            out += '\r';
            break;
        case 'n':
            out += '\n';
            break;
        default:
            out += n; // "\\" and any other escaped character stand for themselves
        }
    }
    return out;
}

std::string_view utf8Prefix(std::string_view text, std::size_t maxBytes)
{
    if (text.size() <= maxBytes)
        return text;
    auto isContinuation = [](unsigned char c) { return (c & 0xC0) == 0x80; };
    // Find where the character holding byte `maxBytes` starts (at most 3 bytes back).
    std::size_t start = maxBytes;
    for (int back = 0; start > 0 && back < 3 && isContinuation(text[start]); ++back)
        --start;
    const auto lead = static_cast<unsigned char>(text[start]);
    if (isContinuation(lead))
        return text.substr(0, maxBytes); // not UTF-8 here: cut where asked
    const std::size_t length = lead < 0x80           ? 1
                               : (lead >> 5) == 0x06 ? 2
                               : (lead >> 4) == 0x0E ? 3
                               : (lead >> 3) == 0x1E ? 4
                                                     : 1;
    // A character that crosses the cut goes whole; stray continuation bytes do not matter.
    return text.substr(0, start + length > maxBytes ? start : maxBytes);
}

LineReader::LineReader(const Limits& limits, std::size_t maxUnterminated)
    : m_limits(limits)
    , m_maxUnterminated(maxUnterminated)
{}

std::size_t LineReader::maxLineBytes() const
{
    return m_limits.maxLine >= 2 ? m_limits.maxLine - 2 : 0;
}

bool LineReader::feed(std::string_view bytes)
{
    if (m_overflow)
        return false;
    if (m_begin > 0 && (m_begin >= 4096 || m_begin * 2 >= m_buffer.size())) {
        m_buffer.erase(0, m_begin);
        m_begin = 0;
    }
    m_buffer.append(bytes.data(), bytes.size());
    // Overflow: the bytes after the last line end are more than the bound. (Searching from the
    // end stops at the first line end, so this looks at no more than the bound plus the input.)
    const auto lastNewline = m_buffer.rfind('\n');
    const std::size_t tailStart =
        lastNewline == std::string::npos || lastNewline < m_begin ? m_begin : lastNewline + 1;
    if (m_buffer.size() - tailStart > m_maxUnterminated) {
        m_overflow = true;
        return false;
    }
    return true;
}

std::optional<LineReader::Line> LineReader::next()
{
    const auto newline = m_buffer.find('\n', m_begin);
    if (newline == std::string::npos)
        return std::nullopt;
    std::string_view text(m_buffer.data() + m_begin, newline - m_begin);
    m_begin = newline + 1;
    if (!text.empty() && text.back() == '\r')
        text.remove_suffix(1);
    Line line;
    // The limit counts the message without its tags; the tags have their own.
    std::size_t tagBytes = 0;
    if (!text.empty() && text.front() == '@') {
        const auto space = text.find(' ');
        // The @, the tags and the space after them.
        tagBytes = std::min(space == std::string_view::npos ? text.size() : space + 1,
                            m_limits.maxTags + 2);
    }
    const std::size_t limit = tagBytes + maxLineBytes();
    if (text.size() > limit) {
        text = text.substr(0, limit);
        line.truncated = true;
    }
    line.text = text;
    return line;
}

std::size_t LineReader::completeLines() const
{
    return static_cast<std::size_t>(
        std::count(m_buffer.begin() + static_cast<std::ptrdiff_t>(m_begin), m_buffer.end(), '\n'));
}

} // namespace netcore::irc
