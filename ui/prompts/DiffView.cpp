#include "prompts/DiffView.h"

#include "prompts/UnifiedDiff.h"

#include <QFontDatabase>
#include <QPaintEvent>
#include <QPainter>
#include <QScrollBar>
#include <QtMath>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace assay {

namespace {

const QColor removedLine(0xff, 0xeb, 0xe9);
const QColor removedWord(0xff, 0xb3, 0xad);
const QColor addedLine(0xe6, 0xff, 0xec);
const QColor addedWord(0x9c, 0xe6, 0xa8);
const QColor emptyCell(0xf3, 0xf3, 0xf3);
const QColor hunkCell(0xdd, 0xf4, 0xff);
const QColor gutterText(0x88, 0x88, 0x88);
const QColor variableText(0x6a, 0x1b, 0x9a);

int digits(qsizetype n)
{
    int d = 1;
    while (n >= 10) {
        n /= 10;
        ++d;
    }
    return d;
}

// Where each wrapped piece of a line starts: after the last space that fits, as editors wrap,
// or at the column width when a word is longer than that.
std::vector<qsizetype> wrapStarts(const QString &text, int columns)
{
    std::vector<qsizetype> starts{0};
    qsizetype start = 0;
    while (text.size() - start > columns) {
        qsizetype cut = start + columns;
        for (qsizetype i = cut; i > start + columns / 2; --i) {
            if (text.at(i - 1) == u' ') {
                cut = i;
                break;
            }
        }
        starts.push_back(cut);
        start = cut;
    }
    return starts;
}

} // namespace

DiffView::DiffView(QWidget *parent) : QAbstractScrollArea(parent)
{
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    setFont(mono);
    viewport()->setBackgroundRole(QPalette::Base);
    viewport()->setAutoFillBackground(true);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff); // lines wrap
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOn);     // a stable width keeps the wrap stable
}

void DiffView::setDiff(TextDiff diff, TemplateStyle leftStyle, TemplateStyle rightStyle)
{
    m_diff = std::move(diff);
    m_leftStyle = leftStyle;
    m_rightStyle = rightStyle;
    rebuildRows();
}

void DiffView::clear()
{
    setDiff({}, TemplateStyle::DoubleBrace, TemplateStyle::DoubleBrace);
}

void DiffView::setUnified(bool unified)
{
    if (unified == m_unified)
        return;
    m_unified = unified;
    rebuildRows();
}

void DiffView::rebuildRows()
{
    m_rows.clear();
    if (!m_unified) {
        m_rows.reserve(static_cast<size_t>(m_diff.rows.size()));
        for (int i = 0; i < m_diff.rows.size(); ++i) {
            const DiffRow &r = m_diff.rows.at(i);
            VisualRow v;
            const bool equal = r.kind == RowKind::Equal;
            if (r.left >= 0)
                v.a = Cell{equal ? CellKind::Context : CellKind::Removed, r.left, true, i, {}};
            if (r.right >= 0)
                v.b = Cell{equal ? CellKind::Context : CellKind::Added, r.right, false, i, {}};
            m_rows.push_back(std::move(v));
        }
    } else {
        // As `diff -u` reads: per hunk, context lines, and each run of changes as its removed
        // lines followed by its added lines.
        for (const DiffHunk &h : diffHunks(m_diff, 3)) {
            m_rows.push_back(VisualRow{Cell{CellKind::Hunk, -1, true, -1, hunkHeader(h)}, {}});
            int i = h.firstRow;
            while (i <= h.lastRow) {
                const DiffRow &r = m_diff.rows.at(i);
                if (r.kind == RowKind::Equal) {
                    m_rows.push_back(VisualRow{Cell{CellKind::Context, r.left, true, i, {}}, {}});
                    ++i;
                    continue;
                }
                int end = i;
                while (end <= h.lastRow && m_diff.rows.at(end).kind != RowKind::Equal)
                    ++end;
                for (int j = i; j < end; ++j) {
                    if (m_diff.rows.at(j).left >= 0)
                        m_rows.push_back(VisualRow{Cell{CellKind::Removed, m_diff.rows.at(j).left, true, j, {}}, {}});
                }
                for (int j = i; j < end; ++j) {
                    if (m_diff.rows.at(j).right >= 0)
                        m_rows.push_back(VisualRow{Cell{CellKind::Added, m_diff.rows.at(j).right, false, j, {}}, {}});
                }
                i = end;
            }
        }
    }
    relayout();
}

