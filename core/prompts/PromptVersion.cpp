#include "prompts/PromptVersion.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace assay {

QString promptOriginName(PromptOrigin origin)
{
    switch (origin) {
    case PromptOrigin::Table:
        return u"table"_s;
    case PromptOrigin::Folder:
        return u"folder"_s;
    case PromptOrigin::Draft:
        return u"draft"_s;
    }
    return {};
}

Result<void> checkNewVersion(const PromptVersion &version)
{
    if (version.name.trimmed().isEmpty())
        return fail(u"a prompt version needs a name"_s);
    if (version.version.trimmed().isEmpty())
        return fail(u"%1 needs a version"_s.arg(version.name));
    for (const QString &text : {version.name, version.version}) {
        if (text != text.trimmed() || text.contains(u'\n') || text.contains(u'\r') || text.contains(u'@'))
            return fail(u"\"%1\" cannot name a prompt or version: no surrounding spaces, line breaks or @"_s.arg(text));
    }
    if (version.template_.trimmed().isEmpty())
        return fail(u"%1 has an empty template"_s.arg(version.ref()));
    return {};
}

std::optional<PromptRef> PromptRef::parse(const QString &text)
{
    const QString trimmed = text.trimmed();
    const qsizetype at = trimmed.indexOf(u'@');
    PromptRef ref;
    ref.name = at < 0 ? trimmed : trimmed.left(at);
    ref.version = at < 0 ? QString() : trimmed.mid(at + 1);
    if (ref.name.isEmpty() || (at >= 0 && ref.version.isEmpty()))
        return std::nullopt;
    return ref;
}

int compareVersionsNaturally(QStringView a, QStringView b)
{
    qsizetype i = 0;
    qsizetype j = 0;
    while (i < a.size() && j < b.size()) {
        const bool da = a[i].isDigit();
        const bool db = b[j].isDigit();
        if (da && db) {
            qsizetype ei = i;
            qsizetype ej = j;
            while (ei < a.size() && a[ei].isDigit())
                ++ei;
            while (ej < b.size() && b[ej].isDigit())
                ++ej;
            // Compare as numbers of any length: drop leading zeros, then longer is bigger.
            qsizetype si = i;
            qsizetype sj = j;
            while (si + 1 < ei && a[si] == u'0')
                ++si;
            while (sj + 1 < ej && b[sj] == u'0')
                ++sj;
            if (ei - si != ej - sj)
                return ei - si < ej - sj ? -1 : 1;
            if (const int c = a.sliced(si, ei - si).compare(b.sliced(sj, ej - sj)); c != 0)
                return c < 0 ? -1 : 1;
            i = ei;
            j = ej;
            continue;
        }
        if (da != db)
            return da ? -1 : 1; // "v1" < "va": numbers before letters, as most tools sort
        const QChar ca = a[i].toCaseFolded();
        const QChar cb = b[j].toCaseFolded();
        if (ca != cb)
            return ca < cb ? -1 : 1;
        ++i;
        ++j;
    }
    if (i < a.size() || j < b.size())
        return i < a.size() ? 1 : -1;
    const int plain = a.compare(b);
    return plain < 0 ? -1 : plain > 0 ? 1 : 0;
}

void sortPromptVersions(QList<PromptVersion> &versions, VersionOrder order)
{
    std::stable_sort(versions.begin(), versions.end(), [order](const PromptVersion &x, const PromptVersion &y) {
        if (const int byName = x.name.compare(y.name); byName != 0)
            return byName < 0;
        if (order == VersionOrder::CreatedAt && x.createdAt != y.createdAt) {
            if (!x.createdAt.isValid() || !y.createdAt.isValid())
                return !x.createdAt.isValid();
            return x.createdAt < y.createdAt;
        }
        if (const int natural = compareVersionsNaturally(x.version, y.version); natural != 0)
            return natural < 0;
        if (x.createdAt.isValid() && y.createdAt.isValid())
            return x.createdAt < y.createdAt;
        return false;
    });
}

QStringList parseLabels(const QVariant &value)
{
    const QString text = value.toString().trimmed();
    if (value.isNull() || text.isEmpty())
        return {};
    QStringList labels;
    if (text.startsWith(u'[')) {
        const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8());
        if (doc.isArray()) {
            for (const QJsonValue &v : doc.array()) {
                const QString label = v.isString() ? v.toString().trimmed() : QString();
                if (!label.isEmpty() && !labels.contains(label))
                    labels << label;
            }
            return labels;
        }
        // "[production, staging]": the YAML-ish list people write by hand.
        const QString inner = text.mid(1, text.endsWith(u']') ? text.size() - 2 : text.size() - 1);
        return parseLabels(inner);
    }
    for (QString part : text.split(u',')) {
        part = part.trimmed();
        if (part.size() >= 2 && (part.startsWith(u'"') || part.startsWith(u'\'')) && part.endsWith(part.front()))
            part = part.mid(1, part.size() - 2).trimmed();
        if (!part.isEmpty() && !labels.contains(part))
            labels << part;
    }
    return labels;
}

QString labelsToJson(const QStringList &labels)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(labels)).toJson(QJsonDocument::Compact));
}

QString formatTemperature(const std::optional<double> &temperature)
{
    return temperature ? QString::number(*temperature, 'g', QLocale::FloatingPointShortest) : QString();
}

QString formatMaxTokens(const std::optional<int> &maxTokens)
{
    return maxTokens ? QString::number(*maxTokens) : QString();
}

} // namespace assay
