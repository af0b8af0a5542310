"""Letters to PDF bytes: one document per letter, and one with all letters for printing.

Reproducible: reportlab's invariant mode fixes the document id and leaves out the comments
that vary; the creation date is the calculation moment (``SOURCE_DATE_EPOCH`` or the day's
midnight), so the same inputs give the same bytes. Each letter numbers its own pages
("Seite 1 von 2"), in the combined file too; the count is drawn from a form that is filled in
when the document is complete.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, NextPageTemplate, PageBreak, PageTemplate

from kimcost import __version__
from kimcost.reports.statements import fonts, layout
from kimcost.reports.statements.content import Letter
from kimcost.reports.statements.enclosure import enclosure, footer_line
from kimcost.reports.statements.letter import L, body, draw_first_page


class _Letters(BaseDocTemplate):
    """A document of one or more letters; page templates ``letter`` (page 1 of each letter)
    and ``enclosure`` (its other pages)."""

    def __init__(self, buffer: io.BytesIO, letters: Sequence[Letter], config_name: str, fingerprint: str,
                 title: str, moment: dt.datetime):
        first = letters[0]
        super().__init__(buffer, pagesize=layout.A4, invariant=1, title=title, author=first.sender.address.name,
                         subject=title, creator=f"kimcost {__version__}", producer=f"kimcost {__version__}",
                         lang="de-DE" if first.lang == "de" else "en", initialFontName=fonts.REGULAR,
                         leftMargin=layout.MARGIN_LEFT, rightMargin=layout.MARGIN_RIGHT)
        self.letters = list(letters)
        self.config_name, self.fingerprint = config_name, fingerprint
        self.moment = moment
        self.current = -1            # index of the letter being laid out
        self.pages: list[int] = []   # pages per letter so far
        letter_frame = Frame(layout.MARGIN_LEFT, layout.y(layout.BODY_BOTTOM), layout.TEXT_WIDTH,
                             layout.BODY_BOTTOM - layout.BODY_TOP, leftPadding=0, rightPadding=0, topPadding=0,
                             bottomPadding=0, id="letter")
        enclosure_frame = Frame(layout.MARGIN_LEFT, layout.y(layout.BODY_BOTTOM), layout.TEXT_WIDTH,
                                layout.BODY_BOTTOM - layout.ENCLOSURE_TOP, leftPadding=0, rightPadding=0,
                                topPadding=0, bottomPadding=0, id="enclosure")
        self.addPageTemplates([
            PageTemplate("letter", [letter_frame], onPage=self._letter_page, autoNextPageTemplate="enclosure"),
            PageTemplate("enclosure", [enclosure_frame], onPage=self._enclosure_page),
        ])

    def _letter_page(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        self.current += 1
        self.pages.append(0)
        letter = self.letters[self.current]
        draw_first_page(canvas, letter)
        self._number(canvas, letter)

    def _enclosure_page(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        letter = self.letters[self.current]
        layout.enclosure_header(canvas, L(letter, "encl_header", date=_date(letter), name=letter.member.name,
                                          reference=letter.reference))
        layout.footer(canvas, [[footer_line(letter, self.config_name, self.fingerprint)]])
        self._number(canvas, letter, top=layout.PAGE_NUMBER_TOP)

    def _number(self, canvas: Canvas, letter: Letter, top: float = layout.PAGE_NUMBER_TOP) -> None:
        self.pages[self.current] += 1
        layout.page_number(canvas, L(letter, "letter_page", page=self.pages[self.current]),
                           f"pages{self.current}", top)

    def count_forms(self, canvas: Canvas) -> None:
        for i, count in enumerate(self.pages):
            layout.page_count_form(canvas, f"pages{i}", count)


def _date(letter: Letter) -> str:
    from kimcost.reports import numbers as fmt

    return fmt.date(letter.date, letter.lang)


def render(letters: Sequence[Letter], config, config_name: str, fingerprint: str, title: str,
           moment: dt.datetime) -> bytes:
    """One PDF of ``letters``, each its letter page and then its enclosure."""
    fonts.register()
    buffer = io.BytesIO()
    doc = _Letters(buffer, letters, config_name, fingerprint, title, moment)
    story = []
    for i, letter in enumerate(letters):
        if i:
            story += [NextPageTemplate("letter"), PageBreak()]
        story += body(letter)
        story += [NextPageTemplate("enclosure"), PageBreak()]
        story += enclosure(letter, config)
    doc.build(story, canvasmaker=_canvas_maker(doc, moment))
    return buffer.getvalue()


def _canvas_maker(doc: _Letters, moment: dt.datetime):
    class _Canvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            _stamp(self, moment)

        def save(self) -> None:
            doc.count_forms(self)
            super().save()

    return _Canvas


def _stamp(canvas: Canvas, moment: dt.datetime) -> None:
    """Date the PDF with the calculation moment (invariant mode would say 1 Jan 2000)."""
    stamp = getattr(getattr(canvas, "_doc", None), "_timeStamp", None)
    if stamp is None:
        return
    seconds = int(moment.replace(tzinfo=dt.UTC).timestamp())
    lt = dt.datetime.fromtimestamp(seconds, dt.UTC).timetuple()
    stamp.t, stamp.lt, stamp.YMDhms = seconds, lt, tuple(lt)[:6]
    stamp.dhh = stamp.dmm = 0
    stamp.tzname = "UTC"
