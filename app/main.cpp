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

} // namespace

int main(int argc, char *argv[])
{
    QStringList args;
    for (int i = 0; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);

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