int DiffView::gutterWidth() const
{
    const int d = digits(std::max(m_diff.left.size(), m_diff.right.size()));
    return qCeil(m_unified ? (2 * d + 3) * m_charWidth : (d + 2) * m_charWidth);
}

QString DiffView::cellText(const Cell &cell) const
{
    if (cell.kind == CellKind::Hunk)
        return cell.hunk;
    if (cell.line < 0)
        return {};
    const QStringList &lines = cell.left ? m_diff.left : m_diff.right;
    return cell.line < lines.size() ? lines.at(cell.line) : QString();
}

int DiffView::cellLines(const Cell &cell) const
{
    const QString text = cellText(cell);
    if (text.size() <= m_columns)
        return 1;
    return static_cast<int>(wrapStarts(text, m_columns).size());
}

void DiffView::relayout()
{
    const QFontMetricsF fm(font());
    m_charWidth = std::max<qreal>(1.0, fm.horizontalAdvance(u'M'));
    m_lineHeight = qCeil(fm.height()) + 2;
    const int panes = m_unified ? 1 : 2;
    const int textWidth = viewport()->width() / panes - gutterWidth() - 8;
    m_columns = std::max(20, static_cast<int>(textWidth / m_charWidth));
    m_top.assign(m_rows.size() + 1, 0);
    for (size_t i = 0; i < m_rows.size(); ++i) {
        const int lines = m_unified ? cellLines(m_rows[i].a) : std::max(cellLines(m_rows[i].a), cellLines(m_rows[i].b));
        m_top[i + 1] = m_top[i] + lines * m_lineHeight;
    }
    verticalScrollBar()->setRange(0, std::max(0, m_top.back() - viewport()->height()));
    verticalScrollBar()->setPageStep(viewport()->height());
    verticalScrollBar()->setSingleStep(m_lineHeight);
    viewport()->update();
}

void DiffView::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    relayout();
}

QString DiffView::rowText(int row) const
{
    if (row < 0 || row >= visualRowCount())
        return {};
    const VisualRow &v = m_rows[static_cast<size_t>(row)];
    if (m_unified) {
        switch (v.a.kind) {
        case CellKind::Removed: return u'-' + cellText(v.a);
        case CellKind::Added: return u'+' + cellText(v.a);
        case CellKind::Hunk: return cellText(v.a);
        default: return u' ' + cellText(v.a);
        }
    }
    return cellText(v.a) + u" | "_s + cellText(v.b);
}

void DiffView::paintEvent(QPaintEvent *event)
{
    QPainter p(viewport());
    p.setFont(font());
    const int offset = verticalScrollBar()->value();
    const QRect area = event->rect();
    if (m_rows.empty()) {
        p.setPen(gutterText);
        p.drawText(viewport()->rect(), Qt::AlignCenter,
                   m_diff.left.isEmpty() && m_diff.right.isEmpty() ? tr("Nothing to compare") : tr("The texts are identical"));
        return;
    }
    // First row whose bottom is below the top of the area.
    auto it = std::upper_bound(m_top.begin(), m_top.end(), area.top() + offset);
    size_t first = it == m_top.begin() ? 0 : static_cast<size_t>(it - m_top.begin() - 1);
    size_t last = first;
    while (last + 1 < m_rows.size() && m_top[last + 1] < area.bottom() + offset)
        ++last;

    // Word spans only for what is on screen.
    int lo = -1, hi = -1;
    for (size_t i = first; i <= last && i < m_rows.size(); ++i) {
        for (const Cell *c : {&m_rows[i].a, &m_rows[i].b}) {
            if (c->diffRow >= 0 && m_diff.rows.at(c->diffRow).kind == RowKind::Changed) {
                lo = lo < 0 ? c->diffRow : std::min(lo, c->diffRow);
                hi = std::max(hi, c->diffRow);
            }
        }
    }
    if (lo >= 0)
        fillWordSpans(m_diff, lo, hi);

    const int width = viewport()->width();
    for (size_t i = first; i <= last && i < m_rows.size(); ++i) {
        const int y = m_top[i] - offset;
        const int h = m_top[i + 1] - m_top[i];
        if (m_unified) {
            paintCell(p, m_rows[i].a, 0, y, width, h);
        } else {
            paintCell(p, m_rows[i].a, 0, y, width / 2, h);
            paintCell(p, m_rows[i].b, width / 2, y, width - width / 2, h);
        }
    }
    if (!m_unified) {
        p.setPen(palette().color(QPalette::Mid));
        p.drawLine(width / 2, area.top(), width / 2, area.bottom());
    }
}

