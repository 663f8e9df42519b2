// SPDX-License-Identifier: GPL-3.0-or-later
#include "netcore/trace_format.h"

#include "platform/hex.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>

namespace netcore {

namespace {

const char* protocolText(Protocol p)
{
    switch (p) {
    case Protocol::Tcp:
        return "TCP";
    case Protocol::Udp:
        return "UDP";
    case Protocol::None:
        break;
    }
    return "";
}

// The calls that move bytes (the TLS layer's plaintext too).
bool isDataCall(Call call)
{
    return call == Call::Send || call == Call::Recv || call == Call::Sendto ||
           call == Call::Recvfrom || call == Call::TlsEncrypt || call == Call::TlsDecrypt;
}

// The WinSock name of a POSIX error name: EAGAIN and a connect's EINPROGRESS are both
// WSAEWOULDBLOCK there; the others are the same name with "WSA" in front.
std::string winsockErrorName(const std::string& posixName, Call call)
{
    if (posixName == "EAGAIN")
        return "WSAEWOULDBLOCK";
    if (posixName == "EINPROGRESS" && call == Call::Connect)
        return "WSAEWOULDBLOCK";
    if (posixName.rfind("EAI_", 0) == 0 || posixName.empty())
        return {};
    return "WSA" + posixName;
}

} // namespace

std::string escapeBytes(std::string_view bytes)
{
    std::string out;
    out.reserve(bytes.size());
    for (const unsigned char c : bytes) {
        switch (c) {
        case '\r':
            out += "\\r";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '"':
            out += "\\\"";
            break;
        default:
            if (c < 0x20 || c >= 0x7f) {
                char hex[5];
                std::snprintf(hex, sizeof hex, "\\x%02x", c);
                out += hex;
            } else {
                out += static_cast<char>(c);
            }
        }
    }
    return out;
}

std::string formatTraceEvent(const TraceEvent& e, const TraceFormatOptions& options)
{
    char head[64];
    std::snprintf(head, sizeof head, "%10.3f ms  T%-2llu ", static_cast<double>(e.timeNs) / 1e6,
                  static_cast<unsigned long long>(e.thread));
    std::string line = head;
    char socket[24];
    if (e.socket)
        std::snprintf(socket, sizeof socket, "#%-4llu", static_cast<unsigned long long>(e.socket));
    else
        std::snprintf(socket, sizeof socket, "%-5s", "-");
    line += socket;
    char proto[8];
    std::snprintf(proto, sizeof proto, " %-4s ", protocolText(e.protocol));
    line += proto;

    line += callName(e.call, e.os);
    line += '(';
    line += e.args;
    line += ')';
    if (e.call != Call::AsyncMessage && e.call != Call::TlsHandshake) {
        line += " = ";
        line += std::to_string(e.result);
    }
    if (e.error) {
        line += "  ";
        line += e.errorName.empty() ? std::string("error") : e.errorName;
        line += " (" + std::to_string(e.error) + ")";
    }
    if (isDataCall(e.call) && e.bytes > 0) {
        line += "  " + std::to_string(e.bytes) + (e.bytes == 1 ? " byte" : " bytes");
        if (options.showData && !e.data.empty()) {
            const std::size_t shown = std::min(e.data.size(), options.maxDataShown);
            line += " \"" + escapeBytes(std::string_view(e.data).substr(0, shown)) + '"';
            if (e.bytes > shown)
                line += "...";
        }
    }
    if (options.showWinsockCounterpart && e.os == TraceOs::Posix) {
        std::string counterpart;
        if (const auto call = winsockCounterpart(e.call); !call.empty())
            counterpart = std::string(call) + "()";
        if (e.error && !isTlsCall(e.call)) {
            const std::string name = winsockErrorName(e.errorName, e.call);
            if (!name.empty()) {
                if (!counterpart.empty())
                    counterpart += ", ";
                counterpart += name;
            }
        }
        if (!counterpart.empty())
            line += (isTlsCall(e.call) ? "  [Schannel: " : "  [WinSock: ") + counterpart + "]";
    }
    return line;
}

std::string traceEventToJson(const TraceEvent& e)
{
    nlohmann::json j;
    j["seq"] = e.seq;
    j["t_ns"] = e.timeNs;
    j["thread"] = e.thread;
    j["socket"] = e.socket;
    j["proto"] = e.protocol == Protocol::Tcp ? "tcp" : e.protocol == Protocol::Udp ? "udp" : "";
    j["call"] = std::string(callName(e.call, e.os));
    j["os"] = e.os == TraceOs::Windows ? "windows" : "posix";
    j["args"] = e.args;
    j["result"] = e.result;
    if (e.error) {
        j["error"] = e.error;
        j["error_name"] = e.errorName;
    }
    if (e.bytes) {
        j["bytes"] = e.bytes;
        j["data_hex"] = hexEncode(e.data);
        if (e.dataCut || e.bytes > e.data.size())
            j["data_cut"] = true;
    }
    static constexpr const char* kSetNames[3] = {"read", "write", "except"};
    if (e.call == Call::Select || e.call == Call::Epoll) {
        for (int i = 0; i < 3; ++i) {
            j["sets_in"][kSetNames[i]] = e.setsIn[i];
            j["sets_out"][kSetNames[i]] = e.setsOut[i];
        }
    }
    if (e.asyncEvents)
        j["fd_events"] = e.asyncEvents;
    if (e.role != SocketRole::Unknown)
        j["role"] = std::string(socketRoleName(e.role));
    if (!e.localAddress.empty())
        j["local"] = e.localAddress;
    if (!e.peerAddress.empty())
        j["peer"] = e.peerAddress;
    if (e.acceptedSocket)
        j["accepted"] = e.acceptedSocket;
    if (e.soError) {
        j["so_error"] = e.soError->code;
        if (!e.soError->name.empty())
            j["so_error_name"] = e.soError->name;
    }
    if (e.tls) {
        nlohmann::json& t = j["tls"];
        if (!e.tls->step.empty())
            t["step"] = e.tls->step;
        t["sent"] = e.tls->sent;
        if (!e.tls->version.empty())
            t["version"] = e.tls->version;
        if (!e.tls->cipher.empty())
            t["cipher"] = e.tls->cipher;
        if (!e.tls->fingerprint.empty())
            t["fingerprint"] = e.tls->fingerprint;
    }
    // Invalid UTF-8 in args (an odd host name) must not make the dump throw.
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::optional<TraceEvent> traceEventFromJson(std::string_view line, std::string* error)
{
    const nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    auto failed = [&](const std::string& why) -> std::optional<TraceEvent> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    if (j.is_discarded() || !j.is_object())
        return failed("not a JSON object");
    TraceEvent e;
    try {
        e.seq = j.at("seq").get<std::uint64_t>();
        e.timeNs = j.at("t_ns").get<std::int64_t>();
        e.thread = j.value("thread", std::uint64_t{0});
        e.socket = j.value("socket", SocketId{0});
        const std::string proto = j.value("proto", std::string());
        e.protocol = proto == "tcp"   ? Protocol::Tcp
                     : proto == "udp" ? Protocol::Udp
                                      : Protocol::None;
        if (!callFromName(j.at("call").get<std::string>(), &e.call))
            return failed("unknown call \"" + j.at("call").get<std::string>() + '"');
        e.os = j.value("os", std::string("posix")) == "windows" ? TraceOs::Windows : TraceOs::Posix;
        e.args = j.value("args", std::string());
        e.result = j.value("result", 0LL);
        e.error = j.value("error", 0);
        e.errorName = j.value("error_name", std::string());
        e.bytes = j.value("bytes", std::uint64_t{0});
        if (j.contains("data_hex") && !hexDecode(j["data_hex"].get<std::string>(), &e.data))
            return failed("data_hex is not hexadecimal");
        // Files from before the key: the cut is what was moved but not captured.
        e.dataCut = j.value("data_cut", false) || e.bytes > e.data.size();
        static constexpr const char* kSetNames[3] = {"read", "write", "except"};
        for (int i = 0; i < 3; ++i) {
            if (j.contains("sets_in"))
                e.setsIn[i] = j["sets_in"].value(kSetNames[i], std::vector<SocketId>{});
            if (j.contains("sets_out"))
                e.setsOut[i] = j["sets_out"].value(kSetNames[i], std::vector<SocketId>{});
        }
        e.asyncEvents = j.value("fd_events", 0u);
        if (j.contains("role") && !socketRoleFromName(j["role"].get<std::string>(), &e.role))
            return failed("unknown role \"" + j["role"].get<std::string>() + '"');
        e.localAddress = j.value("local", std::string());
        e.peerAddress = j.value("peer", std::string());
        e.acceptedSocket = j.value("accepted", SocketId{0});
        if (j.contains("so_error"))
            e.soError =
                PendingError{j["so_error"].get<int>(), j.value("so_error_name", std::string())};
        if (j.contains("tls")) {
            const nlohmann::json& t = j["tls"];
            if (!t.is_object())
                return failed("tls is not an object");
            e.tls =
                TlsTraceStep{t.value("step", std::string()), t.value("sent", false),
                             t.value("version", std::string()), t.value("cipher", std::string()),
                             t.value("fingerprint", std::string())};
        }
    } catch (const nlohmann::json::exception& ex) {
        return failed(ex.what());
    }
    return e;
}

} // namespace netcore
