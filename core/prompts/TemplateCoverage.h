#pragma once

#include "prompts/PromptTemplate.h"
#include "query/OutputFilter.h"
#include "util/Result.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace assay {

class OutputsRepository;

struct VariableCoverage {
    QString variable; // the path ("plan", "account.plan")
    QString spelled;  // as the template writes it ("{{plan}}")
    int present = 0;  // inputs that have a value for it
    int inputs = 0;   // readable inputs looked at
    double share() const { return inputs > 0 ? static_cast<double>(present) / inputs : 0.0; }
};

// Which of a template's variables the logged inputs actually carry: a draft whose variables
// the log does not have would fail on replay, and the editor says so before anyone tries.
struct TemplateCoverage {
    QList<VariableCoverage> variables; // in template order
    int inputs = 0;     // inputs that are JSON objects
    int unreadable = 0; // inputs that are not (invalid JSON, arrays, NULL)
    int renderable = 0; // inputs that have every variable

    bool complete() const { return inputs > 0 && renderable == inputs; }
    // "{{plan}} present in 100% of logged inputs", "{{tier}} in none: replay would fail", ...
    QStringList summaryLines() const;
};

// Coverage of `tpl` over logged inputs (JSON texts, as the input column holds them).
TemplateCoverage templateCoverage(const PromptTemplate &tpl, const QStringList &inputJsonTexts);

// Up to `limit` logged inputs (newest first) of the outputs `filter` selects, as JSON texts:
// the sample coverage and previews are computed on. Fails, saying why, when the log has no
// input column.
Result<QStringList> sampleLoggedInputs(OutputsRepository &outputs, const OutputFilter &filter, int limit = 200);

} // namespace assay
