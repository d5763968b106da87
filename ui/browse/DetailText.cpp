#include "browse/DetailText.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QLocale>

namespace assay::detail {

using namespace Qt::StringLiterals;

QString formatByteSize(qint64 bytes)
{
    if (bytes < 1024)
        return bytes == 1 ? u"1 byte"_s : u"%1 bytes"_s.arg(bytes);
    static const char16_t *const units[] = {u"KB", u"MB", u"GB", u"TB"};
    double value = static_cast<double>(bytes);
    int unit = -1;
    while (value >= 1024.0 && unit < 3) {
        value /= 1024.0;
        ++unit;
    }
    // One decimal below 10 ("2.1 MB") and none above ("256 KB"); "2.0" reads as noise.
    QString number = QString::number(value, 'f', value < 10.0 ? 1 : 0);
    if (number.endsWith(u".0"))
        number.chop(2);
    return number + u' ' + QString::fromUtf16(units[unit]);
}

bool isNullValue(const QVariant &value)
{
    return !value.isValid() || value.isNull();
}

QString valueText(const QVariant &value)
{
    if (isNullValue(value))
        return {};
    switch (value.typeId()) {
    case QMetaType::QVariantMap:
    case QMetaType::QVariantHash:
    case QMetaType::QVariantList:
    case QMetaType::QStringList:
        return QString::fromUtf8(QJsonDocument::fromVariant(value).toJson(QJsonDocument::Compact));
    default:
        return value.toString();
    }
}

DisplayText breakLongLines(const QString &text, qsizetype maxLine)
{
    // Most outputs have no long line: hand back the same (shared) string.
    bool anyLong = false;
    for (qsizetype start = 0; start < text.size() && !anyLong;) {
        qsizetype end = text.indexOf(u'\n', start);
        if (end < 0)
            end = text.size();
        anyLong = end - start > maxLine;
        start = end + 1;
    }
    if (!anyLong)
        return {text, 0};

    DisplayText out;
    out.text.reserve(text.size() + text.size() / maxLine + 1);
    for (qsizetype start = 0; start < text.size();) {
        qsizetype end = text.indexOf(u'\n', start);
        const bool hasNewline = end >= 0;
        if (!hasNewline)
            end = text.size();
        if (end - start > maxLine)
            ++out.cutLines;
        while (end - start > maxLine) {
            qsizetype cut = start + maxLine;
            const qsizetype space = QStringView(text).sliced(start, maxLine).lastIndexOf(u' ');
            if (space >= maxLine * 3 / 4)
                cut = start + space + 1; // keep the space at the end of the display line
            else if (text[cut - 1].isHighSurrogate())
                --cut; // never split a surrogate pair
            out.text += QStringView(text).sliced(start, cut - start);
            out.text += u'\n';
            start = cut;
        }
        out.text += QStringView(text).sliced(start, end - start);
        if (hasNewline)
            out.text += u'\n';
        start = end + 1;
    }
    return out;
}

namespace {

bool isListItemLine(QStringView line)
{
    line = line.trimmed();
    if (line.size() < 2)
        return false;
    if ((line[0] == u'-' || line[0] == u'*' || line[0] == u'+') && line[1] == u' ')
        return true;
    qsizetype digits = 0;
    while (digits < line.size() && line[digits].isDigit())
        ++digits;
    return digits > 0 && digits + 1 < line.size() && (line[digits] == u'.' || line[digits] == u')')
        && line[digits + 1] == u' ';
}

QString tr(const char *text)
{
    return QCoreApplication::translate("assay::DetailPane", text);
}

} // namespace

QString markdownRenderBlocker(QStringView text, const MarkdownLimits &limits)
{
    if (text.size() > limits.maxChars) {
        return tr("Markdown is rendered for outputs up to %1; this one is shown as plain text.")
            .arg(formatByteSize(limits.maxChars));
    }
    int listItems = 0;
    int tableRows = 0;
    qsizetype longestLine = 0;
    for (qsizetype start = 0; start < text.size();) {
        qsizetype end = text.indexOf(u'\n', start);
        if (end < 0)
            end = text.size();
        const QStringView line = text.sliced(start, end - start);
        longestLine = qMax(longestLine, line.size());
        if (line.trimmed().startsWith(u'|'))
            ++tableRows;
        else if (isListItemLine(line))
            ++listItems;
        start = end + 1;
    }
    const QLocale locale;
    if (listItems > limits.maxListItems) {
        return tr("This output has %1 list items; Markdown is rendered up to %2 of them, so it is shown as plain text.")
            .arg(locale.toString(listItems), locale.toString(limits.maxListItems));
    }
    if (tableRows > limits.maxTableRows) {
        return tr("This output has %1 table rows; Markdown is rendered up to %2 of them, so it is shown as plain text.")
            .arg(locale.toString(tableRows), locale.toString(limits.maxTableRows));
    }
    if (longestLine > limits.maxLineChars) {
        return tr("This output has a line of %1 characters, too long to render as Markdown; it is shown as plain text.")
            .arg(locale.toString(longestLine));
    }
    return {};
}

} // namespace assay::detail
