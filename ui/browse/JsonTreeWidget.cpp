#include "browse/JsonTreeWidget.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QHeaderView>
#include <QLocale>
#include <QMenu>

namespace assay {

using namespace Qt::StringLiterals;

namespace {

// Past these a tree stops being readable anyway, and QTreeWidget slows down visibly.
constexpr int kMaxChildren = 1000;
constexpr int kMaxItems = 20000;
constexpr qsizetype kMaxShownChars = 300;
constexpr qsizetype kMaxTooltipChars = 2000;

enum Role {
    StringValueRole = Qt::UserRole, // decoded string, for strings only
    SourceStartRole,                // where the value starts in the JSON text
    SourceEndRole,
    IsIndexRole, // key is an array index: paths write it as [i], not .key
};

// A small recursive-descent reader over text QJsonDocument already accepted. It builds items
// as it goes so key order survives; with item == nullptr it only skips (past the caps).
class TreeBuilder {
public:
    explicit TreeBuilder(QStringView text) : m_text(text) {}

    void buildTopLevel(QTreeWidget *tree)
    {
        skipSpace();
        if (atEnd())
            return;
        const QChar c = m_text[m_pos];
        if (c == u'{' || c == u'[') {
            readContainer(tree->invisibleRootItem());
        } else {
            auto *item = newItem(tree->invisibleRootItem());
            if (item)
                item->setText(JsonTreeWidget::KeyColumn, u"(value)"_s);
            readValue(item);
        }
    }

private:
    bool atEnd() const { return m_pos >= m_text.size(); }

    void skipSpace()
    {
        while (!atEnd() && (m_text[m_pos] == u' ' || m_text[m_pos] == u'\t' || m_text[m_pos] == u'\n'
                            || m_text[m_pos] == u'\r'))
            ++m_pos;
    }

    QTreeWidgetItem *newItem(QTreeWidgetItem *parent)
    {
        if (!parent || m_items >= kMaxItems)
            return nullptr;
        ++m_items;
        return new QTreeWidgetItem(parent);
    }

    // Reads the members of the object or array at m_pos into parent; returns how many.
    int readContainer(QTreeWidgetItem *parent)
    {
        const bool isObject = m_text[m_pos] == u'{';
        const QChar close = isObject ? u'}' : u']';
        ++m_pos;
        int count = 0;
        for (;;) {
            skipSpace();
            if (atEnd())
                break;
            if (m_text[m_pos] == close) {
                ++m_pos;
                break;
            }
            if (m_text[m_pos] == u',') {
                ++m_pos;
                continue;
            }
            QString key;
            if (isObject) {
                key = readString();
                skipSpace();
                if (!atEnd() && m_text[m_pos] == u':')
                    ++m_pos;
                skipSpace();
            } else {
                key = u"[%1]"_s.arg(count);
            }
            QTreeWidgetItem *item = count < kMaxChildren ? newItem(parent) : nullptr;
            if (item) {
                item->setText(JsonTreeWidget::KeyColumn, key);
                item->setData(JsonTreeWidget::KeyColumn, IsIndexRole, !isObject);
            }
            readValue(item);
            ++count;
        }
        if (parent && count > kMaxChildren) {
            auto *more = new QTreeWidgetItem(parent);
            more->setText(JsonTreeWidget::KeyColumn, u"…"_s);
            more->setText(JsonTreeWidget::ValueColumn,
                          u"%1 more not shown"_s.arg(QLocale().toString(count - kMaxChildren)));
            more->setFlags(Qt::ItemIsEnabled);
        }
        return count;
    }

    void readValue(QTreeWidgetItem *item)
    {
        skipSpace();
        if (atEnd())
            return;
        const qsizetype start = m_pos;
        const QChar c = m_text[m_pos];
        QString value;
        QString type;
        if (c == u'{' || c == u'[') {
            const int n = readContainer(item);
            const bool isObject = c == u'{';
            type = isObject ? u"object"_s : u"array"_s;
            value = isObject ? (n == 1 ? u"{1 key}"_s : u"{%1 keys}"_s.arg(QLocale().toString(n)))
                             : (n == 1 ? u"[1 item]"_s : u"[%1 items]"_s.arg(QLocale().toString(n)));
        } else if (c == u'"') {
            const QString s = readString();
            type = u"string"_s;
            if (item) {
                item->setData(JsonTreeWidget::ValueColumn, StringValueRole, s);
                value = oneLine(s);
                item->setToolTip(JsonTreeWidget::ValueColumn, s.left(kMaxTooltipChars));
            }
        } else {
            // Numbers and literals: keep the digits exactly as written.
            while (!atEnd() && m_text[m_pos] != u',' && m_text[m_pos] != u'}' && m_text[m_pos] != u']'
                   && m_text[m_pos] != u' ' && m_text[m_pos] != u'\n' && m_text[m_pos] != u'\r'
                   && m_text[m_pos] != u'\t')
                ++m_pos;
            value = m_text.sliced(start, m_pos - start).toString();
            type = c == u't' || c == u'f' ? u"boolean"_s : c == u'n' ? u"null"_s : u"number"_s;
        }
        if (!item)
            return;
        item->setText(JsonTreeWidget::ValueColumn, value);
        item->setText(JsonTreeWidget::TypeColumn, type);
        item->setData(JsonTreeWidget::KeyColumn, SourceStartRole, start);
        item->setData(JsonTreeWidget::KeyColumn, SourceEndRole, m_pos);
        if (type == u"object" || type == u"array" || type == u"null") {
            // Summaries and nulls are not data the user typed: keep them visually quieter.
            item->setForeground(JsonTreeWidget::ValueColumn, item->treeWidget()->palette().placeholderText());
        }
    }

