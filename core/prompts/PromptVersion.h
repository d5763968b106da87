#pragma once

#include <QDateTime>
#include <QString>
#include <QStringList>
#include <QVariant>

#include "util/Result.h"

#include <optional>

namespace assay {

// Where a prompt version lives. The log's prompt_name/prompt_version point at Table or Folder
// versions; drafts are Assay's own, kept in the workspace until someone saves them for real.
enum class PromptOrigin { Table, Folder, Draft };

QString promptOriginName(PromptOrigin origin); // "table", "folder", "draft"

// One version of one prompt, whatever registry it came from.
struct PromptVersion {
    QString name;    // "ticket_summary"
    QString version; // "v3"
    QString template_;
    QString model;
    std::optional<double> temperature;
    std::optional<int> maxTokens;
    QStringList labels; // "production", "staging", ...
    QString author;
    QString note;
    QDateTime createdAt; // UTC; invalid when the registry does not say
    PromptOrigin origin = PromptOrigin::Table;
    QString location; // secret-free: the table, the file path, or "draft 7"

    QString ref() const { return name + u'@' + version; } // "ticket_summary@v3"
    bool operator==(const PromptVersion &) const = default;
};

// What every registry asks of a version before saving it: a name, a version and a template,
// none of them blank, and no line breaks in the name or version.
Result<void> checkNewVersion(const PromptVersion &version);

// "NAME" or "NAME@VERSION" as users type them; the version is empty when not given.
struct PromptRef {
    QString name;
    QString version;
    static std::optional<PromptRef> parse(const QString &text);
};

// How versions of one prompt are ordered, oldest first; the last one is "the latest".
// Natural: by the numbers inside the version text ("v2" < "v10", "1.9" < "1.10"), then created_at.
// CreatedAt: by created_at (unknown dates first), then naturally.
enum class VersionOrder { Natural, CreatedAt };

// <0, 0, >0 like strcmp. Digit runs compare as numbers, the rest case-insensitively; texts that
// tie that way ("v01" and "v1") fall back to a plain comparison so the order stays total.
int compareVersionsNaturally(QStringView a, QStringView b);

// Sorts by name, then by `order` within a name.
void sortPromptVersions(QList<PromptVersion> &versions, VersionOrder order);

// Labels as registries store them: a JSON array (["production"]), a comma-separated list
// ("production, staging") or one word. Empty and NULL give none.
QStringList parseLabels(const QVariant &value);
// The JSON array text Assay writes: ["production","staging"].
QString labelsToJson(const QStringList &labels);

// The numbers as users read them: "0.2", "800"; empty when unset.
QString formatTemperature(const std::optional<double> &temperature);
QString formatMaxTokens(const std::optional<int> &maxTokens);

} // namespace assay
