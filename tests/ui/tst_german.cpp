// SPDX-License-Identifier: GPL-3.0-or-later
// LanChat in German (issue 14): Qt's own words (Cancel, shortcut names) come from Debian's
// qt6-translations-l10n, ours from the built-in catalogue, and the words a German user met in
// English or badly put ("Lebenslauf" for Lifecycle, "Kündige an an:") read right.

#include "dialogs/nickdialog.h"
#include "gui/application.h"

#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QKeySequence>
#include <QLocale>
#include <QPushButton>
#include <QTest>

class TestGerman : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void qtsOwnWords();
    void ourWords_data();
    void ourWords();
    void firstStartQuestion();

private:
    std::unique_ptr<app::Translations> m_translations;
};

void TestGerman::initTestCase()
{
    QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
    m_translations = std::make_unique<app::Translations>();
    QVERIFY2(m_translations->hasOwnWords(), "no German catalogue of ours");
    QVERIFY2(m_translations->hasQtWords(),
             "Qt's German catalogue (qtbase_de.qm, package qt6-translations-l10n) is missing");
}

void TestGerman::qtsOwnWords()
{
    QDialogButtonBox buttons(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    QCOMPARE(buttons.button(QDialogButtonBox::Cancel)->text().remove(QLatin1Char('&')),
             QStringLiteral("Abbrechen"));
    QCOMPARE(QKeySequence(QStringLiteral("Ctrl+I")).toString(QKeySequence::NativeText),
             QStringLiteral("Strg+I"));
}

void TestGerman::ourWords_data()
{
    QTest::addColumn<QString>("context");
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("german");
    QTest::newRow("lifecycle") << "ui::InspectorDock"
                               << "Lifecycle"
                               << "Lebenszyklus";
    QTest::newRow("announcing") << "ui::NetworkPanel"
                                << "Announcing to:"
                                << "Ankündigungen gehen an:";
    QTest::newRow("sent, received, errors")
        << "bridge::PresenceService"
        << ": %1 sent, %2 received, %3 errors"
        << ": %1 gesendet, %2 empfangen, %3 Fehler";
    QTest::newRow("motd") << "ui::ChatEventHandler"
                          << "Message of the day"
                          << "Nachricht des Tages";
}

void TestGerman::ourWords()
{
    QFETCH(QString, context);
    QFETCH(QString, source);
    QFETCH(QString, german);
    QCOMPARE(QCoreApplication::translate(context.toLatin1().constData(),
                                         source.toUtf8().constData()),
             german);
}

void TestGerman::firstStartQuestion()
{
    ui::NickDialog dialog(QStringLiteral("zoe"));
    QCOMPARE(dialog.windowTitle(), QStringLiteral("Willkommen bei LanChat"));
}

QTEST_MAIN(TestGerman)
#include "tst_german.moc"
