#include "prompts/TemplateCoverage.h"

#include "browse/OutputsRepository.h"

#include <QJsonDocument>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace assay {

QStringList TemplateCoverage::summaryLines() const
{
    QStringList lines;
    if (inputs == 0) {
        lines << (unreadable > 0 ? u"none of the %1 logged inputs is a JSON object: replay would fail"_s.arg(unreadable)
                                 : u"no logged inputs to check the variables against"_s);
        return lines;
    }
    for (const VariableCoverage &v : variables) {
        if (v.present == v.inputs) {
            lines << u"%1 present in 100% of logged inputs"_s.arg(v.spelled);
        } else if (v.present == 0) {
            lines << u"%1 in none: replay would fail"_s.arg(v.spelled);
        } else {
            // Never round a partial share up to 100% or down to 0%.
            const double pct = std::clamp(std::floor(v.share() * 100.0), 1.0, 99.0);
            lines << u"%1 present in %2% (%3 of %4): replay would fail for the other %5"_s.arg(v.spelled)
                         .arg(pct)
                         .arg(v.present)
                         .arg(v.inputs)
                         .arg(v.inputs - v.present);
        }
    }
    if (unreadable > 0)
        lines << u"%1 logged inputs are not JSON objects and were left out"_s.arg(unreadable);
    return lines;
}

TemplateCoverage templateCoverage(const PromptTemplate &tpl, const QStringList &inputJsonTexts)
{
    TemplateCoverage out;
    const QStringList vars = tpl.variables();
    for (const QString &v : vars)
        out.variables << VariableCoverage{v, tpl.spell(v), 0, 0};
    for (const QString &text : inputJsonTexts) {
        const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8());
        if (!doc.isObject()) {
            ++out.unreadable;
            continue;
        }
        ++out.inputs;
        const QJsonObject input = doc.object();
        bool all = true;
        for (VariableCoverage &v : out.variables) {
            ++v.inputs;
            if (lookupTemplateValue(input, v.variable))
                ++v.present;
            else
                all = false;
        }
        if (all)
            ++out.renderable;
    }
    return out;
}

Result<QStringList> sampleLoggedInputs(OutputsRepository &outputs, const OutputFilter &filter, int limit)
{
    const LogSchema &schema = outputs.schema();
    if (!schema.has(LogField::Input)) {
        return fail(schema.has(LogField::InputHash)
                        ? u"replay needs the logged input variables; this log has only input_hash"_s
                        : u"replay needs the logged input variables; this log has no input column"_s);
    }
    QStringList inputs;
    auto walked = outputs.forEachRecord(filter, SortOrder{}, limit, [&inputs](const OutputRecord &r) {
        inputs << r.value(LogField::Input).toString();
        return true;
    });
    if (!walked)
        return fail(walked.error());
    return inputs;
}

} // namespace assay
