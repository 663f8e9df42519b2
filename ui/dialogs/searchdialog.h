// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Search history: words to find (in every chat or the current one), the hits newest first,
// the chosen hit among the lines around it; Enter or a double-click opens the chat at it.

#include "history/historytypes.h"

#include <QDialog>

#include <optional>

class QCheckBox;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;

namespace history {
class HistoryStore;
} // namespace history

namespace ui {

class SearchDialog : public QDialog
{
    Q_OBJECT

public:
    // `store` (open, not owned) outlives the dialog. `scope`: the current chat, offered as
    // "Only in <scopeName>" (none: searches everything).
    SearchDialog(history::HistoryStore* store, std::optional<history::ChatKey> scope,
                 const QString& scopeName, QWidget* parent = nullptr);

    QLineEdit* queryLine() const { return m_query; }
    QListWidget* results() const { return m_results; }

signals:
    void hitActivated(const history::SearchHit& hit);

private:
    void search();
    void showContext(int row);

    history::HistoryStore* m_store;
    std::optional<history::ChatKey> m_scope;
    QLineEdit* m_query = nullptr;
    QCheckBox* m_onlyHere = nullptr;
    QListWidget* m_results = nullptr;
    QPlainTextEdit* m_context = nullptr;
    QList<history::SearchHit> m_hits;
};

} // namespace ui
