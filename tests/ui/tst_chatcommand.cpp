// SPDX-License-Identifier: GPL-3.0-or-later
// ChatCommands::parse: every slash command of the input line, as a table of lines and what they
// mean, and wrong use giving an error the user can act on.

#include "chat/chatcommand.h"

#include <QTest>

using ui::ChatCommand;
using ui::ChatCommands;
using K = ChatCommand::Kind;

Q_DECLARE_METATYPE(ChatCommand::Kind)

namespace {

const char* kindName(K kind)
{
    switch (kind) {
    case K::Say:
        return "Say";
    case K::Join:
        return "Join";
    case K::Part:
        return "Part";
    case K::Msg:
        return "Msg";
    case K::Query:
        return "Query";
    case K::Me:
        return "Me";
    case K::Nick:
        return "Nick";
    case K::Topic:
        return "Topic";
    case K::Away:
        return "Away";
    case K::Back:
        return "Back";
    case K::Whois:
        return "Whois";
    case K::Who:
        return "Who";
    case K::Kick:
        return "Kick";
    case K::Ban:
        return "Ban";
    case K::Mode:
        return "Mode";
    case K::Ignore:
        return "Ignore";
    case K::Unignore:
        return "Unignore";
    case K::Quit:
        return "Quit";
    case K::Help:
        return "Help";
    case K::Raw:
        return "Raw";
    case K::SendFile:
        return "SendFile";
    case K::Error:
        return "Error";
    }
    return "?";
}

QString describe(const ChatCommand& c)
{
    return QStringLiteral("%1 target=\"%2\" text=\"%3\" key=\"%4\"")
        .arg(QString::fromLatin1(kindName(c.kind)), c.target, c.text, c.key);
}

} // namespace

class TestChatCommand : public QObject
{
    Q_OBJECT

private slots:
    void parse_data();
    void parse();
    void wrongUse_data();
    void wrongUse();
    void helpNamesEveryCommand();
};

