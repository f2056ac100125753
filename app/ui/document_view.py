"""The right-to-left text view with span highlights.

* ``QPlainTextEdit``: a 5 MB text lays out in ~30 ms (``QTextEdit`` costs ~107 ms/MB).
* Right-to-left paragraphs aligned ``AlignRight | AlignAbsolute``; the bidi algorithm
  places digits and Latin words.
* Spans are drawn as ``ExtraSelection``s, for the *visible* spans only, recomputed on
  scroll and resize: this costs the same at 10 spans or 10,000, and unlike
  ``mergeCharFormat``/``QSyntaxHighlighter`` it never splits a glyph run, so lam-alef and
  other ligatures stay intact when a span starts or ends inside a word.
* Nesting stays readable: under every visible span a bar in its label's colour is painted,
  one level lower per nesting depth (outermost at the bottom), as brat and INCEpTION do.
* Invisible and bidi control characters are displayed as visible marks of the same UTF-16
  length (``app.core.marks``): offsets do not move, an override cannot reorder the display,
  and copying takes the original characters. Markup is never interpreted (plain text).
* Qt positions are UTF-16 units; the session's :class:`Utf16Map` converts them at this
  boundary and nowhere else.
* Pathological text (millions of combining marks on one letter, a line of megabytes) is
  displayed through ``app.core.display``: marks beyond the 30th in a row as ◌, lines longer
  than 10,000 characters in pieces, each replacement of the same UTF-16 length. The view
  says so in the window's status bar and in tooltips; the text and every offset are unchanged.
"""

from __future__ import annotations

import html
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QLocale, QMimeData, QPoint, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QMouseEvent,
    QPainter,
    QPalette,
    QStatusTipEvent,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
    QTextOption,
)
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QTextEdit, QToolTip, QWidget

from app.core import display, marks
from app.core.bidi import isolate
from app.core.labels import dark_tint, tint
from app.core.spans import SpanRecord
from app.services.session import DocumentSession
from app.ui import fonts
from app.ui.i18n import label_names

HIGHLIGHT_ALPHA = 0.42
SELECTED_ALPHA = 0.85
DARK_ALPHA = 0.55
_BIG_BLOCK_LINES = 48
EDGE_GRAB_PX = 5
BAR_HEIGHT = 2.0
BAR_STEP = 3.5
FLAG_COLOUR = QColor("#D55E00")  # control characters and characters shown as line breaks
FLAG_FILL = QColor(213, 94, 0, 48)


@dataclass
class _Drag:
    span_id: int
    edge: str  # "start" | "end"
    cp: int  # the edge's position while dragging


