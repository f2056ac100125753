"""The right-to-left text view with span highlights.

* ``QPlainTextEdit``: a 5 MB text lays out in ~30 ms (``QTextEdit`` costs ~107 ms/MB).
* Right-to-left paragraphs aligned ``AlignRight | AlignAbsolute``; the bidi algorithm
  places digits and Latin words.
* Spans are drawn as ``ExtraSelection``s, for the *visible* spans only, recomputed on
  scroll and resize: this costs the same at 10 spans or 10,000, and unlike
  ``mergeCharFormat``/``QSyntaxHighlighter`` it never splits a glyph run, so lam-alef and
  other ligatures stay intact when a span starts or ends inside a word.
* Qt positions are UTF-16 units; the session's :class:`Utf16Map` converts them at this
  boundary and nowhere else.
"""

from __future__ import annotations

from bisect import bisect_right

from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QTextCharFormat, QTextCursor, QTextFormat, QTextOption
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip, QWidget

from app.core.labels import tint
from app.core.spans import SpanRecord
from app.services.session import DocumentSession
from app.ui import fonts

HIGHLIGHT_ALPHA = 0.42
SELECTED_ALPHA = 0.85
_BIG_BLOCK_LINES = 48


class DocumentView(QPlainTextEdit):
    spanClicked = Signal(int)  # span id, or -1 for a click outside any span
    painted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session: DocumentSession | None = None
        self.selected_span: int | None = None
        self._colours: dict[str, tuple[QColor, QColor, QColor]] = {}
        self._press_pos: QPoint | None = None
        self._visible: tuple[int, int] = (0, 0)
        self._refreshing = False
        self._refresh_again = False
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
        self._apply_text_option()
        self.verticalScrollBar().valueChanged.connect(self.refresh_highlights)

    # -- set-up ------------------------------------------------------------------------------
    def _apply_text_option(self) -> None:
        opt = QTextOption()
        opt.setTextDirection(Qt.LayoutDirection.RightToLeft)
        opt.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
        opt.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.document().setDefaultTextOption(opt)

    def set_label_colours(self, colours: dict[str, str]) -> None:
        self._colours = {
            name: (QColor(*tint(c, HIGHLIGHT_ALPHA)), QColor(*tint(c, SELECTED_ALPHA)), QColor(c))
            for name, c in colours.items()
        }

    def set_session(self, session: DocumentSession | None) -> None:
        self.session = session
        self.selected_span = None
        self.setExtraSelections([])
        self.setPlainText(session.text if session is not None else "")
        self._apply_text_option()
        self.moveCursor(QTextCursor.MoveOperation.Start)
        self.refresh_highlights()

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

    def set_selection_cp(self, start: int, end: int) -> None:
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

    def _refresh_highlights(self) -> None:
        if self.session is None:
            return
        a, b = self.visible_range()
        self._visible = (a, b)
        doc = self.document()
        sels = []
        utf16 = self.session.utf16
        default = (QColor(230, 230, 230), QColor(190, 190, 190), QColor(120, 120, 120))
        for rec in self.session.spans.overlapping(a, b):
            light, strong, full = self._colours.get(rec.label, default)
            sel = QTextEdit.ExtraSelection()
            cur = QTextCursor(doc)
            cur.setPosition(utf16.to_utf16(rec.start))
            cur.setPosition(utf16.to_utf16(rec.end), QTextCursor.MoveMode.KeepAnchor)
            sel.cursor = cur
            fmt = QTextCharFormat()
            if rec.id == self.selected_span:
                fmt.setBackground(strong)
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
                fmt.setUnderlineColor(full.darker(140))
            else:
                fmt.setBackground(light)
            fmt.setProperty(QTextFormat.Property.UserProperty, rec.id)
            sel.format = fmt
            sels.append(sel)
        self.setExtraSelections(sels)

    def highlighted_span_ids(self) -> list[int]:
        """Ids of the spans currently drawn (tests and benchmarks look at this)."""
        return [s.format.property(QTextFormat.Property.UserProperty) for s in self.extraSelections()]

    def select_span(self, span_id: int | None, ensure_visible: bool = True) -> None:
        if span_id == self.selected_span and not ensure_visible:
            return  # already drawn as selected
        self.selected_span = span_id
        if span_id is not None and self.session is not None and span_id in self.session.spans and ensure_visible:
            rec = self.session.spans.get(span_id)
            cur = self.textCursor()
            cur.clearSelection()
            cur.setPosition(self.to_qt(rec.start))
            self.setTextCursor(cur)
            self.ensureCursorVisible()
        self.refresh_highlights()

    # -- events ----------------------------------------------------------------------------------
    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        self.refresh_highlights()

    def paintEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().paintEvent(event)
        self.painted.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._press_pos = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton or self.session is None:
            return
        moved = self._press_pos is not None and (event.position().toPoint() - self._press_pos).manhattanLength() > 3
        if moved or self.textCursor().hasSelection():
            return
        found = self.spans_at_point(event.position().toPoint())
        self.spanClicked.emit(found[0].id if found else -1)

    def viewportEvent(self, event: QEvent) -> bool:  # type: ignore[override]
        if event.type() == QEvent.Type.ToolTip and self.session is not None:
            found = self.spans_at_point(event.pos())
            if found:
                lines = [f"{r.label}: {r.text}  ({r.start}–{r.end})" for r in reversed(found)]
                QToolTip.showText(event.globalPos(), "\n".join(lines), self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)
