#pragma once

#include "browse/LogSession.h"

#include <QMainWindow>

class QLabel;
class QTabWidget;

namespace assay {

class BrowserPage;
class ComparePage;
class JudgingPage;
class DashboardPage;
class PromptsPage;
class ReplayPage;
class ReviewPage;

// The window: menus, the status bar and the pages. It opens sources and hands them to the
// pages; everything else belongs to the pages themselves.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Opens a SQLite path or a postgresql:// URL; problems are shown, never thrown.
    void openSource(const QString &source);
    void openSpec(const SessionSpec &spec);
    void openLastSource();
    BrowserPage *browser() const { return m_browser; }
    PromptsPage *prompts() const { return m_prompts; }
    ReviewPage *review() const { return m_review; }
    DashboardPage *dashboard() const { return m_dashboard; }
    ReplayPage *replay() const { return m_replay; }
    ComparePage *compare() const { return m_compare; }
    JudgingPage *judging() const { return m_judging; }
    // Shows the outputs behind a dashboard slice: the browser with that filter.
    void showOutputs(const OutputFilter &filter);

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    void closeEvent(QCloseEvent *event) override;

private:
    void buildMenus();
    void rebuildRecentMenu();
    void rememberSource(const QString &source);
    void chooseFile();
    void choosePromptFolder();
    void choosePostgres();
    void editMapping();
    void exportOutputs();
    void writeWeeklyReport();
    void auditLog();
    void editPrices();
    void loadPrices();
    void showApiKeys();
    void showShortcuts();
    void showAbout();
    void onSourceFailed(const QString &message);

    QTabWidget *m_pages = nullptr;
    BrowserPage *m_browser = nullptr;
    PromptsPage *m_prompts = nullptr;
    ReviewPage *m_review = nullptr;
    DashboardPage *m_dashboard = nullptr;
    ReplayPage *m_replay = nullptr;
    ComparePage *m_compare = nullptr;
    JudgingPage *m_judging = nullptr;
    QMenu *m_recentMenu = nullptr;
    QLabel *m_sourceLabel = nullptr;
    QLabel *m_rowsLabel = nullptr;
    QLabel *m_indexLabel = nullptr;
    SessionSpec m_pendingSpec;
};

} // namespace assay
