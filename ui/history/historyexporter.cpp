// SPDX-License-Identifier: GPL-3.0-or-later
#include "history/historyexporter.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace history {

namespace {

// No control characters in a text export: a peer's text must not move a terminal's cursor.
QString plain(QString text)
{
    for (QChar& c : text)
        if (c.category() == QChar::Other_Control)
            c = u' ';
    return text;
}

QString timeText(const QDateTime& time)
{
    return time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString jsonTime(const QDateTime& time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODateWithMs) : QString();
}

} // namespace

HistoryExporter::HistoryExporter(QIODevice* device, ExportFormat format, ChatKey chat)
    : m_device(device)
    , m_format(format)
    , m_chat(std::move(chat))
{}

QString HistoryExporter::describe(const Record& r)
{
    const auto withReason = [&r](const QString& what) {
        return r.text.isEmpty() ? what : what + QStringLiteral(" (") + r.text + u')';
    };
    switch (r.kind) {
    case Kind::Message:
        return u'<' + r.sender + QStringLiteral("> ") + r.text;
    case Kind::Action:
        return QStringLiteral("* ") + r.sender + u' ' + r.text;
    case Kind::Notice:
        return u'-' + r.sender + QStringLiteral("- ") + r.text;
    case Kind::Join:
        return QStringLiteral("*** ") + r.sender + QStringLiteral(" joined");
    case Kind::Part:
        return withReason(QStringLiteral("*** ") + r.sender + QStringLiteral(" left"));
    case Kind::Quit:
        return withReason(QStringLiteral("*** ") + r.sender + QStringLiteral(" quit"));
    case Kind::Nick:
        return QStringLiteral("*** ") + r.sender + QStringLiteral(" is now known as ") + r.text;
    case Kind::Topic:
        return QStringLiteral("*** ") + r.sender + QStringLiteral(" set the topic: ") + r.text;
    case Kind::System:
        return QStringLiteral("*** ") + r.text;
    case Kind::Kick: {
        // The person kicked, then the reason.
        const qsizetype space = r.text.indexOf(u' ');
        const QString kicked = space < 0 ? r.text : r.text.left(space);
        const QString reason = space < 0 ? QString() : r.text.mid(space + 1);
        return QStringLiteral("*** ") + kicked + QStringLiteral(" was kicked by ") + r.sender +
               (reason.isEmpty() ? QString() : QStringLiteral(" (") + reason + u')');
    }
    }
    return r.text;
}

void HistoryExporter::write(const QString& text)
{
    m_device->write(text.toUtf8());
}

void HistoryExporter::begin()
{
    const QString network = m_chat.network.isEmpty() ? m_chat.hostId : m_chat.network;
    switch (m_format) {
    case ExportFormat::PlainText:
        write(QStringLiteral("# ") + plain(m_chat.chat) + QStringLiteral(" on ") + plain(network) +
              u'\n');
        break;
    case ExportFormat::Html: {
        const QString title =
            QString(m_chat.chat + QStringLiteral(" on ") + network).toHtmlEscaped();
        write(QStringLiteral("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"
                             "<title>") +
              title +
              QStringLiteral("</title>\n<style>\n"
                             "body { font-family: sans-serif; }\n"
                             ".time { color: #888; }\n"
                             ".nick { font-weight: bold; }\n"
                             ".event { color: #777; }\n"
                             "</style>\n</head>\n<body>\n<h1>") +
              title + QStringLiteral("</h1>\n"));
        break;
    }
    case ExportFormat::Json: {
        QJsonObject head;
        head.insert(QStringLiteral("network"), m_chat.network);
        head.insert(QStringLiteral("hostId"), m_chat.hostId);
        head.insert(QStringLiteral("chat"), m_chat.chat);
        head.insert(QStringLiteral("private"), !m_chat.isRoom());
        QByteArray json = QJsonDocument(head).toJson(QJsonDocument::Compact);
        json.chop(1); // the closing brace: the messages follow
        m_device->write(json + ",\"messages\":[\n");
        break;
    }
    }
}

void HistoryExporter::add(const StoredMessage& message)
{
    const Record& r = message.record;
    switch (m_format) {
    case ExportFormat::PlainText:
        write(u'[' + timeText(r.time) + QStringLiteral("] ") + plain(describe(r)) + u'\n');
        break;
    case ExportFormat::Html: {
        QString body;
        const QString nick = r.sender.toHtmlEscaped();
        const QString text = r.text.toHtmlEscaped();
        switch (r.kind) {
        case Kind::Message:
            body = QStringLiteral("<span class=\"nick\">&lt;") + nick +
                   QStringLiteral("&gt;</span> ") + text;
            break;
        case Kind::Action:
            body = QStringLiteral("* <span class=\"nick\">") + nick + QStringLiteral("</span> ") +
                   text;
            break;
        case Kind::Notice:
            body = QStringLiteral("<span class=\"nick\">-") + nick + QStringLiteral("-</span> ") +
                   text;
            break;
        default:
            body = QStringLiteral("<span class=\"event\">") + describe(r).toHtmlEscaped() +
                   QStringLiteral("</span>");
            break;
        }
        write(QStringLiteral("<p id=\"m") + QString::number(message.id) +
              QStringLiteral("\"><span class=\"time\">[") + timeText(r.time) +
              QStringLiteral("]</span> ") + body + QStringLiteral("</p>\n"));
        break;
    }
    case ExportFormat::Json: {
        QJsonObject o;
        o.insert(QStringLiteral("id"), message.id);
        o.insert(QStringLiteral("time"), jsonTime(r.time));
        if (r.serverTime.isValid())
            o.insert(QStringLiteral("serverTime"), jsonTime(r.serverTime));
        if (!r.msgId.isEmpty())
            o.insert(QStringLiteral("msgid"), r.msgId);
        o.insert(QStringLiteral("kind"), kindName(r.kind));
        o.insert(QStringLiteral("sender"), r.sender);
        o.insert(QStringLiteral("text"), r.text);
        if (r.self)
            o.insert(QStringLiteral("self"), true);
        if (!m_first)
            m_device->write(",\n");
        m_device->write(QJsonDocument(o).toJson(QJsonDocument::Compact));
        break;
    }
    }
    m_first = false;
}

void HistoryExporter::end()
{
    switch (m_format) {
    case ExportFormat::PlainText:
        break;
    case ExportFormat::Html:
        write(QStringLiteral("</body>\n</html>\n"));
        break;
    case ExportFormat::Json:
        m_device->write("\n]}\n");
        break;
    }
}

} // namespace history
