// SPDX-License-Identifier: GPL-3.0-or-later
// Export: a chat as plain text, HTML and JSON, through the store, with peer text escaped (it is
// data, never markup) and control characters kept out of the text form.

#include "history_test_support.h"
#include "history/historyexporter.h"
#include "history/historystore.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace history;
using namespace historytest;

class TestHistoryExporter : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void plainText();
    void htmlIsEscaped();
    void jsonRoundTrips();
    void emptyChat();
    void describesEveryKind_data();
    void describesEveryKind();

private:
    QString exportTo(ExportFormat format, const ChatKey& chat = room());

    QTemporaryDir m_dir;
    HistoryStore m_store;
    QDateTime m_time;
};

void TestHistoryExporter::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY(m_store.open(m_dir.filePath(QStringLiteral("export.sqlite"))));
    m_time = QDateTime(QDate(2024, 5, 1), QTime(12, 0, 0), Qt::UTC);
    Record r =
        line(room(), QStringLiteral("alice"), QStringLiteral("hello <b>world</b> & \"you\""));
    r.time = m_time;
    r.msgId = QStringLiteral("id-1");
    m_store.append(r);
    r = line(room(), QStringLiteral("<script>"),
             QStringLiteral("waves</p><img src=x onerror=alert(1)>"), Kind::Action);
    r.time = m_time.addSecs(1);
    r.serverTime = m_time;
    m_store.append(r);
    r = line(room(), QStringLiteral("bob"), QStringLiteral("bell\a and\x1b[31m escape"));
    r.time = m_time.addSecs(2);
    m_store.append(r);
    r = line(room(), QStringLiteral("carol"), QString(), Kind::Join);
    r.time = m_time.addSecs(3);
    m_store.append(r);
}

QString TestHistoryExporter::exportTo(ExportFormat format, const ChatKey& chat)
{
    const QString file = m_dir.filePath(QStringLiteral("out-%1").arg(int(format)));
    const QString error = result(m_store.exportChat(chat, format, file));
    if (!error.isEmpty())
        qWarning("export: %s", qPrintable(error));
    return QString::fromUtf8(fileBytes(file));
}

void TestHistoryExporter::plainText()
{
    const QString text = exportTo(ExportFormat::PlainText);
    const QStringList lines = text.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 5);
    QCOMPARE(lines.at(0), QStringLiteral("# #lan on LanNet"));
    const QString t0 = m_time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    QCOMPARE(lines.at(1), QStringLiteral("[%1] <alice> hello <b>world</b> & \"you\"").arg(t0));
    QVERIFY(
        lines.at(2).endsWith(QLatin1String("* <script> waves</p><img src=x onerror=alert(1)>")));
    QVERIFY2(lines.at(3).endsWith(QLatin1String("<bob> bell  and [31m escape")),
             qPrintable(lines.at(3)));
    QVERIFY(lines.at(4).endsWith(QLatin1String("*** carol joined")));
}

void TestHistoryExporter::htmlIsEscaped()
{
    const QString html = exportTo(ExportFormat::Html);
    QVERIFY(html.startsWith(QLatin1String("<!DOCTYPE html>")));
    QVERIFY(html.trimmed().endsWith(QLatin1String("</html>")));
    QVERIFY(html.contains(QLatin1String("hello &lt;b&gt;world&lt;/b&gt; &amp; &quot;you&quot;")));
    QVERIFY(html.contains(QLatin1String("&lt;script&gt;")));
    QVERIFY(html.contains(QLatin1String("waves&lt;/p&gt;&lt;img src=x onerror=alert(1)&gt;")));
    // No peer text as markup anywhere.
    QVERIFY(!html.contains(QLatin1String("<b>")));
    QVERIFY(!html.contains(QLatin1String("<script")));
    QVERIFY(!html.contains(QLatin1String("<img")));
    QCOMPARE(html.count(QLatin1String("<p id=\"m")), 4);
    QVERIFY(html.contains(QLatin1String("carol joined")));
}

