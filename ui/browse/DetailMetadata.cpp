#include "browse/DetailMetadata.h"

#include "util/Money.h"

#include "browse/DetailText.h"

#include <QClipboard>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QTimer>
#include <QToolButton>

#include <cmath>

namespace assay {

using namespace Qt::StringLiterals;

namespace {

QColor errorColor(const QWidget *widget)
{
    // A red that stays readable on both light and dark themes.
    return widget->palette().color(QPalette::Window).lightness() < 128 ? QColor(0xef, 0x6b, 0x6b)
                                                                        : QColor(0xc6, 0x28, 0x28);
}

QString errorStyle(const QWidget *widget)
{
    return u"color: %1;"_s.arg(errorColor(widget).name());
}

QString fieldText(const OutputRecord &record, LogField field)
{
    return detail::valueText(record.value(field)).trimmed();
}

// Integers as the log wrote them, grouped for reading ("12,400"); anything else verbatim.
QString groupedNumber(const QVariant &value)
{
    bool ok = false;
    const double number = value.toDouble(&ok);
    if (!ok)
        return detail::valueText(value);
    return QLocale().toString(static_cast<qlonglong>(std::llround(number)));
}

QString formatCreated(const OutputRecord &record)
{
    if (!record.createdAt.isValid())
        return fieldText(record, LogField::CreatedAt);
    const QDateTime utc = record.createdAt.toUTC();
    QString text = utc.toString(u"yyyy-MM-dd HH:mm:ss"_s) + u" UTC"_s;
    const QDateTime local = utc.toLocalTime();
    if (local.offsetFromUtc() != 0) {
        const QString format = local.date() == utc.date() ? u"HH:mm:ss"_s : u"yyyy-MM-dd HH:mm:ss"_s;
        text += u"  ·  %1 local (%2)"_s.arg(local.toString(format), local.timeZoneAbbreviation());
    }
    return text;
}

QString formatTokens(const OutputRecord &record)
{
    QStringList parts;
    const auto add = [&](LogField field, const QString &what) {
        const QVariant v = record.value(field);
        if (!detail::isNullValue(v))
            parts << u"%1 %2"_s.arg(groupedNumber(v), what);
    };
    add(LogField::InputTokens, u"in"_s);
    add(LogField::OutputTokens, u"out"_s);
    add(LogField::CacheReadTokens, u"cache read"_s);
    add(LogField::CacheWriteTokens, u"cache write"_s);
    return parts.join(u"  ·  "_s);
}

QString formatPrompt(const OutputRecord &record)
{
    const QString name = fieldText(record, LogField::PromptName);
    const QString version = fieldText(record, LogField::PromptVersion);
    if (name.isEmpty())
        return version.isEmpty() ? QString() : u"version %1"_s.arg(version);
    return version.isEmpty() ? name : name + u'@' + version;
}

QString formatCost(const QVariant &value)
{
    bool ok = false;
    const double cost = value.toDouble(&ok);
    return ok ? formatUsd(cost) : detail::valueText(value);
}

QLabel *makeValueLabel(const QString &text)
{
    auto *label = new QLabel(text);
    label->setTextFormat(Qt::PlainText); // logged values are data, never markup
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setWordWrap(true);
    return label;
}

} // namespace

DetailMetadata::DetailMetadata(QWidget *parent) : QWidget(parent)
{
    m_form = new QFormLayout(this);
    m_form->setContentsMargins(0, 0, 0, 0);
    m_form->setHorizontalSpacing(16);
    m_form->setVerticalSpacing(4);
    m_form->setRowWrapPolicy(QFormLayout::DontWrapRows);
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_form->setLabelAlignment(Qt::AlignLeft | Qt::AlignTop);
}

void DetailMetadata::clearRecord()
{
    while (m_form->rowCount() > 0)
        m_form->removeRow(0); // deletes the row's widgets, so findChild no longer sees them
}

void DetailMetadata::setRecord(const OutputRecord &record)
{
    setUpdatesEnabled(false);
    clearRecord();

    const QVariant id = record.has(LogField::Id) ? record.value(LogField::Id) : record.key;
    if (!detail::isNullValue(id))
        addRow(tr("ID"), u"meta_id"_s, makeIdRow(detail::valueText(id)));
    if (record.createdAt.isValid() || !fieldText(record, LogField::CreatedAt).isEmpty())
        addTextRow(tr("Created"), u"meta_created_at"_s, formatCreated(record));

    const auto plain = [&](LogField field, const QString &label) {
        const QString text = fieldText(record, field);
        if (!text.isEmpty())
            addTextRow(label, u"meta_"_s + logFieldName(field), text);
    };
    plain(LogField::Feature, tr("Feature"));
    plain(LogField::Model, tr("Model"));
    plain(LogField::UserId, tr("User"));
    plain(LogField::SessionId, tr("Session"));
    // A feedback column that is NULL still says something: the end user has not reacted.
    if (record.has(LogField::Feedback))
        addRow(tr("Feedback"), u"meta_feedback"_s, makeFeedbackChip(record.value(LogField::Feedback)));
    if (const QString prompt = formatPrompt(record); !prompt.isEmpty())
        addTextRow(tr("Prompt"), u"meta_prompt"_s, prompt);
    if (const QString tokens = formatTokens(record); !tokens.isEmpty())
        addTextRow(tr("Tokens"), u"meta_tokens"_s, tokens);
    if (const QVariant cost = record.value(LogField::Cost); !detail::isNullValue(cost))
        addTextRow(tr("Cost"), u"meta_cost"_s, formatCost(cost));
    if (const QVariant latency = record.value(LogField::LatencyMs); !detail::isNullValue(latency))
        addTextRow(tr("Latency"), u"meta_latency_ms"_s, tr("%1 ms").arg(groupedNumber(latency)));

    const bool failed = record.isError();
    if (const QString status = fieldText(record, LogField::Status); !status.isEmpty()) {
        QWidget *label = addTextRow(tr("Status"), u"meta_status"_s, status);
        if (failed)
            label->setStyleSheet(errorStyle(this) + u" font-weight: bold;"_s);
    }
    if (const QString error = fieldText(record, LogField::Error); !error.isEmpty())
        addTextRow(tr("Error"), u"meta_error"_s, error)->setStyleSheet(errorStyle(this));
    if (const QString hash = fieldText(record, LogField::InputHash); !hash.isEmpty()) {
        QWidget *label = addTextRow(tr("Input hash"), u"meta_input_hash"_s, hash);
        label->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    }
    setUpdatesEnabled(true);
}

void DetailMetadata::addRow(const QString &label, const QString &name, QWidget *value)
{
    value->setObjectName(name);
    auto *caption = new QLabel(label);
    caption->setForegroundRole(QPalette::PlaceholderText); // captions recede, values stand out
    m_form->addRow(caption, value);
    // The layout would show them from the event loop; showing now lets the pane size the
    // form to its rows right away (and a grab() taken at once see them).
    caption->show();
    value->show();
}

QWidget *DetailMetadata::addTextRow(const QString &label, const QString &name, const QString &text)
{
    QLabel *value = makeValueLabel(text);
    addRow(label, name, value);
    return value;
}

QWidget *DetailMetadata::makeIdRow(const QString &id)
{
    auto *row = new QWidget;
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *label = makeValueLabel(id);
    label->setObjectName(u"meta_id_text"_s);
    label->setWordWrap(false);
    layout->addWidget(label);
    auto *copy = new QToolButton;
    copy->setObjectName(u"copyIdButton"_s);
    copy->setText(tr("Copy ID"));
    copy->setToolTip(tr("Copy the output's ID to the clipboard"));
    copy->setAutoRaise(true);
    connect(copy, &QToolButton::clicked, copy, [copy, id] {
        QGuiApplication::clipboard()->setText(id);
        copy->setText(tr("Copied"));
        QTimer::singleShot(1500, copy, [copy] { copy->setText(tr("Copy ID")); });
    });
    layout->addWidget(copy);
    layout->addStretch(1);
    return row;
}

QWidget *DetailMetadata::makeFeedbackChip(const QVariant &feedback)
{
    const QString text = detail::valueText(feedback).trimmed();
    const QString kind = text.toLower();
    // Chips carry their own background, so one set of colours works on light and dark themes.
    QString fg = u"#3a3a3a"_s;
    QString bg = u"#e4e4e4"_s;
    if (kind == u"positive") {
        fg = u"#1b6b32"_s;
        bg = u"#d8f1df"_s;
    } else if (kind == u"negative") {
        fg = u"#9b1c1c"_s;
        bg = u"#fbdcdc"_s;
    } else if (kind == u"edited") {
        fg = u"#7a4f00"_s;
        bg = u"#fcecc8"_s;
    }
    auto *chip = new QLabel(text.isEmpty() ? tr("none") : text);
    chip->setTextFormat(Qt::PlainText);
    chip->setStyleSheet(u"QLabel { color: %1; background: %2; border-radius: 9px; padding: 1px 10px; }"_s
                            .arg(fg, bg));
    chip->setSizePolicy(QSizePolicy::Maximum, QSizePolicy::Fixed);
    return chip;
}

} // namespace assay
