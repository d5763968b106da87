#pragma once

#include <QDialog>

namespace assay {

// Every labelling and review shortcut in one table (F1 or ? on the browser and the review
// page). Non-modal: it can stay open beside the list while you learn the keys.
class ShortcutHelp : public QDialog {
    Q_OBJECT
public:
    explicit ShortcutHelp(QWidget *parent = nullptr);

protected:
    void keyPressEvent(QKeyEvent *event) override;
};

// Shows the help over `parent`'s window (one per window; a second call raises it).
ShortcutHelp *showShortcutHelp(QWidget *parent);

} // namespace assay