void DiffView::paintCell(QPainter &p, const Cell &cell, int x, int y, int width, int height)
{
    const QRect rect(x, y, width, height);
    switch (cell.kind) {
    case CellKind::None: p.fillRect(rect, emptyCell); return;
    case CellKind::Removed: p.fillRect(rect, removedLine); break;
    case CellKind::Added: p.fillRect(rect, addedLine); break;
    case CellKind::Hunk: p.fillRect(rect, hunkCell); break;
    case CellKind::Context: break;
    }
    const QFontMetrics fm(p.font());
    const int baseline = fm.ascent() + 1;
    const int gutter = gutterWidth();
    if (cell.kind == CellKind::Hunk) {
        p.setPen(gutterText);
        p.drawText(x + 4, y + baseline, cell.hunk);
        return;
    }
    // Gutter: the line number (both numbers and the marker when unified).
    p.setPen(gutterText);
    const DiffRow &row = m_diff.rows.at(cell.diffRow);
    const int d = digits(std::max(m_diff.left.size(), m_diff.right.size()));
    if (m_unified) {
        const QString l = row.left >= 0 && cell.kind != CellKind::Added ? QString::number(row.left + 1) : QString();
        const QString r = row.right >= 0 && cell.kind != CellKind::Removed ? QString::number(row.right + 1) : QString();
        const QChar mark = cell.kind == CellKind::Removed ? u'-' : cell.kind == CellKind::Added ? u'+' : u' ';
        p.drawText(x + 2, y + baseline, l.rightJustified(d) + u' ' + r.rightJustified(d) + u' ' + mark);
    } else {
        p.drawText(x + 2, y + baseline, QString::number(cell.line + 1).rightJustified(d));
    }

    QString text = cellText(cell);
    text.replace(u'\t', u' '); // one cell per character keeps wrapping and spans exact
    const int tx = x + gutter + 4;
    const QList<TextSpan> &spans = cell.left ? row.leftSpans : row.rightSpans;
    const TemplateStyle style = cell.left ? m_leftStyle : m_rightStyle;
    QList<TemplatePlaceholder> vars;
    if (text.contains(u'{'))
        vars = PromptTemplate::parse(text, style).placeholders();
    const QColor word = cell.kind == CellKind::Removed ? removedWord : addedWord;
    const QColor ink = palette().color(QPalette::Text);

    const std::vector<qsizetype> starts = wrapStarts(text, m_columns);
    for (size_t line = 0; line < starts.size(); ++line) {
        const qsizetype start = starts[line];
        const qsizetype end = line + 1 < starts.size() ? starts[line + 1] : text.size();
        const int ly = y + static_cast<int>(line) * m_lineHeight;
        if (row.kind == RowKind::Changed && cell.kind != CellKind::Context) {
            for (const TextSpan &s : spans) {
                const qsizetype a = std::max(s.start, start), b = std::min(s.start + s.length, end);
                if (a < b)
                    p.fillRect(QRectF(tx + static_cast<qreal>(a - start) * m_charWidth, ly,
                                      static_cast<qreal>(b - a) * m_charWidth, m_lineHeight), word);
            }
        }
        // Runs of plain text and of variables, each drawn once.
        qsizetype pos = start;
        auto drawRun = [&](qsizetype from, qsizetype to, const QColor &color) {
            if (from >= to)
                return;
            p.setPen(color);
            p.drawText(QPointF(tx + static_cast<qreal>(from - start) * m_charWidth, ly + baseline), text.mid(from, to - from));
        };
        for (const TemplatePlaceholder &v : std::as_const(vars)) {
            const qsizetype a = std::max(v.start, start), b = std::min(v.start + v.length, end);
            if (a >= b)
                continue;
            drawRun(pos, a, ink);
            drawRun(a, b, variableText);
            pos = b;
        }
        drawRun(pos, end, ink);
    }
}

} // namespace assay
