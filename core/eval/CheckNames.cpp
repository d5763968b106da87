#include "eval/CheckParse.h"

#include <QSet>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

QString shortText(QString text, qsizetype max = 40)
{
    text.replace(u'\n', u' ').replace(u'\r', u' ');
    text = text.simplified();
    return text.size() > max ? text.left(max - 1) + u'…' : text;
}

QString number(double x)
{
    return QString::number(x, 'g', 12);
}

QString boundsShort(const CheckBounds &b)
{
    if (b.exact)
        return number(*b.exact);
    if (b.min && b.max)
        return u"%1..%2"_s.arg(number(*b.min), number(*b.max));
    if (b.min)
        return u">= "_s + number(*b.min);
    return u"<= "_s + number(b.max.value_or(0));
}

QString describe(const CheckSpec &spec)
{
    const QString &type = spec.type;
    switch (spec.kind) {
    case CheckKind::Equals:
        if (spec.expectedJson)
            return type + u' ' + shortText(QString::fromStdString(spec.expectedJson->dump()));
        [[fallthrough]];
    case CheckKind::Contains:
    case CheckKind::IContains:
    case CheckKind::StartsWith:
        return type + u' ' + shortText(spec.text.literal);
    case CheckKind::ContainsAny:
    case CheckKind::ContainsAll:
    case CheckKind::IContainsAny:
    case CheckKind::IContainsAll: {
        QStringList items;
        for (const CheckText &t : spec.texts)
            items << t.literal;
        return type + u' ' + shortText(items.join(u", "_s));
    }
    case CheckKind::Regex:
        return type + u' ' + shortText(spec.regex.pattern());
    case CheckKind::IsJson:
    case CheckKind::ContainsJson:
        return spec.schema ? type + u' ' + (spec.schemaLabel.isEmpty() ? u"schema"_s : spec.schemaLabel) : type;
    case CheckKind::WordCount:
    case CheckKind::CharacterCount:
        return type + u' ' + boundsShort(spec.bounds);
    case CheckKind::Levenshtein:
        return u"%1 %2 <= %3"_s.arg(type, shortText(spec.text.literal, 30), number(spec.threshold.value_or(5)));
    case CheckKind::Latency:
        return u"%1 <= %2 ms"_s.arg(type, number(spec.threshold.value_or(0)));
    case CheckKind::Cost:
        return u"%1 <= $%2"_s.arg(type, number(spec.threshold.value_or(0)));
    case CheckKind::MaxOutputTokens:
        return u"%1 %2"_s.arg(type, number(spec.threshold.value_or(0)));
    case CheckKind::JsonField: {
        QString name = type + u' ' + QString::fromStdString(spec.pointer);
        if (spec.expectedJson)
            name += u" = "_s + shortText(QString::fromStdString(spec.expectedJson->dump()), 24);
        if (spec.bounds.min || spec.bounds.max)
            name += u" in [%1, %2]"_s.arg(spec.bounds.min ? number(*spec.bounds.min) : u"-inf"_s,
                                           spec.bounds.max ? number(*spec.bounds.max) : u"inf"_s);
        if (spec.hasPattern)
            name += u" ~ "_s + shortText(spec.regex.pattern(), 24);
        return name;
    }
    }
    return type;
}

} // namespace

void nameChecks(QList<CheckSpec> &specs)
{
    QSet<QString> taken;
    for (CheckSpec &spec : specs) {
        const QString base = spec.metric.isEmpty() ? describe(spec) : spec.metric;
        QString name = base;
        for (int n = 2; taken.contains(name); ++n)
            name = u"%1 (%2)"_s.arg(base).arg(n);
        taken.insert(name);
        spec.name = name;
    }
}

} // namespace assay
