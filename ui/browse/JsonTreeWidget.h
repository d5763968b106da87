#pragma once

#include <QString>
#include <QStringView>
#include <QTreeWidget>

namespace assay {

// A read-only key / value / type tree of one JSON value, keys in the order the log wrote them
// (QJsonObject would sort them, which scrambles a prompt's template variables). Large
// containers and long strings are capped so a multi-megabyte input still opens at once; the
// context menu copies a node's full value or its key path.
class JsonTreeWidget : public QTreeWidget {
    Q_OBJECT
public:
    enum Column { KeyColumn, ValueColumn, TypeColumn };

    explicit JsonTreeWidget(QWidget *parent = nullptr);

    // text must be valid JSON (checkJson(text).valid); invalid input yields a partial tree.
    // Expands the first two levels.
    void setJson(const QString &text);
    void clearJson();

    // The full value of an item: decoded text for strings, the JSON source for the rest.
    QString fullValue(const QTreeWidgetItem *item) const;
    // "customer.tickets[0].subject", for pasting into a note or a query.
    static QString keyPath(const QTreeWidgetItem *item);

private:
    void showContextMenu(const QPoint &pos);

    QString m_source;
};

} // namespace assay
