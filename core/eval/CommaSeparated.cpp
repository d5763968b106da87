#include "eval/CommaSeparated.h"

using namespace Qt::StringLiterals;

namespace assay {

Result<QStringList> splitCommaSeparated(const QString &value)
{
    QStringList fields;
    qsizetype i = 0;
    const qsizetype n = value.size();
    auto skipSpace = [&] {
        while (i < n && value.at(i).isSpace())
            ++i;
    };
    while (i < n) {
        // Separators: white space and commas, repeated commas giving no empty field.
        while (i < n && (value.at(i).isSpace() || value.at(i) == u','))
            ++i;
        if (i >= n)
            break;
        if (value.at(i) == u'"') {
            QString field;
            bool closed = false;
            ++i;
            while (i < n) {
                const QChar c = value.at(i);
                if (c == u'\\' && i + 1 < n && (value.at(i + 1) == u'"' || value.at(i + 1) == u'\\')) {
                    field += value.at(i + 1);
                    i += 2;
                } else if (c == u'"' && i + 1 < n && value.at(i + 1) == u'"') {
                    field += u'"';
                    i += 2;
                } else if (c == u'"') {
                    ++i;
                    closed = true;
                    break;
                } else {
                    field += c;
                    ++i;
                }
            }
            if (!closed)
                return fail(u"an opening quote in the list has no closing quote"_s);
            skipSpace();
            if (i < n && value.at(i) != u',')
                return fail(u"a quoted value in the list must be followed by a comma"_s);
            fields << field;
        } else {
            const qsizetype start = i;
            while (i < n && value.at(i) != u',')
                ++i;
            fields << value.mid(start, i - start).trimmed();
        }
    }
    return fields;
}

} // namespace assay
