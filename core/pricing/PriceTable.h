#pragma once

#include "pricing/LiteLlmImport.h"
#include "pricing/ModelPrice.h"
#include "util/Result.h"

#include <QDate>
#include <QHash>
#include <QList>
#include <QRegularExpression>
#include <QString>

#include <optional>

namespace assay {

// The prices Assay charges calls at: the built-in list prices, an imported LiteLLM table and the
// user's own rows, each layer above the one before (PriceSource). A value type; copy it to a
// worker thread rather than sharing one across threads.
class PriceTable {
public:
    PriceTable() = default;

    // A table holding the built-in list prices (the default-prices.json resource).
    static PriceTable withDefaults();
    static Result<QList<ModelPrice>> builtInRows();

    const QList<ModelPrice> &rows() const { return m_rows; }
    QList<ModelPrice> rows(PriceSource source) const;

    // Adds a row, replacing one of the same layer, pattern and effective date. Fails on an invalid regex.
    Result<void> add(const ModelPrice &row);
    // Replaces one layer's rows entirely; rows are re-labelled with that source.
    Result<void> setRows(PriceSource source, const QList<ModelPrice> &rows);

    // Overrides: the Imported and User layers, in the price file format (PriceFile.h). Loading
    // replaces both layers; the built-in rows stay.
    Result<void> loadOverrides(const QByteArray &json);
    Result<void> loadOverridesFile(const QString &path);
    QByteArray overridesJson() const;
    Result<void> saveOverridesFile(const QString &path) const;

    // Replaces the Imported layer with LiteLLM's table; the report counts what was taken and skipped.
    Result<LiteLlmImport> importLiteLlm(const QByteArray &json);

    // The price in force for `model` on `when` (an invalid date means today), or nothing when no
    // row covers it. Layers are tried from User down to BuiltIn; within a layer an exact name wins
    // (as logged, then without a provider prefix such as "anthropic/" or "models/"), then the most
    // specific of the patterns and of the exact names the model is a dated snapshot of
    // ("claude-sonnet-4-5-20250929", "gpt-4o-2024-08-06", "...@20250929", "...-latest").
    // Among rows with the same name, the one with the latest effectiveFrom not after `when` wins.
    std::optional<ModelPrice> find(const QString &model, const QDate &when = QDate()) const;

private:
    struct Candidate {
        qsizetype row = -1;
        qsizetype specificity = -1;
        bool exact = false;
    };
    void reindex();
    std::optional<qsizetype> bestExact(PriceSource layer, const QString &name, const QDate &day) const;
    bool better(const Candidate &a, const Candidate &b) const;

    QList<ModelPrice> m_rows;
    QHash<QString, QList<qsizetype>> m_exact;                   // lower-cased name -> rows
    QList<std::pair<qsizetype, QRegularExpression>> m_patterns; // glob and regex rows, compiled
};

} // namespace assay
