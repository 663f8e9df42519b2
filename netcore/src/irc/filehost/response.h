// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What FILEHOST says back, and the header values it reads: responses (always `Connection:
// close`, one request a connection), the types it serves (an allowlist: anything else goes out
// as application/octet-stream, so nothing an uploader sends runs in a browser on the host's
// origin), Content-Disposition both ways (RFC 6266, with RFC 8187's filename*), media types,
// HTTP Basic credentials and percent-encoding. Pure functions.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace netcore::irc::filehost {

struct Response
{
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;                           // a short text; files are streamed
    std::optional<std::uint64_t> contentLength; // when the body is streamed after
};

const char* statusText(int status);
// The status line and headers (and the body unless `headOnly`), with Date, Server,
// Content-Length, Connection: close and X-Content-Type-Options: nosniff added.
std::string formatResponse(const Response& response, bool headOnly = false);
// A short text/plain answer: the status and a sentence saying why.
Response textResponse(int status, const std::string& text);

// The type a stored file is served as: its own if on the allowlist, else
// application/octet-stream. text/plain gets "; charset=utf-8".
std::string servedType(const std::string& storedType);
// Images on the allowlist are shown inline; everything else is an attachment.
bool servedInline(const std::string& storedType);

// `disposition` ("inline", "attachment") with the file name: filename="ASCII fallback" and,
// when the name is not plain ASCII, filename*=UTF-8''percent-encoded.
std::string contentDisposition(std::string_view disposition, std::string_view fileName);
// The file name a Content-Disposition value carries (filename* preferred), nullopt if none;
// false if the value cannot be parsed.
bool parseContentDisposition(std::string_view value, std::optional<std::string>* fileName);

// "type/subtype" in lower case and its charset parameter (lower case, "" none); false if the
// value is not a media type.
bool parseMediaType(std::string_view value, std::string* type, std::string* charset);

// The user name and password of an "Authorization: Basic ..." value; nullopt if the value is
// not Basic or not well-formed.
struct BasicCredentials
{
    std::string user;
    std::string password;
};
std::optional<BasicCredentials> parseBasic(std::string_view authorization);
// The scheme of an Authorization value ("basic", "bearer"), lower case.
std::string authScheme(std::string_view authorization);

// Percent-encodes everything but RFC 3986's unreserved characters.
std::string percentEncode(std::string_view text);
// Decodes %XX; nullopt for a broken escape.
std::optional<std::string> percentDecode(std::string_view text);

// Compares in time independent of where the first difference is.
bool sameSecret(std::string_view a, std::string_view b);

} // namespace netcore::irc::filehost
