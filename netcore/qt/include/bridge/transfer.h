// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A DCC file transfer as the GUI sees it (netcore::irc::dcc::TransferInfo in Qt values).
// offeredName and nick are the peer's text: data, shown as plain text, never used as a path.

#include <QMetaType>
#include <QString>

namespace bridge {

struct TransferInfo
{
    enum class State
    {
        Offered, // an offer to us, waiting for the user's yes or no
        Waiting, // waiting for the other side
        Connecting,
        Transferring,
        Done,
        Failed,
    };
    quint64 id = 0; // unique within its session
    bool sending = false;
    State state = State::Offered;
    QString nick;
    QString peerAddress;
    QString offeredName;
    QString safeName; // offeredName made a plain file name (dcc::safeFileName): to save under
    QString path;     // the file sent; or where it is written (NAME.part, then NAME)
    qint64 size = -1; // -1: the offer gave none
    qint64 position = 0;
    qint64 resumedFrom = 0;
    bool passive = false;
    double bytesPerSecond = 0;
    qint64 secondsLeft = -1; // -1: not known
    QString error;           // Failed: in words, "DCC: DCC_STALLED: nothing moved ..."
    QString errorName;       // "DCC_STALLED", "ENOSPC"

    bool finished() const { return state == State::Done || state == State::Failed; }
};

// What happened to a transfer (netcore::irc::dcc::TransferEvent::Kind).
enum class TransferChange
{
    Offered,  // a new offer: ask the user
    Refused,  // an offer refused without asking (it pointed to another machine): info.error
    Changed,  // its state changed
    Progress, // position and speed
    Problem,  // a DCC request that could not be read or matched: the text says what
};

QString transferStateText(TransferInfo::State state);

} // namespace bridge

Q_DECLARE_METATYPE(bridge::TransferInfo)
Q_DECLARE_METATYPE(bridge::TransferChange)