void TestChatCommand::parse_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("current");
    QTest::addColumn<K>("kind");
    QTest::addColumn<QString>("target");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("key");

    const QString lan = QStringLiteral("#lan");
    const QString none;
    auto row = [](const char* name, const char* line, const QString& current, K kind,
                  const char* target, const char* text, const char* key = "") {
        QTest::newRow(name) << QString::fromUtf8(line) << current << kind
                            << QString::fromUtf8(target) << QString::fromUtf8(text)
                            << QString::fromUtf8(key);
    };
    row("plain text", "hello there", lan, K::Say, "#lan", "hello there");
    row("plain text in a private chat", "hi", QStringLiteral("bob"), K::Say, "bob", "hi");
    row("markup is just text", "<b>x</b> &amp;", lan, K::Say, "#lan", "<b>x</b> &amp;");
    row("//text says /text", "//shrug", lan, K::Say, "#lan", "/shrug");
    row("// alone says /", "//", lan, K::Say, "#lan", "/");
    row("/join #room", "/join #games", lan, K::Join, "#games", "");
    row("/join adds the #", "/join games", lan, K::Join, "#games", "");
    row("/join with a key", "/join #secret hunter2", lan, K::Join, "#secret", "", "hunter2");
    row("/join from the server tab", "/join #lan", none, K::Join, "#lan", "");
    row("/j is /join", "/j #x", lan, K::Join, "#x", "");
    row("/JOIN in capitals", "/JOIN #x", lan, K::Join, "#x", "");
    row("/part the current room", "/part", lan, K::Part, "#lan", "");
    row("/part with a reason", "/part off to lunch", lan, K::Part, "#lan", "off to lunch");
    row("/part a named room", "/part #games bye now", lan, K::Part, "#games", "bye now");
    row("/leave is /part", "/leave", lan, K::Part, "#lan", "");
    row("/msg a nick", "/msg bob hi there", lan, K::Msg, "bob", "hi there");
    row("/msg a room", "/msg #games gg", lan, K::Msg, "#games", "gg");
    row("/msg from the server tab", "/msg bob hi", none, K::Msg, "bob", "hi");
    row("/dcc send nick file", "/dcc send bob /tmp/a b.txt", lan, K::SendFile, "bob",
        "/tmp/a b.txt");
    row("/dcc send file in a private chat", "/dcc send photo.jpg", QStringLiteral("bob"),
        K::SendFile, "bob", "photo.jpg");
    row("/DCC SEND in capitals", "/DCC SEND bob x", lan, K::SendFile, "bob", "x");
    row("/msg with extra spaces", "/msg   bob   hi", lan, K::Msg, "bob", "hi");
    row("/query a nick", "/query bob", lan, K::Query, "bob", "");
    row("/query with a first message", "/query bob hello you", lan, K::Query, "bob", "hello you");
    row("/me in a room", "/me waves", lan, K::Me, "#lan", "waves");
    row("/me in a private chat", "/me nods", QStringLiteral("bob"), K::Me, "bob", "nods");
    row("/nick", "/nick ada2", lan, K::Nick, "ada2", "");
    row("/topic asks", "/topic", lan, K::Topic, "#lan", "");
    row("/topic sets", "/topic Friday: <b>pizza</b>", lan, K::Topic, "#lan",
        "Friday: <b>pizza</b>");
    // Issue 15: "/topic #dev Dev talk" set the current room's topic to "#dev Dev talk".
    row("/topic of a named room", "/topic #dev Dev talk", lan, K::Topic, "#dev", "Dev talk");
    row("/topic asks a named room", "/topic #dev", lan, K::Topic, "#dev", "");
    row("/topic of a room from the server tab", "/topic #dev hi", none, K::Topic, "#dev", "hi");
    row("/away with a text", "/away gone fishing", lan, K::Away, "", "gone fishing");
    row("/away alone", "/away", lan, K::Away, "", "away");
    row("/back", "/back", lan, K::Back, "", "");
    row("/whois", "/whois bob", lan, K::Whois, "bob", "");
    row("/who in a room", "/who", lan, K::Who, "#lan", "");
    row("/who of a named room", "/who #dev", none, K::Who, "#dev", "");
    row("/who of a mask", "/who *@10.0.0.*", QStringLiteral("bob"), K::Who, "*@10.0.0.*", "");
    row("/kick", "/kick bob", lan, K::Kick, "bob", "", "#lan");
    row("/kick with a reason", "/kick bob too loud", lan, K::Kick, "bob", "too loud", "#lan");
    row("/ban a nick", "/ban bob", lan, K::Ban, "bob", "", "#lan");
    row("/ban a mask", "/ban *!*@10.0.0.5", lan, K::Ban, "*!*@10.0.0.5", "", "#lan");
    row("/mode in the current room", "/mode +o bob", lan, K::Mode, "#lan", "+o bob");
    row("/mode in a named room", "/mode #games +m", lan, K::Mode, "#games", "+m");
    row("/ignore", "/ignore bob", lan, K::Ignore, "bob", "");
    row("/unignore", "/unignore bob", lan, K::Unignore, "bob", "");
    row("/quit", "/quit", lan, K::Quit, "", "");
    row("/quit with a reason", "/quit see you", lan, K::Quit, "", "see you");
    row("/help", "/help", lan, K::Help, "", "");
    row("/help from the server tab", "/help", none, K::Help, "", "");
    row("/quote", "/quote PING x", lan, K::Raw, "", "PING x");
}

void TestChatCommand::parse()
{
    QFETCH(QString, line);
    QFETCH(QString, current);
    QFETCH(K, kind);
    QFETCH(QString, target);
    QFETCH(QString, text);
    QFETCH(QString, key);

    const ChatCommand c = ChatCommands::parse(line, current);
    const ChatCommand expected{kind, target, text, key};
    QVERIFY2(c.kind == kind && c.target == target && c.text == text && c.key == key,
             qPrintable(QStringLiteral("\"%1\" in \"%2\" gave %3, expected %4")
                            .arg(line, current, describe(c), describe(expected))));
}

