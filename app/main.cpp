// Assay: the GUI by default, headless subcommands (`assay outputs …`) for scripts and CI.
#include "cli/Cli.h"

#include "MainWindow.h"

#include <QApplication>
#include <QCoreApplication>
#include <QIcon>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

void setIdentity()
{
    QCoreApplication::setOrganizationName(u"Assay"_s);
    QCoreApplication::setApplicationName(u"assay"_s);
    QCoreApplication::setApplicationVersion(QString::fromLatin1(ASSAY_VERSION));
}

// `assay report` draws charts with Qt Charts and lays out PDF pages with QTextDocument, which
// need a QApplication; every other headless command keeps to QCoreApplication.
bool drawsWithoutWindow(const QStringList &args)
{
    return args.size() >= 2 && args.at(1) == "report"_L1;
}

// Without a display (a server, cron, CI) the drawing commands use the offscreen platform
// rather than fail to connect. A platform the user chose explicitly is left alone.
void useOffscreenWithoutDisplay()
{
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
        && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
}

} // namespace

int main(int argc, char *argv[])
{
    QStringList args;
    for (int i = 0; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);

    if (drawsWithoutWindow(args)) {
        useOffscreenWithoutDisplay();
        QApplication app(argc, argv);
        setIdentity();
        return assay::cli::runCommandLine(app.arguments()).exitCode.value_or(1);
    }

    // Headless commands never touch the display: they run under QCoreApplication.
    if (assay::cli::isHeadless(args)) {
        QCoreApplication app(argc, argv);
        setIdentity();
        return assay::cli::runCommandLine(app.arguments()).exitCode.value_or(1);
    }

    QApplication app(argc, argv);
    setIdentity();
    QApplication::setApplicationDisplayName(u"Assay"_s);
    QApplication::setWindowIcon(QIcon(u":/icons/assay.svg"_s));
    QGuiApplication::setDesktopFileName(QString::fromLatin1(ASSAY_APP_ID));
    const assay::cli::Invocation invocation = assay::cli::runCommandLine(app.arguments());
    if (invocation.exitCode)
        return *invocation.exitCode;

    assay::MainWindow window;
    window.show();
    if (invocation.source.isEmpty())
        window.openLastSource();
    else
        window.openSource(invocation.source);
    return app.exec();
}
