#pragma once

#include <QStringList>

#include <optional>

namespace assay::cli {

// What main() should do with the command line.
struct Invocation {
    bool gui = false;        // open the window
    QString source;          // with gui: the source to open ("" = the last one)
    std::optional<int> exitCode; // without gui: the command already ran
};

// True when the arguments name a headless subcommand (so no QApplication is needed).
bool isHeadless(const QStringList &args);
// Runs a headless subcommand, or tells main() to start the GUI. Needs a QCoreApplication.
Invocation runCommandLine(const QStringList &args);

} // namespace assay::cli
