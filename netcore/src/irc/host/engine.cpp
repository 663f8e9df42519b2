// SPDX-License-Identifier: GPL-3.0-or-later
// IrcHost, the public face of the host engine: it owns the Engine and hands each call to its
// part.

#include "irc/host/engine.h"

#include "netcore/interfaces.h"

#include <algorithm>

namespace netcore::irc {

struct IrcHost::Impl final : hostimpl::Engine
{
    using Engine::Engine;
};

IrcHost::IrcHost(EventLoop& loop, HostConfig config, Events events)
    : m_impl(std::make_unique<Impl>(loop, std::move(config), std::move(events)))
{}

IrcHost::~IrcHost()
{
    if (!m_impl)
        return;
    m_impl->loop.assertInLoopThread("destroying an IrcHost");
    m_impl->admission.abortAll();
}

NetError IrcHost::start(const ListenOptions& listen)
{
    m_impl->loop.assertInLoopThread("IrcHost::start");
    return m_impl->admission.start(listen, std::nullopt);
}

NetError IrcHost::start(const std::optional<ListenOptions>& plain,
                        const std::optional<TlsListen>& tls)
{
    m_impl->loop.assertInLoopThread("IrcHost::start");
    return m_impl->admission.start(plain, tls);
}

SocketAddress IrcHost::tlsAddress() const
{
    return m_impl->admission.tlsAddress();
}

std::string IrcHost::tlsFingerprint() const
{
    return m_impl->admission.tlsFingerprint();
}

void IrcHost::stop(const std::string& reason)
{
    m_impl->loop.assertInLoopThread("IrcHost::stop");
    m_impl->admission.stop(reason);
}

SocketAddress IrcHost::localAddress() const
{
    return m_impl->admission.localAddress();
}

std::size_t IrcHost::clientCount() const
{
    return m_impl->world.clients.size();
}

std::size_t IrcHost::roomCount() const
{
    return m_impl->world.rooms.size();
}

bool IrcHost::isRunning() const
{
    return m_impl->admission.isRunning();
}

bool IrcHost::hasRegisteredClientFrom(const SocketAddress& address) const
{
    const std::string ip = address.ip();
    const auto registered = [this](const auto& matches) {
        for (const auto& [id, client] : m_impl->world.clients) {
            if (client->registered && !client->leaving && matches(client->host))
                return true;
        }
        return false;
    };
    // The usual case, a person on the LAN: the same address. Only otherwise are this machine's
    // interfaces listed (an upload is rare; the list is read afresh, as interfaces come and go).
    if (registered([&ip](const std::string& host) { return host == ip; }))
        return true;
    // This machine's addresses (loopback and every interface's) count as one.
    std::vector<std::string> own{"127.0.0.1", "::1"};
    NetError ignored;
    for (const auto& nic : listIPv4Interfaces(&ignored))
        own.push_back(nic.address);
    const auto isOwn = [&own](const std::string& host) {
        return host.rfind("127.", 0) == 0 || std::find(own.begin(), own.end(), host) != own.end();
    };
    return isOwn(ip) && registered(isOwn);
}

} // namespace netcore::irc

namespace netcore::irc::hostimpl {

Engine::Engine(EventLoop& l, HostConfig c, IrcHost::Events e)
    : loop(l)
    , config(std::move(c))
    , events(std::move(e))
    , world(config.defaultRoom)
    , history(
          config.historyFile, config.historyLines, config.historyAge,
          [this](const std::string& line) { log(line); },
          [this](std::function<void()> task) { loop.deferToEndOfTurn(guarded(std::move(task))); })
{
    limits.maxLine = config.maxLine;
    // A room that ends while the host runs (its last member left) takes its history along;
    // rooms that go because the host stops keep theirs for the next start.
    world.roomEnded = [this](const std::string& folded) {
        if (admission.isRunning() && !admission.isStopping())
            history.clear(History::roomKey(folded));
    };
}

} // namespace netcore::irc::hostimpl