class DocumentView(QPlainTextEdit):
    spanClicked = Signal(int)  # span id, or -1 for a click outside any span
    selectionReleased = Signal()  # the mouse released a non-empty text selection
    spanResizeRequested = Signal(int, int, int)  # span id, new start, new end (code points)
    spanContextMenu = Signal(list, QPoint)  # spans under the pointer (innermost first), global pos
    painted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session: DocumentSession | None = None
        self._display: display.Display | None = None
        self.selected_span: int | None = None
        self.search_hits: list[tuple[int, int]] = []  # sorted, code points
        self.current_hit: int = -1
        self.dark = False
        self._colours: dict[str, tuple[QColor, QColor, QColor]] = {}
        self._press_pos: QPoint | None = None
        self._visible: tuple[int, int] = (0, 0)
        self._refreshing = False
        self._refresh_again = False
        self._drag: _Drag | None = None
        self._bars: list[tuple[int, int, int, QColor]] = []  # start, end, depth, colour (code points)
        self._flags: list[int] = []  # visible control characters (code points)
        self._cuts: list[int] = []  # visible characters shown as a line break (code points)
        # Review panes mark each span's difference class with an underline style (the fill
        # stays the label's colour, as everywhere), and emphasise the current difference.
        self.underline_for: Callable[[SpanRecord], QTextCharFormat.UnderlineStyle | None] | None = None
        self.emphasis: set[int] = set()
        self._tint_cache: dict[str, tuple[QColor, QColor, QColor]] = {}
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setCenterOnScroll(False)
        self.setFont(fonts.text_font())
        self.setMouseTracking(True)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.DefaultContextMenu)
        self._apply_text_option()
        self.verticalScrollBar().valueChanged.connect(self.refresh_highlights)

    # -- set-up ------------------------------------------------------------------------------
    def _apply_text_option(self) -> None:
        opt = QTextOption()
        opt.setTextDirection(Qt.LayoutDirection.RightToLeft)
        opt.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
        opt.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.document().setDefaultTextOption(opt)

    def set_label_colours(self, colours: dict[str, str], dark: bool = False) -> None:
        self.dark = dark
        self._tint_cache = {}
        if dark:  # over the dark background, as opaque as the light text's contrast allows
            self._colours = {n: self._tints(c) for n, c in colours.items()}
        else:
            self._colours = {
                name: (QColor(*tint(c, HIGHLIGHT_ALPHA)), QColor(*tint(c, SELECTED_ALPHA)), QColor(c))
                for name, c in colours.items()
            }
        self.refresh_highlights()

    def _tints(self, colour: str) -> tuple[QColor, QColor, QColor]:
        key = "#" + colour.lstrip("#")
        if key not in self._tint_cache:
            if self.dark:
                light = QColor(*dark_tint(key, DARK_ALPHA))
                strong = QColor(*dark_tint(key, 0.8))
            else:
                light, strong = QColor(*tint(key, HIGHLIGHT_ALPHA)), QColor(*tint(key, SELECTED_ALPHA))
            self._tint_cache[key] = (light, strong, QColor(key))
        return self._tint_cache[key]

    def top_cp(self) -> int:
        """Code point at the start of the first visible line."""
        if self.session is None:
            return 0
        block = self.firstVisibleBlock()
        offset = self.contentOffset()
        geo = self.blockBoundingGeometry(block).translated(offset)
        layout = block.layout()
        pos = block.position()
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            if geo.top() + line.y() + line.height() > 0:
                pos = block.position() + line.textStart()
                break
        return self.from_qt(min(pos, self.session.utf16.utf16_length))

    def set_top_cp(self, cp: int) -> None:
        """Scroll so that the line holding ``cp`` is the first visible line."""
        if self.session is None:
            return
        q = self.to_qt(min(cp, len(self.session.text)))
        block = self.document().findBlock(q)
        if not block.isValid():
            return
        layout = block.layout()
        line = layout.lineForTextPosition(q - block.position())
        number = block.firstLineNumber() + (line.lineNumber() if line.isValid() else 0)
        self.verticalScrollBar().setValue(number)

    def set_session(self, session: DocumentSession | None) -> None:
        self.session = session
        self.selected_span = None
        self.search_hits = []
        self.current_hit = -1
        self._drag = None
        self.setExtraSelections([])
        shown_notice = self.display_notice()
        self._display = (
            display.prepare(session.text, astral=not session.utf16.is_identity) if session else None
        )
        self.setPlainText(self._display.text if self._display is not None else "")
        self._apply_text_option()
        self.moveCursor(QTextCursor.MoveOperation.Start)
        self.refresh_highlights()
        # The window's status bar says so (a status tip travels up to the QMainWindow), until
        # the next message; opening a document without a fallback clears it.
        notice = self.display_notice()
        if notice or shown_notice:
            QApplication.sendEvent(self, QStatusTipEvent(notice))

    def display_notice(self) -> str:
        """What the display of the open document shows differently from its text ("" if
        nothing but the visible control marks)."""
        d = self._display
        if d is None or not d.is_fallback:
            return ""
        n = QLocale().toString
        parts = []
        if d.mark_runs:
            template = self.tr("{0} combining marks beyond {1} in a row shown as {2}")
            parts.append(template.format(n(d.hidden_marks), display.MAX_MARKS, display.PLACEHOLDER))
        if d.long_lines:
            template = self.tr("{0} line(s) over {1} characters shown in pieces")
            parts.append(template.format(n(d.long_lines), n(display.BLOCK_LIMIT)))
        return self.tr("Display only: {0}; the text and its offsets are unchanged").format(
            self.tr("; ").join(parts)
        )

    def _display_tip(self, pos: int) -> str:
        """Why the character at ``pos`` is displayed differently, if it is."""
        assert self.session is not None and self._display is not None
        ch = isolate(marks.describe(self.session.text[pos]))
        run = self._display.mark_run_at(pos)
        n = QLocale().toString
        if run is not None and pos >= run[0] + display.MAX_MARKS:
            template = self.tr(
                "{0}: one of {1} combining marks in a row ({2}); beyond {3} they are shown as {4}"
            )
            span = isolate(f"{run[0]}–{run[1]}")
            return template.format(ch, n(run[1] - run[0]), span, display.MAX_MARKS, display.PLACEHOLDER)
        if self._display.is_cut(pos):
            template = self.tr(
                "{0} is shown as a line break: the line is over {1} characters and is shown in pieces"
            )
            return template.format(ch, n(display.BLOCK_LIMIT))
        return ""

    def set_point_size(self, size: float) -> None:
        font = self.font()
        font.setPointSizeF(size)
        self.setFont(font)
        self.refresh_highlights()

    def point_size(self) -> float:
        return self.font().pointSizeF()

    # -- offsets (code points <-> Qt positions) ------------------------------------------------
    def to_qt(self, cp: int) -> int:
        assert self.session is not None
        return self.session.utf16.to_utf16(cp)

    def from_qt(self, pos: int, round_up: bool = False) -> int:
        assert self.session is not None
        return self.session.utf16.from_utf16(pos, round_up=round_up)

    def selection_cp(self) -> tuple[int, int] | None:
        """The selected text as code-point offsets ``(start, end)``, or None."""
        cur = self.textCursor()
        if not cur.hasSelection() or self.session is None:
            return None
        return self.from_qt(cur.selectionStart()), self.from_qt(cur.selectionEnd(), round_up=True)

    def caret_cp(self) -> int:
        return self.from_qt(self.textCursor().position()) if self.session else 0

    def anchor_cp(self) -> int:
        return self.from_qt(self.textCursor().anchor()) if self.session else 0

    def set_selection_cp(self, start: int, end: int) -> None:
        """Select ``[start, end)``; the caret goes to ``end`` (the anchor stays at ``start``)."""
        cur = self.textCursor()
        cur.setPosition(self.to_qt(start))
        cur.setPosition(self.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cur)

    def clear_selection(self) -> None:
        cur = self.textCursor()
        if cur.hasSelection():
            cur.clearSelection()
            self.setTextCursor(cur)

    def set_caret_cp(self, pos: int) -> None:
        cur = self.textCursor()
        cur.setPosition(self.to_qt(pos))
        self.setTextCursor(cur)

    def reveal_cp(self, start: int, end: int | None = None) -> None:
        """Scroll so that ``[start, end)`` is on screen, without changing the caret or the
        selection (moving the caret there and back would scroll back to the caret)."""
        if self.session is None:
            return
        a, b = self.visible_range()
        if a <= start and (end if end is not None else start) <= b and not (a == b == 0):
            return
        self.set_top_cp(start)
        bar = self.verticalScrollBar()
        bar.setValue(max(0, bar.value() - 2))  # two lines of context above

    def cp_at_point(self, point: QPoint) -> int:
        return self.from_qt(self.cursorForPosition(point).position())

    def spans_at_point(self, point: QPoint) -> list[SpanRecord]:
        """Spans under a viewport point, innermost first."""
        if self.session is None:
            return []
        p = self.cp_at_point(point)
        found = self.session.spans.containing(p)
        if not found and p > 0:
            found = self.session.spans.containing(p - 1)
        return found

    def point_of_cp(self, cp: int) -> QPoint:
        cur = QTextCursor(self.document())
        cur.setPosition(self.to_qt(cp))
        return self.cursorRect(cur).center()

    # -- highlights ------------------------------------------------------------------------------
    def visible_range(self) -> tuple[int, int]:
        """Code-point range ``[start, end)`` of the text on screen (whole lines)."""
        if self.session is None:
            return (0, 0)
        block = self.firstVisibleBlock()
        offset = self.contentOffset()
        height = self.viewport().height()
        first = last = None
        while block.isValid():
            geo = self.blockBoundingGeometry(block).translated(offset)
            if geo.top() > height:
                break
            if geo.bottom() >= 0 and block.isVisible():
                a = block.position()
                b = a + max(0, block.length() - 1)
                layout = block.layout()
                n = layout.lineCount()
                if n > _BIG_BLOCK_LINES:  # a long paragraph: only its visible lines
                    tops = [geo.top() + layout.lineAt(i).y() for i in range(n)]
                    i0 = max(0, bisect_right(tops, 0) - 1)
                    i1 = min(n - 1, bisect_right(tops, height))
                    line0, line1 = layout.lineAt(i0), layout.lineAt(i1)
                    a = block.position() + line0.textStart()
                    b = block.position() + line1.textStart() + line1.textLength()
                if first is None:
                    first = a
                last = b
            if (
                geo.bottom() > height
            ):  # the next block is off screen: do not lay it out (~8 ms for 10k characters)
                break
            block = block.next()
        if first is None:
            return (0, 0)
        length = self.session.utf16.utf16_length
        return self.from_qt(min(first, length)), self.from_qt(min(last, length), round_up=True)

    def refresh_highlights(self) -> None:
        """Draw the spans on screen. Re-entrant calls are deferred, not nested.

        ``setExtraSelections`` can lay out newly visible text, which moves the scroll bar,
        whose signal calls this again; a nested ``setExtraSelections`` frees selections the
        outer call is still reading (a segfault, seen when jumping across a 5 MB document).
        The nested call only asks for one more pass after the current one.
        """
        if self._refreshing:
            self._refresh_again = True
            return
        self._refreshing = True
        try:
            for _ in range(4):  # settles in one or two passes; bounded in case layout oscillates
                self._refresh_again = False
                self._refresh_highlights()
                if not self._refresh_again:
                    break
        finally:
            self._refreshing = False

    def _selection(self, start: int, end: int, fmt: QTextCharFormat) -> QTextEdit.ExtraSelection:
        utf16 = self.session.utf16  # type: ignore[union-attr]
        sel = QTextEdit.ExtraSelection()
        cur = QTextCursor(self.document())
        cur.setPosition(utf16.to_utf16(start))
        cur.setPosition(utf16.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        sel.cursor = cur
        sel.format = fmt
        return sel

    def _refresh_highlights(self) -> None:
        if self.session is None:
            return
        a, b = self.visible_range()
        self._visible = (a, b)
        sels = []
        default = (QColor(230, 230, 230), QColor(190, 190, 190), QColor(120, 120, 120))
        visible = self.session.spans.overlapping(a, b)
        bars = []
        for rec in visible:
            light, strong, full = self._colours.get(rec.label, default)
            fmt = QTextCharFormat()
            emphasised = rec.id == self.selected_span or rec.id in self.emphasis
            fmt.setBackground(strong if emphasised else light)
            style = self.underline_for(rec) if self.underline_for is not None else None
            if style is not None:
                fmt.setUnderlineStyle(style)
                fmt.setUnderlineColor(self.palette().color(QPalette.ColorRole.Text))
            elif emphasised:
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
                fmt.setUnderlineColor(full.darker(140))
            fmt.setProperty(QTextFormat.Property.UserProperty, rec.id)
            sels.append(self._selection(rec.start, rec.end, fmt))
        # Nesting depth of each visible span: how many visible spans contain it.
        for rec in visible:
            depth = sum(
                1
                for o in visible
                if o.id != rec.id
                and o.start <= rec.start
                and rec.end <= o.end
                and (o.start, -o.end) < (rec.start, -rec.end)
            )
            bars.append((rec.start, rec.end, depth, self._colours.get(rec.label, default)[2]))
        self._bars = bars
        # Search hits on screen: a distinct outline-like look (no background change to spans).
        if self.search_hits:
            i = bisect_right(self.search_hits, (a, -1))
            i = max(0, i - 1)
            hit_fmt = QTextCharFormat()
            hit_fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            hit_fmt.setUnderlineColor(QColor("#D55E00"))
            cur_fmt = QTextCharFormat(hit_fmt)
            cur_fmt.setBackground(QColor(255, 200, 120) if not self.dark else QColor(140, 90, 20))
            while i < len(self.search_hits) and self.search_hits[i][0] < b:
                hs, he = self.search_hits[i]
                if he > a:
                    sels.append(self._selection(hs, he, cur_fmt if i == self.current_hit else hit_fmt))
                i += 1
        # Invisible / bidi control characters (their visible marks) and characters shown as a
        # line break are flagged in paintEvent: an ExtraSelection each would cost a drawing
        # pass of its line (~0.3 ms each: 230 ms for a screen of a text with thousands of controls).
        assert self._display is not None
        self._flags = marks.positions(self.session.text, a, b)
        self._cuts = self._display.cuts_between(a, b)
        if self._drag is not None:
            rec = self.session.spans.get_or_none(self._drag.span_id)
            if rec is not None:
                s, e = (self._drag.cp, rec.end) if self._drag.edge == "start" else (rec.start, self._drag.cp)
                if s < e:
                    prev = QTextCharFormat()
                    prev.setBackground(QColor(0, 0, 0, 40))
                    prev.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline)
                    sels.append(self._selection(s, e, prev))
        self.setExtraSelections(sels)

    def highlighted_span_ids(self) -> list[int]:
        """Ids of the spans currently drawn (tests and benchmarks look at this)."""
        ids = []
        for s in self.extraSelections():
            v = s.format.property(QTextFormat.Property.UserProperty)
            if isinstance(v, int):
                ids.append(v)
        return ids

    def nesting_bars(self) -> list[tuple[int, int, int]]:
        """(start, end, depth) of the bars drawn under visible spans (for tests)."""
        return [(s, e, d) for s, e, d, _ in self._bars]

    def select_span(self, span_id: int | None, ensure_visible: bool = True) -> None:
        if span_id == self.selected_span and not ensure_visible:
            return  # already drawn as selected
        self.selected_span = span_id
        if (
            span_id is not None
            and self.session is not None
            and span_id in self.session.spans
            and ensure_visible
        ):
            rec = self.session.spans.get(span_id)
            cur = self.textCursor()
            cur.clearSelection()
            cur.setPosition(self.to_qt(rec.start))
            self.setTextCursor(cur)
            self.ensureCursorVisible()
        self.refresh_highlights()

    def set_search_hits(self, hits: list[tuple[int, int]], current: int = -1) -> None:
        self.search_hits = sorted(hits)
        self.current_hit = current
        self.refresh_highlights()

    # -- painting --------------------------------------------------------------------------------
    def _line_segments(self, start: int, end: int) -> list[QRectF]:
        """One rectangle per visual line covered by ``[start, end)`` (viewport coordinates)."""
        assert self.session is not None
        qs, qe = self.to_qt(start), self.to_qt(end)
        doc = self.document()
        block = doc.findBlock(qs)
        offset = self.contentOffset()
        out: list[QRectF] = []
        while block.isValid() and block.position() <= qe:
            geo = self.blockBoundingGeometry(block).translated(offset)
            if geo.top() > self.viewport().height():
                break
            layout = block.layout()
            bpos = block.position()
            n = layout.lineCount()
            i = layout.lineForTextPosition(max(qs, bpos) - bpos).lineNumber() if n else 0
            while 0 <= i < n:
                line = layout.lineAt(i)
                i += 1
                ls = bpos + line.textStart()
                if ls >= qe:
                    break
                le = ls + line.textLength()
                a, b = max(qs, ls), min(qe, le)
                if a >= b:
                    continue
                x1 = line.cursorToX(a - bpos)
                x2 = line.cursorToX(b - bpos)
                x1 = x1[0] if isinstance(x1, tuple) else x1
                x2 = x2[0] if isinstance(x2, tuple) else x2
                left, right = min(x1, x2), max(x1, x2)
                top = geo.top() + line.y()
                out.append(QRectF(left + offset.x(), top, right - left, line.height()))
            block = block.next()
        return out

    def paintEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().paintEvent(event)
        if (self._bars or self._flags or self._cuts) and self.session is not None:
            painter = QPainter(self.viewport())
            for start, end, depth, colour in self._bars:
                for rect in self._line_segments(start, end):
                    y = rect.bottom() - BAR_HEIGHT - depth * BAR_STEP
                    painter.fillRect(QRectF(rect.left(), y, rect.width(), BAR_HEIGHT), colour)
            painter.setPen(FLAG_COLOUR)
            for p in self._flags:
                for rect in self._line_segments(p, p + 1):
                    painter.fillRect(rect, FLAG_FILL)
                    painter.drawRect(rect.adjusted(0.5, 0.5, -0.5, -0.5))
            for p in self._cuts:  # a bar where the line break stands for a character
                cur = QTextCursor(self.document())
                cur.setPosition(self.to_qt(p))
                r = QRectF(self.cursorRect(cur))
                painter.fillRect(QRectF(r.center().x() - 1.5, r.top(), 3.0, r.height()), FLAG_COLOUR)
            painter.end()
        self.painted.emit()

    # -- copying takes the original characters ----------------------------------------------------
    def createMimeDataFromSelection(self) -> QMimeData:  # type: ignore[override]
        mime = QMimeData()
        sel = self.selection_cp()
        if sel is not None and self.session is not None:
            mime.setText(self.session.text[sel[0] : sel[1]])
        return mime

    # -- events ----------------------------------------------------------------------------------
    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        self.refresh_highlights()

    def _edge_at(self, point: QPoint) -> tuple[int, str] | None:
        """(span id, edge) when the pointer is on the start or end edge of the selected span."""
        if self.session is None or self.selected_span is None or self.selected_span not in self.session.spans:
            return None
        rec = self.session.spans.get(self.selected_span)
        for edge, cp in (("start", rec.start), ("end", rec.end)):
            cur = QTextCursor(self.document())
            cur.setPosition(self.to_qt(cp))
            r = self.cursorRect(cur)
            if abs(point.x() - r.center().x()) <= EDGE_GRAB_PX and r.top() - 2 <= point.y() <= r.bottom() + 2:
                return rec.id, edge  # type: ignore[return-value]
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._press_pos = event.position().toPoint()
        if event.button() == Qt.MouseButton.LeftButton:
            edge = self._edge_at(self._press_pos)
            if edge is not None:
                rec = self.session.spans.get(edge[0])  # type: ignore[union-attr]
                self._drag = _Drag(edge[0], edge[1], rec.start if edge[1] == "start" else rec.end)
                event.accept()
                return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        if self._drag is not None:
            self._drag.cp = self.cp_at_point(pos)
            self.refresh_highlights()
            event.accept()
            return
        if event.buttons() == Qt.MouseButton.NoButton:
            on_edge = self._edge_at(pos) is not None
            self.viewport().setCursor(Qt.CursorShape.SizeHorCursor if on_edge else Qt.CursorShape.IBeamCursor)
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag is not None and event.button() == Qt.MouseButton.LeftButton:
            drag, self._drag = self._drag, None
            rec = self.session.spans.get_or_none(drag.span_id) if self.session else None
            self.refresh_highlights()
            if rec is not None:
                cp = self.cp_at_point(event.position().toPoint())
                start, end = (cp, rec.end) if drag.edge == "start" else (rec.start, cp)
                if start > end:
                    start, end = end, start
                self.spanResizeRequested.emit(rec.id, start, end)
            event.accept()
            return
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton or self.session is None:
            return
        if self.textCursor().hasSelection():
            self.selectionReleased.emit()
            return
        moved = (
            self._press_pos is not None
            and (event.position().toPoint() - self._press_pos).manhattanLength() > 3
        )
        if moved:
            return
        found = self.spans_at_point(event.position().toPoint())
        self.spanClicked.emit(found[0].id if found else -1)

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        """Ctrl(+Shift)+←/→ move (extend) by camel-tools tokens, in reading order.

        The paragraphs are right-to-left, so ← goes forward (to the end of the next word)
        and → goes back (to the start of the previous word) — the same words the label keys
        snap to. Everything else is Qt's own caret handling.
        """
        mods = event.modifiers()
        key = event.key()
        if (
            self.session is not None
            and key in (Qt.Key.Key_Left, Qt.Key.Key_Right)
            and mods & Qt.KeyboardModifier.ControlModifier
            and not mods & Qt.KeyboardModifier.AltModifier
        ):
            from app.core import tokens

            text = self.session.text
            pos = self.caret_cp()
            new = (
                tokens.next_token_end(text, pos)
                if key == Qt.Key.Key_Left
                else tokens.prev_token_start(text, pos)
            )
            cur = self.textCursor()
            mode = (
                QTextCursor.MoveMode.KeepAnchor
                if mods & Qt.KeyboardModifier.ShiftModifier
                else QTextCursor.MoveMode.MoveAnchor
            )
            cur.setPosition(self.to_qt(new), mode)
            self.setTextCursor(cur)
            self.ensureCursorVisible()
            event.accept()
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        found = self.spans_at_point(event.pos())
        self.spanContextMenu.emit(found, event.globalPos())

    def viewportEvent(self, event: QEvent) -> bool:  # type: ignore[override]
        if event.type() == QEvent.Type.ToolTip and self.session is not None:
            found = self.spans_at_point(event.pos())
            lines = []
            if found:
                names = label_names(self.session.ws)
                # outermost first: the stack of labels, as nested
                for depth, r in enumerate(reversed(found)):
                    lines.append(
                        "&nbsp;"
                        * (4 * depth)
                        + f"<b>{html.escape(isolate(names.get(r.label, r.label)))}</b> "
                        f"{html.escape(display.excerpt(r.text))} "
                        f"<span style='color:gray'>{isolate(f'{r.start}–{r.end}')}</span>"
                    )
            p = self.cp_at_point(event.pos())
            for q in (p, p - 1):
                tip = self._display_tip(q) if 0 <= q < len(self.session.text) else ""
                if tip:
                    lines.append(f"<i>{html.escape(tip)}</i>")
                    break
            for q in (p, p - 1):
                if 0 <= q < len(self.session.text) and self.session.text[q] in marks.VISIBLE:
                    lines.append(f"<i>{html.escape(marks.describe(self.session.text[q]))}</i>")
                    break
            if lines:
                QToolTip.showText(
                    event.globalPos(), "<p dir='rtl'>" + "<br>".join(lines) + "</p>", self.viewport()
                )
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)
