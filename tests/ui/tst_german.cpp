// SPDX-License-Identifier: GPL-3.0-or-later
// LanChat in German (issue 14): Qt's own words (Cancel, shortcut names) come from Debian's
// qt6-translations-l10n, ours from the built-in catalogue, and the words a German user met in
// English or badly put ("Lebenslauf" for Lifecycle, "Kündige an an:") read right.

#include "appsettings.h"
#include "dialogs/hostdialog.h"
#include "dialogs/nickdialog.h"
#include "dialogs/settingsdialog.h"
#include "gui/application.h"
#include "inspector/inspectordock.h"

#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QKeySequence>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
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
    void dialogsShowTheirWordsWhole();
    void inspectorTitlesFit();

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
    QTest::newRow("sent, received, errors") << "bridge::PresenceService"
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
    QCOMPARE(
        QCoreApplication::translate(context.toLatin1().constData(), source.toUtf8().constData()),
        german);
}

void TestGerman::firstStartQuestion()
{
    ui::NickDialog dialog(QStringLiteral("zoe"));
    QCOMPARE(dialog.windowTitle(), QStringLiteral("Willkommen bei LanChat"));
}

// The Settings dialog shows every tab's title (no scroll arrows), the Host dialog its password
// hint whole: German words are longer.
void TestGerman::dialogsShowTheirWordsWhole()
{
    ui::AppSettings settings;
    ui::SettingsDialog dialog(settings, {QStringLiteral("select")});
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto* tabs = dialog.findChild<QTabWidget*>();
    QVERIFY(tabs);
    QVERIFY2(tabs->tabBar()->width() >= tabs->tabBar()->sizeHint().width(),
             qPrintable(QStringLiteral("tab bar %1 px, its tabs need %2 px")
                            .arg(tabs->tabBar()->width())
                            .arg(tabs->tabBar()->sizeHint().width())));
    QCOMPARE(tabs->tabText(0).remove(QLatin1Char('&')), QStringLiteral("Identität"));

    ui::HostDialog host({QStringLiteral("select")});
    host.show();
    QVERIFY(QTest::qWaitForWindowExposed(&host));
    QLineEdit* password = nullptr;
    for (QLineEdit* e : host.findChildren<QLineEdit*>())
        if (e->echoMode() == QLineEdit::Password)
            password = e;
    QVERIFY(password);
    QCOMPARE(password->placeholderText(), QStringLiteral("keins: jeder im Netz kann beitreten"));
    const int needed = password->fontMetrics().horizontalAdvance(password->placeholderText()) + 8;
    QVERIFY2(password->width() >= needed, qPrintable(QStringLiteral("%1 px for \"%2\" (%3)")
                                                         .arg(password->width())
                                                         .arg(password->placeholderText())
                                                         .arg(needed)));
}

// The Inspector's tables: no column narrower than its German title ("Bytes empfangen").
void TestGerman::inspectorTitlesFit()
{
    ui::InspectorDock dock;
    QCOMPARE(dock.tabs()->tabText(ui::InspectorDock::LifecycleTab), QStringLiteral("Lebenszyklus"));
    const QList<QTableView*> tables = dock.findChildren<QTableView*>();
    QVERIFY(tables.size() >= 5);
    for (QTableView* table : tables) {
        QHeaderView* header = table->horizontalHeader();
        for (int c = 0; c < header->count(); ++c) {
            const QString title =
                table->model()->headerData(c, Qt::Horizontal, Qt::DisplayRole).toString();
            const int needed = header->fontMetrics().horizontalAdvance(title) + 8;
            QVERIFY2(header->sectionSize(c) >= needed,
                     qPrintable(QStringLiteral("\"%1\": %2 px, needs %3")
                                    .arg(title)
                                    .arg(header->sectionSize(c))
                                    .arg(needed)));
        }
    }
}

QTEST_MAIN(TestGerman)
#include "tst_german.moc"
