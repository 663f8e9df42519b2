// SPDX-License-Identifier: GPL-3.0-or-later
#include "dialogs/searchdialog.h"

#include "bridge/loops.h"
#include "history/historystore.h"

#include <QCheckBox>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QTextBlock>
#include <QVBoxLayout>

namespace ui {

SearchDialog::SearchDialog(history::HistoryStore* store, std::optional<history::ChatKey> scope,
                           const QString& scopeName, QWidget* parent)
    : QDialog(parent)
    , m_store(store)
    , m_scope(std::move(scope))
{
    setWindowTitle(tr("Search history"));
    auto* layout = new QVBoxLayout(this);
    m_query = new QLineEdit(this);
    m_query->setPlaceholderText(tr("Words to find (word* for a beginning)"));
    m_query->setAccessibleName(tr("Search for"));
    m_onlyHere = new QCheckBox(this);
    m_onlyHere->setText(m_scope ? tr("Only in %1").arg(scopeName) : tr("Only in this chat"));
    m_onlyHere->setEnabled(m_scope.has_value());
    m_results = new QListWidget(this);
    m_results->setAccessibleName(tr("Search results"));
    m_context = new QPlainTextEdit(this);
    m_context->setReadOnly(true);
    m_context->setAccessibleName(tr("The result in its context"));
    layout->addWidget(m_query);
    layout->addWidget(m_onlyHere);
    layout->addWidget(m_results, 2);
    layout->addWidget(m_context, 1);
    connect(m_query, &QLineEdit::returnPressed, this, &SearchDialog::search);
    // Enter or a double-click opens the chat at that line (when its host is connected).
    connect(m_results, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
        const int row = m_results->row(item);
        if (row >= 0 && row < m_hits.size())
            emit hitActivated(m_hits.at(row));
    });
    // Choosing a result shows it among the lines around it.
    connect(m_results, &QListWidget::currentRowChanged, this, &SearchDialog::showContext);
    resize(700, 500);
}

void SearchDialog::search()
{
    m_results->clear();
    m_context->clear();
    m_hits.clear();
    m_store->search(m_query->text(), m_onlyHere->isChecked() ? m_scope : std::nullopt, 200)
        .then(this, [this](const history::SearchResults& found) {
            m_hits = found.hits;
            if (!found.error.isEmpty())
                m_results->addItem(tr("Search failed: %1").arg(found.error));
            else if (found.hits.isEmpty())
                m_results->addItem(tr("Nothing found."));
            for (const auto& hit : found.hits)
                m_results->addItem(QStringLiteral("[%1] %2  <%3> %4")
                                       .arg(hit.message.record.time.toLocalTime().toString(
                                                QStringLiteral("yyyy-MM-dd HH:mm")),
                                            hit.locator.chat.chat, hit.message.record.sender,
                                            bridge::displayText(hit.snippet)));
        });
}

void SearchDialog::showContext(int row)
{
    if (row < 0 || row >= m_hits.size())
        return;
    const history::SearchHit hit = m_hits.at(row);
    m_store->loadAround(hit.locator, 10, 10).then(this, [this, hit](const history::Page& page) {
        QStringList lines;
        int at = 0;
        for (const auto& m : page.messages) {
            if (m.id == hit.locator.messageId)
                at = static_cast<int>(lines.size());
            lines.append(
                QStringLiteral("%1[%2] <%3> %4")
                    .arg(
                        m.id == hit.locator.messageId ? QStringLiteral("> ") : QStringLiteral("  "),
                        m.record.time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")),
                        m.record.sender, bridge::displayText(m.record.text)));
        }
        m_context->setPlainText(lines.join(QLatin1Char('\n')));
        QTextCursor cursor(m_context->document()->findBlockByNumber(at));
        m_context->setTextCursor(cursor);
        m_context->centerCursor();
    });
}

} // namespace ui