    // Reads a JSON string at m_pos (the opening quote) and decodes its escapes.
    QString readString()
    {
        QString out;
        if (atEnd() || m_text[m_pos] != u'"')
            return out;
        ++m_pos;
        while (!atEnd()) {
            const QChar c = m_text[m_pos++];
            if (c == u'"')
                break;
            if (c != u'\\' || atEnd()) {
                out += c;
                continue;
            }
            const QChar e = m_text[m_pos++];
            switch (e.unicode()) {
            case u'n': out += u'\n'; break;
            case u't': out += u'\t'; break;
            case u'r': out += u'\r'; break;
            case u'b': out += u'\b'; break;
            case u'f': out += u'\f'; break;
            case u'u': {
                bool ok = false;
                const ushort code = m_text.mid(m_pos, 4).toUShort(&ok, 16);
                m_pos = qMin(m_pos + 4, m_text.size());
                // Surrogate halves arrive as two \u escapes; appended in turn they pair up.
                out += ok ? QChar(code) : QChar::ReplacementCharacter;
                break;
            }
            default: out += e; break; // \" \\ \/
            }
        }
        return out;
    }

    static QString oneLine(const QString &s)
    {
        QString shown = s.left(kMaxShownChars);
        shown.replace(u'\n', u'↵');
        shown.replace(u'\t', u' ');
        shown.remove(u'\r');
        if (s.size() > kMaxShownChars)
            shown += u'…';
        return shown;
    }

    QStringView m_text;
    qsizetype m_pos = 0;
    int m_items = 0;
};

} // namespace

JsonTreeWidget::JsonTreeWidget(QWidget *parent) : QTreeWidget(parent)
{
    setColumnCount(3);
    setHeaderLabels({tr("Key"), tr("Value"), tr("Type")});
    setUniformRowHeights(true); // every value is shown on one line; lets big trees scroll fast
    setAlternatingRowColors(true);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setTextElideMode(Qt::ElideRight);
    header()->setStretchLastSection(false);
    header()->setSectionResizeMode(KeyColumn, QHeaderView::Interactive);
    header()->setSectionResizeMode(ValueColumn, QHeaderView::Stretch);
    header()->setSectionResizeMode(TypeColumn, QHeaderView::ResizeToContents);
    setContextMenuPolicy(Qt::CustomContextMenu);
    connect(this, &QWidget::customContextMenuRequested, this, &JsonTreeWidget::showContextMenu);
}

void JsonTreeWidget::setJson(const QString &text)
{
    setUpdatesEnabled(false);
    clear();
    m_source = text;
    TreeBuilder(m_source).buildTopLevel(this);
    expandToDepth(1);
    resizeColumnToContents(KeyColumn);
    // A very long key should not push the values off screen.
    setColumnWidth(KeyColumn, qMin(columnWidth(KeyColumn) + 12, qMax(160, width() * 2 / 5)));
    setUpdatesEnabled(true);
}

void JsonTreeWidget::clearJson()
{
    clear();
    m_source.clear();
}

QString JsonTreeWidget::fullValue(const QTreeWidgetItem *item) const
{
    if (!item)
        return {};
    const QVariant decoded = item->data(ValueColumn, StringValueRole);
    if (decoded.isValid())
        return decoded.toString();
    const QVariant start = item->data(KeyColumn, SourceStartRole);
    const QVariant end = item->data(KeyColumn, SourceEndRole);
    if (!start.isValid() || !end.isValid())
        return item->text(ValueColumn);
    return m_source.sliced(start.toLongLong(), end.toLongLong() - start.toLongLong());
}

QString JsonTreeWidget::keyPath(const QTreeWidgetItem *item)
{
    QList<const QTreeWidgetItem *> chain;
    for (; item; item = item->parent())
        chain.prepend(item);
    QString path;
    for (const QTreeWidgetItem *link : chain) {
        const QString key = link->text(KeyColumn);
        if (link->data(KeyColumn, IsIndexRole).toBool() || path.isEmpty())
            path += key;
        else
            path += u'.' + key;
    }
    return path;
}

void JsonTreeWidget::showContextMenu(const QPoint &pos)
{
    QTreeWidgetItem *item = itemAt(pos);
    if (!item || !item->data(KeyColumn, SourceStartRole).isValid())
        return;
    QMenu menu(this);
    menu.addAction(tr("Copy value"), this,
                   [this, item] { QGuiApplication::clipboard()->setText(fullValue(item)); });
    menu.addAction(tr("Copy key path"), this,
                   [item] { QGuiApplication::clipboard()->setText(keyPath(item)); });
    menu.exec(viewport()->mapToGlobal(pos));
}

} // namespace assay
