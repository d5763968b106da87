#pragma once

#include <QString>
#include <QStringView>
#include <QVariant>

namespace assay::detail {

// "812 bytes", "256 KB", "2.1 MB": binary units, written the way people say them.
QString formatByteSize(qint64 bytes);

// NULL in the log (or a field the record lacks): SQL NULLs arrive as null QVariants.
bool isNullValue(const QVariant &value);

// The text of a logged value; lists and maps (JSON columns a driver decoded) become JSON.
QString valueText(const QVariant &value);

// Qt's text layout is quadratic in the length of a line it has to wrap (a 2 MB single-line
// output takes over a minute), so lines longer than maxLine are cut into display lines,
// after a space when one is near the cut. The original text is what gets copied.
struct DisplayText {
    QString text;
    int cutLines = 0; // how many original lines were cut
};
DisplayText breakLongLines(const QString &text, qsizetype maxLine);

// Qt 6.4's Markdown import is quadratic in list items and table rows (a 200 KB numbered list
// takes ~9 s), so rendering is refused past these; the reason is a sentence for the user.
struct MarkdownLimits {
    qsizetype maxChars = 200 * 1024;
    int maxListItems = 3000;
    int maxTableRows = 1000;
    qsizetype maxLineChars = 100 * 1024;
};
QString markdownRenderBlocker(QStringView text, const MarkdownLimits &limits = {});

} // namespace assay::detail
