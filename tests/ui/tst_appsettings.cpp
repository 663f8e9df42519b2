// SPDX-License-Identifier: GPL-3.0-or-later
// AppSettings through a real QSettings file (INI, in a temporary folder): every field survives
// a save and a load in a new QSettings, defaults for an empty file, recent hosts, favourites,
// and the nick made from the login name.

#include "appsettings.h"

#include <QTemporaryDir>
#include <QTest>

using ui::AppSettings;

class TestAppSettings : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void defaultsForAnEmptyFile();
    void everyFieldSurvivesARestart();
    void recentHostsNewestFirstAndCapped();
    void favouritesAndAutoConnect();
    void defaultNickFromLoginName_data();
    void defaultNickFromLoginName();

private:
    QString file() const { return m_dir->filePath(QStringLiteral("settings.ini")); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestAppSettings::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY2(m_dir->isValid(), qPrintable(m_dir->errorString()));
}

void TestAppSettings::defaultsForAnEmptyFile()
{
    qputenv("USER", "tester");
    QSettings store(file(), QSettings::IniFormat);
    AppSettings s;
    s.load(store);
    QCOMPARE(s.nick, QStringLiteral("tester"));
    QCOMPARE(s.alternativeNick, QStringLiteral("tester_"));
    QCOMPARE(s.realName, QStringLiteral("tester"));
    QCOMPARE(s.defaultPort, quint16(6667));
    QCOMPARE(s.presenceMode, QStringLiteral("auto"));
    QCOMPARE(s.presencePort, quint16(6667));
    QCOMPARE(s.theme, QStringLiteral("system"));
    QCOMPARE(s.scrollback, 5000);
    QVERIFY(s.notifyMentions && s.notifyPrivate && s.quietWhileAway);
    QVERIFY(s.recentHosts.isEmpty() && s.autoConnect.isEmpty() && s.highlightWords.isEmpty());
}

void TestAppSettings::everyFieldSurvivesARestart()
{
    AppSettings a;
    a.nick = QStringLiteral("ada");
    a.alternativeNick = QStringLiteral("ada_alt");
    a.realName = QStringLiteral("Ada <b>Lovelace</b> & co; \"quoted\", =equals=");
    a.defaultPort = 7000;
    a.loop = QStringLiteral("epoll");
    a.presenceMode = QStringLiteral("loopback");
    a.presencePort = 17001;
    a.notifyMentions = false;
    a.notifyPrivate = false;
    a.quietWhileAway = false;
    a.highlightWords = {QStringLiteral("pizza"), QStringLiteral("deploy, now")};
    a.theme = QStringLiteral("dark");
    a.font = QStringLiteral("DejaVu Sans,11,-1,5,400,0,0,0,0,0,0,0,0,0,0,1");
    a.scrollback = 1234;
    a.hostName = QStringLiteral("Lab <3");
    a.recentHosts = {QStringLiteral("127.0.0.1:7000"), QStringLiteral("[::1]:6667")};
    a.autoConnect = {QStringLiteral("127.0.0.1:7000")};
    {
        QSettings store(file(), QSettings::IniFormat);
        a.save(store);
        store.sync();
        QCOMPARE(store.status(), QSettings::NoError);
    }
    QSettings store(file(), QSettings::IniFormat); // as at the next start
    AppSettings b;
    b.load(store);
    QCOMPARE(b.nick, a.nick);
    QCOMPARE(b.alternativeNick, a.alternativeNick);
    QCOMPARE(b.realName, a.realName);
    QCOMPARE(b.defaultPort, a.defaultPort);
    QCOMPARE(b.loop, a.loop);
    QCOMPARE(b.presenceMode, a.presenceMode);
    QCOMPARE(b.presencePort, a.presencePort);
    QCOMPARE(b.notifyMentions, a.notifyMentions);
    QCOMPARE(b.notifyPrivate, a.notifyPrivate);
    QCOMPARE(b.quietWhileAway, a.quietWhileAway);
    QCOMPARE(b.highlightWords, a.highlightWords);
    QCOMPARE(b.theme, a.theme);
    QCOMPARE(b.font, a.font);
    QCOMPARE(b.scrollback, a.scrollback);
    QCOMPARE(b.hostName, a.hostName);
    QCOMPARE(b.recentHosts, a.recentHosts);
    QCOMPARE(b.autoConnect, a.autoConnect);
}

void TestAppSettings::recentHostsNewestFirstAndCapped()
{
    AppSettings s;
    for (int i = 0; i < 15; ++i)
        s.addRecent(QStringLiteral("10.0.0.%1:6667").arg(i));
    s.addRecent(QStringLiteral("10.0.0.12:6667")); // again: moves to the front, not twice
    QCOMPARE(s.recentHosts.size(), qsizetype(10));
    QCOMPARE(s.recentHosts.first(), QStringLiteral("10.0.0.12:6667"));
    QCOMPARE(s.recentHosts.count(QStringLiteral("10.0.0.12:6667")), qsizetype(1));
    QCOMPARE(s.recentHosts.at(1), QStringLiteral("10.0.0.14:6667"));
}

// Joined on start implies a favourite; no longer a favourite implies not joined on start.
void TestAppSettings::favouritesAndAutoConnect()
{
    AppSettings s;
    const QString lab = QStringLiteral("10.0.0.1:6667");
    const QString home = QStringLiteral("10.0.0.2:6667");
    s.setFavourite(lab, true);
    s.setFavourite(lab, true); // not twice
    QCOMPARE(s.favourites, QStringList{lab});
    QVERIFY(s.autoConnect.isEmpty());
    s.setAutoConnect(home, true);
    QCOMPARE(s.favourites, (QStringList{lab, home}));
    QCOMPARE(s.autoConnect, QStringList{home});
    s.setAutoConnect(home, false);
    QCOMPARE(s.favourites, (QStringList{lab, home}));
    QVERIFY(s.autoConnect.isEmpty());
    s.setAutoConnect(home, true);
    s.setFavourite(home, false);
    QCOMPARE(s.favourites, QStringList{lab});
    QVERIFY(s.autoConnect.isEmpty());
}

void TestAppSettings::defaultNickFromLoginName_data()
{
    QTest::addColumn<QByteArray>("user");
    QTest::addColumn<QString>("nick");
    QTest::newRow("plain") << QByteArray("ada") << QStringLiteral("ada");
    QTest::newRow("space and dot") << QByteArray("ada l.") << QStringLiteral("ada_l_");
    QTest::newRow("leading digit") << QByteArray("1337") << QStringLiteral("_1337");
    QTest::newRow("leading dash") << QByteArray("-x") << QStringLiteral("_-x");
    QTest::newRow("IRC specials kept") << QByteArray("a[b]`^{}|") << QStringLiteral("a[b]`^{}|");
    QTest::newRow("empty") << QByteArray("") << QStringLiteral("lanchat");
    QTest::newRow("too long") << QByteArray(40, 'a') << QString(30, QLatin1Char('a'));
}

void TestAppSettings::defaultNickFromLoginName()
{
    QFETCH(QByteArray, user);
    QFETCH(QString, nick);
    qputenv("USER", user);
    qunsetenv("USERNAME");
    QCOMPARE(ui::defaultNick(), nick);
}

QTEST_APPLESS_MAIN(TestAppSettings)
#include "tst_appsettings.moc"
