#include "replay/ReplayTargetsTable.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHeaderView>
#include <QLineEdit>
#include <QSpinBox>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

enum Column { Prompt, Provider, Model, MaxTokens, Temperature, BaseUrl, ColumnCount };

// The spin box's minimum stands for "the prompt version's own temperature".
constexpr double versionTemperature = -0.1;

} // namespace

ReplayTargetsTable::ReplayTargetsTable(const QStringList &promptRefs, QWidget *parent)
    : QTableWidget(0, ColumnCount, parent), m_promptRefs(promptRefs)
{
    setObjectName(u"replayTargets"_s);
    setHorizontalHeaderLabels({tr("Prompt"), tr("Provider"), tr("Model"), tr("Max tokens"), tr("Temperature"), tr("Base URL")});
    horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    horizontalHeader()->setStretchLastSection(true);
    verticalHeader()->hide();
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setColumnWidth(Prompt, 190);
    setColumnWidth(Provider, 150);
    setColumnWidth(Model, 170);
    setColumnWidth(MaxTokens, 90);
    setColumnWidth(Temperature, 100);
}

void ReplayTargetsTable::addTarget(const ReplayTarget &target)
{
    const int row = rowCount();
    insertRow(row);

    auto *prompt = new QComboBox(this);
    prompt->setEditable(true);
    prompt->addItems(m_promptRefs);
    const QString ref = target.promptVersion.isEmpty() ? target.promptName : target.promptRef();
    if (!ref.isEmpty())
        prompt->setCurrentText(ref);
    connect(prompt, &QComboBox::currentTextChanged, this, &ReplayTargetsTable::edited);
    setCellWidget(row, Prompt, prompt);

    auto *provider = new QComboBox(this);
    provider->addItems({u"anthropic"_s, u"openai"_s, u"gemini"_s, u"openai-compatible"_s});
    if (!target.provider.isEmpty())
        provider->setCurrentText(target.provider);
    connect(provider, &QComboBox::currentTextChanged, this, &ReplayTargetsTable::edited);
    setCellWidget(row, Provider, provider);

    auto *model = new QLineEdit(target.model, this);
    model->setPlaceholderText(tr("the version's own"));
    connect(model, &QLineEdit::textChanged, this, &ReplayTargetsTable::edited);
    setCellWidget(row, Model, model);

    auto *maxTokens = new QSpinBox(this);
    maxTokens->setRange(0, 1'000'000);
    maxTokens->setSpecialValueText(tr("version's"));
    maxTokens->setValue(target.maxTokens);
    connect(maxTokens, &QSpinBox::valueChanged, this, &ReplayTargetsTable::edited);
    setCellWidget(row, MaxTokens, maxTokens);

    auto *temperature = new QDoubleSpinBox(this);
    temperature->setRange(versionTemperature, 2.0);
    temperature->setSingleStep(0.1);
    temperature->setDecimals(2);
    temperature->setSpecialValueText(tr("version's"));
    temperature->setValue(target.temperature.value_or(versionTemperature));
    connect(temperature, &QDoubleSpinBox::valueChanged, this, &ReplayTargetsTable::edited);
    setCellWidget(row, Temperature, temperature);

    auto *baseUrl = new QLineEdit(target.baseUrl, this);
    baseUrl->setPlaceholderText(tr("default (or *_BASE_URL)"));
    connect(baseUrl, &QLineEdit::textChanged, this, &ReplayTargetsTable::edited);
    setCellWidget(row, BaseUrl, baseUrl);
    Q_EMIT edited();
}

void ReplayTargetsTable::removeCurrentTarget()
{
    const int row = currentRow() >= 0 ? currentRow() : rowCount() - 1;
    if (row < 0)
        return;
    removeRow(row);
    Q_EMIT edited();
}

void ReplayTargetsTable::clearTargets()
{
    setRowCount(0);
    Q_EMIT edited();
}

QList<ReplayTarget> ReplayTargetsTable::targets(QString *problem) const
{
    QList<ReplayTarget> list;
    for (int row = 0; row < rowCount(); ++row) {
        ReplayTarget t;
        const QString ref = qobject_cast<QComboBox *>(cellWidget(row, Prompt))->currentText().trimmed();
        t.promptName = ref.section(u'@', 0, 0).trimmed();
        t.promptVersion = ref.contains(u'@') ? ref.section(u'@', 1).trimmed() : QString();
        if (t.promptName.isEmpty() || (ref.contains(u'@') && t.promptVersion.isEmpty())) {
            if (problem)
                *problem = tr("Target %1: choose a prompt as NAME@VERSION.").arg(row + 1);
            return {};
        }
        t.provider = qobject_cast<QComboBox *>(cellWidget(row, Provider))->currentText();
        t.model = qobject_cast<QLineEdit *>(cellWidget(row, Model))->text().trimmed();
        t.maxTokens = qobject_cast<QSpinBox *>(cellWidget(row, MaxTokens))->value();
        const double temperature = qobject_cast<QDoubleSpinBox *>(cellWidget(row, Temperature))->value();
        if (temperature > versionTemperature / 2)
            t.temperature = temperature;
        t.baseUrl = qobject_cast<QLineEdit *>(cellWidget(row, BaseUrl))->text().trimmed();
        list << t;
    }
    return list;
}

} // namespace assay