void TestChatCommand::wrongUse_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("current");
    // Words the error must contain, so the user learns what to type instead.
    QTest::addColumn<QStringList>("says");

    const QString lan = QStringLiteral("#lan");
    const QString bob = QStringLiteral("bob");
    const QString none;
    auto row = [](const char* name, const char* line, const QString& current,
                  const QStringList& says) {
        QTest::newRow(name) << QString::fromUtf8(line) << current << says;
    };
    using L = QStringList;
    row("text outside a chat", "hello", none, L{QStringLiteral("/join")});
    row("/join without a room", "/join", lan, L{QStringLiteral("Usage"), QStringLiteral("/join")});
    row("/part in a private chat", "/part", bob, L{QStringLiteral("/part")});
    row("/part in the server tab", "/part", none, L{QStringLiteral("/part")});
    row("/msg without text", "/msg bob", lan, L{QStringLiteral("Usage"), QStringLiteral("/msg")});
    row("/msg alone", "/msg", lan, L{QStringLiteral("Usage"), QStringLiteral("/msg")});
    row("/query without a nick", "/query", lan, L{QStringLiteral("/query")});
    row("/query a room", "/query #lan", lan, L{QStringLiteral("/query nick")});
    row("/me without an action", "/me", lan, L{QStringLiteral("Usage"), QStringLiteral("/me")});
    row("/me outside a chat", "/me waves", none, L{QStringLiteral("/join")});
    row("/nick without a nick", "/nick", lan, L{QStringLiteral("/nick")});
    row("/dcc alone", "/dcc", lan, L{QStringLiteral("/dcc send nick file")});
    row("/dcc send a file in a room", "/dcc send x.txt", lan, L{QStringLiteral("/dcc send")});
    row("/dcc send to a room", "/dcc send #lan x.txt", lan, L{QStringLiteral("person")});
    row("/nick with two words", "/nick a b", lan, L{QStringLiteral("/nick newnick")});
    row("/topic in a private chat", "/topic hi", bob, L{QStringLiteral("room")});
    row("/topic in the server tab", "/topic", none, L{QStringLiteral("room")});
    row("/whois without a nick", "/whois", lan, L{QStringLiteral("/whois")});
    row("/who alone outside a room", "/who", bob, L{QStringLiteral("/who #room")});
    row("/kick without a nick", "/kick", lan, L{QStringLiteral("/kick")});
    row("/kick in a private chat", "/kick bob", bob, L{QStringLiteral("room")});
    row("/ban without a nick", "/ban", lan, L{QStringLiteral("/ban")});
    row("/ban outside a room", "/ban bob", none, L{QStringLiteral("room")});
    row("/mode without modes", "/mode", lan, L{QStringLiteral("/mode")});
    row("/mode outside a room", "/mode +o bob", bob, L{QStringLiteral("room")});
    row("/ignore without a nick", "/ignore", lan, L{QStringLiteral("/ignore nick")});
    row("/unignore without a nick", "/unignore", lan, L{QStringLiteral("/unignore nick")});
    row("/quote without a line", "/quote", lan, L{QStringLiteral("/quote")});
    row("unknown command", "/frobnicate now", lan,
        L{QStringLiteral("/frobnicate"), QStringLiteral("/help")});
    row("unknown command, markup", "/<b>x</b>", lan, L{QStringLiteral("/<b>x</b>")});
}

void TestChatCommand::wrongUse()
{
    QFETCH(QString, line);
    QFETCH(QString, current);
    QFETCH(QStringList, says);

    const ChatCommand c = ChatCommands::parse(line, current);
    QVERIFY2(c.kind == K::Error,
             qPrintable(QStringLiteral("\"%1\" in \"%2\" gave %3, expected an error")
                            .arg(line, current, describe(c))));
    for (const QString& word : says)
        QVERIFY2(c.text.contains(word),
                 qPrintable(QStringLiteral("the error for \"%1\" is \"%2\": it does not say \"%3\"")
                                .arg(line, c.text, word)));
}

void TestChatCommand::helpNamesEveryCommand()
{
    const QString help = ChatCommands::help().join(QLatin1Char('\n'));
    const QStringList commands = {
        QStringLiteral("/join"),  QStringLiteral("/part"),   QStringLiteral("/msg"),
        QStringLiteral("/query"), QStringLiteral("/me"),     QStringLiteral("/nick"),
        QStringLiteral("/topic"), QStringLiteral("/away"),   QStringLiteral("/back"),
        QStringLiteral("/whois"), QStringLiteral("/kick"),   QStringLiteral("/ban"),
        QStringLiteral("/mode"),  QStringLiteral("/ignore"), QStringLiteral("/unignore"),
        QStringLiteral("/quit"),  QStringLiteral("//text"),  QStringLiteral("/who")};
    for (const QString& command : commands)
        QVERIFY2(help.contains(command),
                 qPrintable(QStringLiteral("/help does not mention %1:\n%2").arg(command, help)));
}

QTEST_APPLESS_MAIN(TestChatCommand)
#include "tst_chatcommand.moc"
