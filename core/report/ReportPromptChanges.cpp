#include "report/ReportPromptChanges.h"

#include "prompts/TextDiff.h"

#include <algorithm>

namespace assay {

QList<PromptChange> promptChangesIn(const QList<PromptVersion> &all, const CalendarWeek &week, int *undated)
{
    const QDateTime start = week.start();
    const QDateTime end = week.end();
    QList<PromptChange> changes;
    int withoutDate = 0;
    for (qsizetype i = 0; i < all.size(); ++i) {
        const PromptVersion &v = all.at(i);
        if (!v.createdAt.isValid()) {
            ++withoutDate;
            continue;
        }
        if (v.createdAt < start || v.createdAt >= end)
            continue;
        PromptChange c;
        c.name = v.name;
        c.version = v.version;
        c.createdAt = v.createdAt.toTimeZone(week.zone);
        c.author = v.author;
        c.note = v.note;
        const PromptVersion *before = i > 0 && all.at(i - 1).name == v.name ? &all.at(i - 1) : nullptr;
        if (before) {
            const TextDiff diff = diffTexts(before->template_, v.template_, unifiedDiffOptions());
            c.previousVersion = before->version;
            c.linesAdded = diff.addedLines;
            c.linesRemoved = diff.removedLines;
            c.modelChanged = before->model != v.model;
            c.previousModel = before->model;
            c.model = v.model;
        } else {
            c.linesAdded = int(splitLines(v.template_).size());
            c.model = v.model;
        }
        changes << c;
    }
    std::stable_sort(changes.begin(), changes.end(),
                     [](const PromptChange &a, const PromptChange &b) { return a.createdAt < b.createdAt; });
    if (undated)
        *undated = withoutDate;
    return changes;
}

} // namespace assay
