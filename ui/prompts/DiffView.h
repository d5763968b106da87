#pragma once

#include "prompts/PromptTemplate.h"
#include "prompts/TextDiff.h"

#include <QAbstractScrollArea>

#include <vector>

namespace assay {

// A line diff drawn directly, side by side (aligned rows, changed lines paired) or unified
// (hunks with three lines of context). Only the rows on screen are painted, and their
// word-level spans are computed when they first show (fillWordSpans), so a 5,000-line diff
// costs the UI thread a layout pass over row lengths and one screenful of work per paint.
// Long lines wrap at the column width in a fixed-pitch font, which keeps that layout exact.
class DiffView : public QAbstractScrollArea {
    Q_OBJECT
public:
    explicit DiffView(QWidget *parent = nullptr);

    // Takes a diff made without word spans (or with); styles say how to find variables.
    void setDiff(TextDiff diff, TemplateStyle leftStyle, TemplateStyle rightStyle);
    void clear();
    const TextDiff &diff() const { return m_diff; }

    void setUnified(bool unified);
    bool isUnified() const { return m_unified; }

    // Rows as laid out now (side-by-side rows, or unified lines and hunk headers).
    int visualRowCount() const { return static_cast<int>(m_rows.size()); }
    // The text of a visual row as a plain line ("-old" / "+new" / " same" when unified,
    // "old | new" side by side), for tests and accessibility.
    QString rowText(int row) const;

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    enum class CellKind { None, Context, Removed, Added, Hunk };
    struct Cell {
        CellKind kind = CellKind::None;
        int line = -1;    // index into left (Removed, or Context side by side) or right lines
        bool left = true; // which text `line` indexes
        int diffRow = -1; // the TextDiff row, for word spans
        QString hunk;     // Hunk: the @@ header
    };
    struct VisualRow {
        Cell a;
        Cell b; // side by side: the right cell; unused when unified
    };

    void rebuildRows();
    void relayout();
    int cellLines(const Cell &cell) const;
    QString cellText(const Cell &cell) const;
    void paintCell(QPainter &p, const Cell &cell, int x, int y, int width, int height);
    int gutterWidth() const;

    TextDiff m_diff;
    TemplateStyle m_leftStyle = TemplateStyle::DoubleBrace;
    TemplateStyle m_rightStyle = TemplateStyle::DoubleBrace;
    bool m_unified = false;
    std::vector<VisualRow> m_rows;
    std::vector<int> m_top; // y of each row's top; size rows + 1
    int m_columns = 80;     // characters per wrapped line
    qreal m_charWidth = 8; // fractional: rounding drifts a long line off its spans
    int m_lineHeight = 16;
};

} // namespace assay
