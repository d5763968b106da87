#include "labels/LabelledKeys.h"

#include "workspace/Workspace.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace assay {

Result<QStringList> labelledKeys(Workspace &workspace, const LabelCriteria &criteria)
{
    const QString view = workspace.table(u"current_labels"_s);
    QSqlQuery q(workspace.db());
    q.setForwardOnly(true);
    // The reviewer narrows in SQL (indexed); label, note and tag are tested here, which keeps
    // the tag test (a JSON array in a text column) the same in both dialects.
    q.prepare(u"SELECT output_key, label, note, tags FROM %1%2"_s.arg(
        view, criteria.reviewer.isEmpty() ? QString() : u" WHERE reviewer = ?"_s));
    if (!criteria.reviewer.isEmpty())
        q.addBindValue(criteria.reviewer);
    if (!q.exec())
        return fail(u"cannot read reviewer labels: %1"_s.arg(q.lastError().text().section(u'\n', 0, 0)));
    QSet<QString> seen;
    QStringList keys;
    while (q.next()) {
        if (!criteria.labels.isEmpty() && !criteria.labels.contains(q.value(1).toString()))
            continue;
        if (criteria.hasNote && q.value(2).toString().isEmpty())
            continue;
        if (!criteria.tag.isEmpty()) {
            const QJsonArray tags = QJsonDocument::fromJson(q.value(3).toString().toUtf8()).array();
            if (!tags.contains(QJsonValue(criteria.tag)))
                continue;
        }
        const QString key = q.value(0).toString();
        if (!seen.contains(key)) {
            seen.insert(key);
            keys << key;
        }
    }
    return keys;
}

} // namespace assay
