#include "labels/LabelText.h"

#include <QCoreApplication>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("assay::LabelText", text);
}

QString eventHtml(const LabelEvent &e, const QString &who, bool dark)
{
    QString html = u"<b>%1</b>: <span style=\"color:%2\">%3</span>"_s.arg(
        who.toHtmlEscaped(), labelColor(*e.label, dark).name(), labelCaption(e.label).toHtmlEscaped());
    if (!e.tags.isEmpty())
        html += u" · <i>%1</i>"_s.arg(e.tags.join(u", "_s).toHtmlEscaped());
    if (!e.note.isEmpty())
        html += u" — %1"_s.arg(e.note.toHtmlEscaped());
    if (e.labelledAt.isValid())
        html += u" <span style=\"color:gray\">(%1)</span>"_s.arg(
            QLocale().toString(e.labelledAt.toLocalTime(), QLocale::ShortFormat).toHtmlEscaped());
    return html;
}

} // namespace

QString labelGlyph(LabelValue value)
{
    switch (value) {
    case LabelValue::Positive: return u"✓"_s;
    case LabelValue::Negative: return u"✗"_s;
    case LabelValue::Edited: return u"✎"_s;
    }
    return {};
}

QString labelCaption(std::optional<LabelValue> value)
{
    return value ? labelGlyph(*value) + u' ' + labelName(*value) : QString();
}

QColor labelColor(LabelValue value, bool darkPalette)
{
    switch (value) {
    case LabelValue::Positive: return darkPalette ? QColor(0x81, 0xc7, 0x84) : QColor(0x2e, 0x7d, 0x32);
    case LabelValue::Negative: return darkPalette ? QColor(0xef, 0x6b, 0x6b) : QColor(0xc6, 0x28, 0x28);
    case LabelValue::Edited: return darkPalette ? QColor(0xff, 0xb7, 0x4d) : QColor(0xb2, 0x6a, 0x00);
    }
    return {};
}

bool othersVisible(const ItemLabels &labels, bool blind)
{
    return !blind || labels.mine.has_value();
}

QString reviewColumnText(const ItemLabels &labels, bool blind)
{
    QString text;
    if (labels.saving > 0)
        text = labels.pending ? tr("saving… %1").arg(labelCaption(labels.pending)) : tr("saving… (clear)");
    else if (labels.mine)
        text = labelCaption(labels.mine->label);
    if (!labels.others.isEmpty() && othersVisible(labels, blind))
        text += (text.isEmpty() ? QString() : u"  "_s) + tr("+%1 more").arg(labels.others.size());
    return text;
}

QString reviewerLabelsHtml(const ItemLabels &labels, const QString &me, bool blind)
{
    if (!labels.loaded)
        return tr("Reviewer labels: loading…");
    QStringList lines;
    const bool dark = false; // the pane's own palette decides the rest; these colours read on both
    if (labels.saving > 0)
        lines << tr("<b>You</b>: saving %1…").arg(labels.pending ? labelCaption(labels.pending).toHtmlEscaped()
                                                                  : tr("a clear"));
    else if (labels.mine)
        lines << eventHtml(*labels.mine, tr("You (%1)").arg(me), dark);
    else
        lines << tr("<b>You</b>: not labelled yet — 1 positive, 2 negative, 3 edited");
    if (!labels.error.isEmpty())
        lines << u"<span style=\"color:#c62828\">%1</span>"_s.arg(tr("Not saved: %1").arg(labels.error).toHtmlEscaped());
    if (!labels.others.isEmpty()) {
        if (othersVisible(labels, blind)) {
            for (const LabelEvent &e : labels.others)
                lines << eventHtml(e, e.reviewer, dark);
        } else {
            lines << tr("<i>%1 other reviewer label(s) hidden until you label it (blind mode)</i>")
                         .arg(labels.others.size());
        }
    }
    return lines.join(u"<br>"_s);
}

} // namespace assay