void TestHistoryExporter::jsonRoundTrips()
{
    const QString json = exportTo(ExportFormat::Json);
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json.toUtf8(), &error);
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    const QJsonObject o = doc.object();
    QCOMPARE(o.value(QStringLiteral("chat")).toString(), QStringLiteral("#lan"));
    QCOMPARE(o.value(QStringLiteral("network")).toString(), QStringLiteral("LanNet"));
    QCOMPARE(o.value(QStringLiteral("hostId")).toString(), QStringLiteral("host-1"));
    QCOMPARE(o.value(QStringLiteral("private")).toBool(), false);
    const QJsonArray messages = o.value(QStringLiteral("messages")).toArray();
    QCOMPARE(messages.size(), 4);
    const QJsonObject first = messages.at(0).toObject();
    QCOMPARE(first.value(QStringLiteral("text")).toString(),
             QStringLiteral("hello <b>world</b> & \"you\""));
    QCOMPARE(first.value(QStringLiteral("sender")).toString(), QStringLiteral("alice"));
    QCOMPARE(first.value(QStringLiteral("kind")).toString(), QStringLiteral("message"));
    QCOMPARE(first.value(QStringLiteral("msgid")).toString(), QStringLiteral("id-1"));
    QCOMPARE(first.value(QStringLiteral("time")).toString(),
             QStringLiteral("2024-05-01T12:00:00.000Z"));
    const QJsonObject second = messages.at(1).toObject();
    QCOMPARE(second.value(QStringLiteral("kind")).toString(), QStringLiteral("action"));
    QCOMPARE(second.value(QStringLiteral("serverTime")).toString(),
             QStringLiteral("2024-05-01T12:00:00.000Z"));
    QCOMPARE(messages.at(2).toObject().value(QStringLiteral("text")).toString(),
             QStringLiteral("bell\a and\x1b[31m escape")); // JSON keeps the exact text, escaped
    QVERIFY(messages.at(0).toObject().value(QStringLiteral("id")).toInteger() <
            messages.at(1).toObject().value(QStringLiteral("id")).toInteger());
}

void TestHistoryExporter::emptyChat()
{
    const QString json = exportTo(ExportFormat::Json, room(QStringLiteral("#empty")));
    const QJsonDocument doc = QJsonDocument::fromJson(json.toUtf8());
    QVERIFY(doc.isObject());
    QVERIFY(doc.object().value(QStringLiteral("messages")).toArray().isEmpty());
    // An unwritable target: an error, not a crash.
    const QString error = result(m_store.exportChat(
        room(), ExportFormat::Html, m_dir.filePath(QStringLiteral("no/such/dir/x.html"))));
    QVERIFY(!error.isEmpty());
}

void TestHistoryExporter::describesEveryKind_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("message") << int(Kind::Message) << QStringLiteral("hi")
                             << QStringLiteral("<n> hi");
    QTest::newRow("action") << int(Kind::Action) << QStringLiteral("waves")
                            << QStringLiteral("* n waves");
    QTest::newRow("notice") << int(Kind::Notice) << QStringLiteral("note")
                            << QStringLiteral("-n- note");
    QTest::newRow("join") << int(Kind::Join) << QString() << QStringLiteral("*** n joined");
    QTest::newRow("part") << int(Kind::Part) << QStringLiteral("bye")
                          << QStringLiteral("*** n left (bye)");
    QTest::newRow("quit") << int(Kind::Quit) << QString() << QStringLiteral("*** n quit");
    QTest::newRow("nick") << int(Kind::Nick) << QStringLiteral("m")
                          << QStringLiteral("*** n is now known as m");
    QTest::newRow("topic") << int(Kind::Topic) << QStringLiteral("t")
                           << QStringLiteral("*** n set the topic: t");
    QTest::newRow("system") << int(Kind::System) << QStringLiteral("connected")
                            << QStringLiteral("*** connected");
}

void TestHistoryExporter::describesEveryKind()
{
    QFETCH(int, kind);
    QFETCH(QString, text);
    QFETCH(QString, expected);
    Record r = line(room(), QStringLiteral("n"), text, Kind(kind));
    QCOMPARE(HistoryExporter::describe(r), expected);
    QCOMPARE(kindFromName(kindName(Kind(kind))), std::optional<Kind>(Kind(kind)));
}

QTEST_GUILESS_MAIN(TestHistoryExporter)
#include "tst_historyexporter.moc"
