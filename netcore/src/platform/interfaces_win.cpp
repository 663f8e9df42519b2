// SPDX-License-Identifier: GPL-3.0-or-later
// The IPv4 interface list on Windows: GetAdaptersAddresses() (IP Helper).

#include "netcore/interfaces.h"

#include "platform/platform.h"

#include <iphlpapi.h>

#include <vector>

namespace netcore {

namespace {

std::string utf8(const wchar_t* text)
{
    if (!text)
        return {};
    const int size = WideCharToMultiByte(CP_UTF8, 0, text, -1, nullptr, 0, nullptr, nullptr);
    if (size <= 1)
        return {};
    std::string out(static_cast<std::size_t>(size - 1), '\0');
    WideCharToMultiByte(CP_UTF8, 0, text, -1, out.data(), size, nullptr, nullptr);
    return out;
}

std::string maskText(unsigned prefixLength)
{
    const unsigned long bits =
        prefixLength == 0 ? 0UL : (0xFFFFFFFFUL << (32 - (prefixLength > 32 ? 32 : prefixLength)));
    in_addr m{};
    m.s_addr = htonl(static_cast<u_long>(bits & 0xFFFFFFFFUL));
    char text[INET_ADDRSTRLEN] = "";
    inet_ntop(AF_INET, &m, text, sizeof text);
    return text;
}

} // namespace

std::vector<NetworkInterface> listIPv4Interfaces(NetError* error)
{
    std::vector<NetworkInterface> list;
    // The documented way: start with 15 KB and grow while the call says it needs more.
    ULONG size = 15 * 1024;
    std::vector<unsigned char> buffer;
    ULONG result = ERROR_BUFFER_OVERFLOW;
    for (int attempt = 0; attempt < 3 && result == ERROR_BUFFER_OVERFLOW; ++attempt) {
        buffer.resize(size);
        result = GetAdaptersAddresses(
            AF_INET, GAA_FLAG_SKIP_ANYCAST | GAA_FLAG_SKIP_MULTICAST | GAA_FLAG_SKIP_DNS_SERVER,
            nullptr, reinterpret_cast<IP_ADAPTER_ADDRESSES*>(buffer.data()), &size);
    }
    if (result != NO_ERROR) {
        if (error)
            *error = {makeSocketError(static_cast<int>(result)), "GetAdaptersAddresses", {}};
        return list;
    }
    for (auto* a = reinterpret_cast<IP_ADAPTER_ADDRESSES*>(buffer.data()); a; a = a->Next) {
        for (auto* u = a->FirstUnicastAddress; u; u = u->Next) {
            const sockaddr* address = u->Address.lpSockaddr;
            if (!address || address->sa_family != AF_INET)
                continue;
            NetworkInterface n;
            n.name = utf8(a->FriendlyName);
            char text[INET_ADDRSTRLEN] = "";
            inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(address)->sin_addr, text,
                      sizeof text);
            n.address = text;
            n.netmask = maskText(u->OnLinkPrefixLength);
            n.up = a->OperStatus == IfOperStatusUp;
            n.loopback = a->IfType == IF_TYPE_SOFTWARE_LOOPBACK;
            // Windows has no broadcast flag: every IPv4 interface but loopback can broadcast.
            n.canBroadcast = !n.loopback;
            if (n.canBroadcast)
                n.broadcast = directedBroadcast(n.address, n.netmask);
            list.push_back(std::move(n));
        }
    }
    return list;
}

} // namespace netcore
