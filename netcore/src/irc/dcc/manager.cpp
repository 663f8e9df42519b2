// SPDX-License-Identifier: GPL-3.0-or-later
// DccManager: the user's operations (offer a file, take, decline, cancel) and the transfers'
// events.

#include "irc/dcc/manager_impl.h"

#include "platform/file.h"

#include <random>

namespace netcore::irc::dcc {

const char* transferStateName(TransferState state)
{
    switch (state) {
    case TransferState::Offered:
        return "offered";
    case TransferState::Waiting:
        return "waiting";
    case TransferState::Connecting:
        return "connecting";
    case TransferState::Transferring:
        return "transferring";
    case TransferState::Done:
        return "done";
    case TransferState::Failed:
        return "failed";
    }
    return "?";
}

std::optional<std::chrono::seconds> TransferInfo::timeLeft() const
{
    if (!size || bytesPerSecond <= 0 || position > *size)
        return std::nullopt;
    return std::chrono::seconds(
        static_cast<std::int64_t>(static_cast<double>(*size - position) / bytesPerSecond + 0.5));
}

// --- DccManager::Impl --------------------------------------------------------------------------

DccManager::Impl::Entry& DccManager::Impl::add(TransferInfo info)
{
    info.id = nextId++;
    const TransferId id = info.id;
    Entry& entry = entries[id];
    entry.transfer = std::make_shared<Transfer>(
        loop, options, std::move(info),
        [this](Transfer& transfer, TransferEvent::Kind kind) { emit(kind, transfer.info()); });
    return entry;
}

DccManager::Impl::Entry* DccManager::Impl::find(TransferId id)
{
    const auto it = entries.find(id);
    return it == entries.end() ? nullptr : &it->second;
}

void DccManager::Impl::emit(TransferEvent::Kind kind, const TransferInfo& info, std::string text)
{
    if (!handler)
        return;
    TransferEvent event;
    event.kind = kind;
    event.info = info;
    event.text = std::move(text);
    handler(event);
}

void DccManager::Impl::problem(const std::string& nick, std::string text)
{
    TransferInfo info;
    info.nick = nick;
    emit(TransferEvent::Kind::Problem, info, std::move(text));
}

std::string DccManager::Impl::ourAddress() const
{
    if (!options.listenHost.empty())
        return options.listenHost;
    return client.localAddress().ip();
}

bool DccManager::Impl::start(Entry& entry, const std::filesystem::path& partPath,
                             const std::filesystem::path& finalPath, bool replace, NetError* error)
{
    entry.partPath = partPath;
    entry.finalPath = finalPath;
    entry.replace = replace;
    const TransferInfo& info = entry.transfer->info();
    // NAME.part from an earlier try, shorter than the file: ask to go on from its end.
    std::error_code ec;
    const std::uintmax_t have = std::filesystem::is_regular_file(partPath, ec)
                                    ? std::filesystem::file_size(partPath, ec)
                                    : 0;
    if (!ec && have > 0 && info.size && have < *info.size) {
        entry.resumeAsked = true;
        entry.resumeAt = have;
        Offer resume;
        resume.kind = Kind::Resume;
        resume.fileName = entry.offer.fileName;
        resume.port = entry.offer.port;
        resume.position = have;
        resume.token = entry.offer.token;
        client.sendCtcp(info.nick, format(resume));
        entry.transfer->wait(options.offerTimeout);
        return true;
    }
    return begin(entry, 0, error);
}

bool DccManager::Impl::begin(Entry& entry, std::uint64_t position, NetError* error)
{
    const std::shared_ptr<Transfer> transfer = entry.transfer;
    NetError failure =
        transfer->openTarget(entry.partPath, position, entry.finalPath, entry.replace);
    if (!failure && entry.offer.isPassive()) {
        // Passive: we listen, and tell the sender where.
        const std::string address = ourAddress();
        const std::uint16_t port = transfer->listen(address, &failure);
        if (port != 0) {
            Offer reply = entry.offer;
            reply.address = canonicalAddress(address);
            reply.port = port;
            client.sendCtcp(transfer->info().nick, format(reply));
            transfer->wait(options.offerTimeout);
            return true;
        }
    }
    if (failure) {
        if (error)
            *error = failure;
        transfer->fail(std::move(failure));
        return false;
    }
    transfer->connectTo(entry.offer.address, entry.offer.port);
    return true;
}

// --- DccManager --------------------------------------------------------------------------------

DccManager::DccManager(EventLoop& loop, IrcClient& client, DccOptions options, Handler handler)
    : m_impl(std::make_unique<Impl>(loop, client, std::move(options), std::move(handler)))
{}

DccManager::~DccManager()
{
    // The transfers end without telling anyone: their owner is going.
    m_impl->handler = nullptr;
    m_impl->entries.clear();
}

TransferId DccManager::sendFile(const std::string& nick, const std::string& path, bool passive,
                                NetError* error)
{
    Impl& d = *m_impl;
    NetError ignored;
    NetError& err = error ? *error : ignored;
    if (d.client.state() != ClientState::Registered) {
        err = {make_error_code(Errc::socketClosed), "DCC SEND to", nick, "not connected to a host"};
        return 0;
    }
    const std::string address = d.ourAddress();
    if (canonicalAddress(address).empty()) {
        err = {make_error_code(Errc::invalidAddress), "DCC SEND to", nick,
               "no address of ours to offer"};
        return 0;
    }
    TransferInfo info;
    info.direction = Direction::Send;
    info.state = TransferState::Waiting;
    info.nick = nick;
    info.path = path;
    info.passive = passive;
    info.offeredName = safeFileName(platform::utf8Text(platform::utf8Path(path).filename()));
    Impl::Entry& entry = d.add(std::move(info));
    const TransferId id = entry.transfer->info().id;
    const std::shared_ptr<Transfer> transfer = entry.transfer;
    Offer offer;
    offer.kind = Kind::Send;
    offer.fileName = transfer->info().offeredName;
    offer.address = canonicalAddress(address);
    err = transfer->openSource();
    offer.size = transfer->info().size;
    if (!err && passive) {
        std::random_device random;
        // 1 to INT_MAX: irssi and HexChat read the token with atoi() into an int.
        offer.token =
            std::to_string(std::uniform_int_distribution<std::uint32_t>(1, 0x7FFFFFFF)(random));
    } else if (!err) {
        offer.port = transfer->listen(address, &err);
    }
    if (!err) {
        std::string detail;
        if (const std::error_code ec = check(offer, &detail))
            err = {ec, "DCC SEND", offer.fileName, detail};
    }
    if (err) {
        d.entries.erase(id);
        return 0;
    }
    entry.offer = offer;
    d.client.sendCtcp(nick, format(offer));
    d.emit(TransferEvent::Kind::Changed, transfer->info());
    transfer->wait(d.options.offerTimeout);
    return id;
}

bool DccManager::accept(TransferId id, const std::string& directory, NetError* error)
{
    Impl& d = *m_impl;
    Impl::Entry* entry = d.find(id);
    if (!entry || entry->transfer->info().state != TransferState::Offered) {
        if (error)
            *error = dccError(DccErrc::malformed, "no offer waiting with id " + std::to_string(id));
        return false;
    }
    const std::filesystem::path folder = platform::utf8Path(directory);
    const std::string name = safeFileName(entry->offer.fileName);
    const auto exists = [&folder](const std::string& n) {
        std::error_code ec;
        return std::filesystem::exists(folder / platform::utf8Path(n), ec);
    };
    std::error_code ec;
    const std::filesystem::path part = folder / platform::utf8Path(partName(name));
    const auto size = entry->transfer->info().size;
    // NAME.part shorter than the offer: resumed. Otherwise a name nothing has yet (neither
    // the file nor its .part), so nothing is overwritten.
    if (std::filesystem::is_regular_file(part, ec) && size &&
        std::filesystem::file_size(part, ec) < *size && !ec)
        return d.start(*entry, part, folder / platform::utf8Path(name), false, error);
    const auto unique =
        uniqueName(name, [&](const std::string& n) { return exists(n) || exists(partName(n)); });
    if (!unique) {
        // Ends the offer (a row left "offered" would say nothing): Failed, with why.
        NetError failure{makeFileError(EEXIST), "save", directory, "no free name for " + name};
        if (error)
            *error = failure;
        const std::shared_ptr<Transfer> transfer = entry->transfer;
        transfer->fail(std::move(failure));
        return false;
    }
    return d.start(*entry, folder / platform::utf8Path(partName(*unique)),
                   folder / platform::utf8Path(*unique), false, error);
}

bool DccManager::acceptAs(TransferId id, const std::string& filePath, NetError* error)
{
    Impl& d = *m_impl;
    Impl::Entry* entry = d.find(id);
    if (!entry || entry->transfer->info().state != TransferState::Offered) {
        if (error)
            *error = dccError(DccErrc::malformed, "no offer waiting with id " + std::to_string(id));
        return false;
    }
    const std::filesystem::path target = platform::utf8Path(filePath);
    std::filesystem::path part = target;
    part += ".part";
    return d.start(*entry, part, target, true, error);
}

void DccManager::decline(TransferId id)
{
    Impl& d = *m_impl;
    Impl::Entry* entry = d.find(id);
    if (!entry || entry->transfer->info().state != TransferState::Offered)
        return;
    const std::shared_ptr<Transfer> transfer = entry->transfer;
    d.client.sendCtcpReply(transfer->info().nick, formatReject(entry->offer.fileName));
    transfer->fail(dccError(DccErrc::declined, "declined"));
}

void DccManager::cancel(TransferId id)
{
    if (Impl::Entry* entry = m_impl->find(id)) {
        const std::shared_ptr<Transfer> transfer = entry->transfer;
        transfer->fail(dccError(DccErrc::cancelled, "cancelled"));
    }
}

void DccManager::forget(TransferId id)
{
    Impl::Entry* entry = m_impl->find(id);
    if (entry && entry->transfer->finished())
        m_impl->entries.erase(id);
}

bool DccManager::closing() const
{
    for (const auto& [id, entry] : m_impl->entries) {
        if (entry.transfer->closing())
            return true;
    }
    return false;
}

const TransferInfo* DccManager::find(TransferId id) const
{
    const auto it = m_impl->entries.find(id);
    return it == m_impl->entries.end() ? nullptr : &it->second.transfer->info();
}

std::vector<TransferInfo> DccManager::transfers() const
{
    std::vector<TransferInfo> list;
    list.reserve(m_impl->entries.size());
    for (const auto& [id, entry] : m_impl->entries)
        list.push_back(entry.transfer->info());
    return list;
}

} // namespace netcore::irc::dcc
