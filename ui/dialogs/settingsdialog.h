// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Settings: identity, network, notifications, appearance.

#include "appsettings.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QFontComboBox;
class QLineEdit;
class QSpinBox;

namespace ui {

class SettingsDialog : public QDialog
{
    Q_OBJECT

public:
    SettingsDialog(const AppSettings& settings, const QStringList& loops,
                   QWidget* parent = nullptr);
    AppSettings values() const;

private:
    AppSettings m_base;
    QLineEdit* m_nick = nullptr;
    QLineEdit* m_alternative = nullptr;
    QLineEdit* m_realName = nullptr;
    QSpinBox* m_port = nullptr;
    QComboBox* m_loop = nullptr;
    QComboBox* m_presence = nullptr;
    QCheckBox* m_mentions = nullptr;
    QCheckBox* m_private = nullptr;
    QCheckBox* m_quietAway = nullptr;
    QLineEdit* m_highlights = nullptr;
    QComboBox* m_theme = nullptr;
    QFontComboBox* m_font = nullptr;
    QSpinBox* m_fontSize = nullptr;
    QSpinBox* m_scrollback = nullptr;
    QCheckBox* m_history = nullptr;
    QLineEdit* m_downloadFolder = nullptr;
    QLineEdit* m_autoAccept = nullptr;
    QSpinBox* m_historyDays = nullptr;
    QSpinBox* m_historyLines = nullptr;
};

} // namespace ui
