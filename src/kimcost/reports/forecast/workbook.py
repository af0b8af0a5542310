"""The forecast as a workbook for the Haushaltsplan: the year table with totals, the advance
proposal, and the values that rest on assumptions — printable as it is (A4 landscape, one
page wide, header rows repeated, header and footer with date, version and fingerprint).

Built on the shared xlsx machinery (styles, page setup, reproducible saving) like every
kimcost workbook; money cells are Decimal numbers, names are always text.
"""

from __future__ import annotations

from kimcost.engine.forecast import Forecast
from kimcost.loading import LoadedConfig
from kimcost.money import ZERO
from kimcost.reports import wording
from kimcost.reports.forecast.advances_yaml import advance_lines
from kimcost.reports.forecast.figures import (
    BUDGET_FIGURES,
    BUDGET_LABELS,
    EMPHASISED,
    flagged_parameters,
    member_rows,
    region_figures,
    scenario_names,
)
from kimcost.reports.labels import label
from kimcost.reports.public import FULL, Privacy
from kimcost.reports.xlsx.book import footer_text, new_workbook, set_properties, write_inputs
from kimcost.reports.xlsx.determinism import calculation_moment
from kimcost.reports.xlsx.layout import print_setup
from kimcost.reports.xlsx.model import Book, cell_name
from kimcost.reports.xlsx.names import SheetNames
from kimcost.reports.xlsx.styles import FTE_PLACES, SheetWriter


def build_workbook(fc: Forecast, loaded: LoadedConfig, lang: str = "de", moment=None,
                   privacy: Privacy = FULL) -> Book:
    moment = moment or calculation_moment()
    L = lambda key: label(key, lang)  # noqa: E731
    base = fc.settlements[0]
    title = privacy.title(f"{L('forecast')} {fc.first}–{fc.last} – {base.district}")
    footer = footer_text(loaded.main_file.name, loaded.fingerprint, moment, lang)
    names = SheetNames()
    wb = new_workbook()
    _forecast_sheet(wb.create_sheet(names.take(L("forecast_sheet"))), fc, loaded, lang, title, footer, moment)
    if privacy.note:  # where the reader starts (reports/public.py)
        SheetWriter(wb.worksheets[-1], lang).text(2, 1, privacy.note, "flag_note", measure=False)
    _members_sheet(wb.create_sheet(names.take(L("fc_members_sheet"))), fc, lang, title, footer)
    _advances_sheet(wb.create_sheet(names.take(f"{L('advances_sheet')} {fc.advances.year}")), fc, lang, title, footer)
    _assumptions_sheet(wb.create_sheet(names.take(L("assumptions_sheet"))), fc, loaded, lang, title, footer, privacy)
    wb.active = 0
    set_properties(wb, title=title, subject=privacy.title(base.district), keywords=f"KIM; {fc.first}-{fc.last}; {base.district}"
                   + ("" if privacy.shows_holders else f"; {L('public_edition_short')}"),
                   description=f"{loaded.main_file.name} SHA-256 {loaded.fingerprint}", lang=lang)
    return wb


def _meta(out: SheetWriter, loaded: LoadedConfig, lang: str, moment, row: int) -> int:
    from kimcost import __version__

    L = lambda key: label(key, lang)  # noqa: E731
    out.text(row, 1, L("calculated_on"), "label")
    out.date(row, 2, moment.date(), left=True)
    for key, value in (("program_version", f"kimcost {__version__}"), ("config_file", loaded.main_file.name),
                       ("fingerprint", loaded.fingerprint)):
        row += 1
        out.text(row, 1, L(key), "label")
        out.text(row, 2, value, measure=False)
    names = scenario_names(loaded)
    row += 1
    out.text(row, 1, L("scenarios"), "label")
    out.text(row, 2, ", ".join(names) if names else L("no_scenario"), measure=False)
    return row


def _forecast_sheet(ws, fc: Forecast, loaded: LoadedConfig, lang: str, title: str, footer: str, moment) -> None:
    L = lambda key: label(key, lang)  # noqa: E731
    out = SheetWriter(ws, lang)
    years = list(fc.years)
    last_col = 2 + len(years)
    out.text(1, 1, title, "title", measure=False)
    ws.row_dimensions[1].height = 24
    row = _meta(out, loaded, lang, moment, 3)

    row += 2
    out.text(row, 1, L("fc_budget"), "section", measure=False)
    row += 1
    out.paragraph(row, 1, last_col, L("fc_budget_note"), "note_wrap", chars_per_line=60 + 16 * len(years))
    row += 1
    header_row = row
    out.header(row, 1, [L("region"), L("figure"), *map(str, years)], numeric=set(range(2, last_col)))
    totals = {key: [ZERO] * len(years) for key in BUDGET_FIGURES}
    for r in fc.settlements[0].regions:
        figures = region_figures(fc, r.id)
        row += 1
        out.text(row, 1, r.name, "text_bold")
        out.text(row, 2, L("fte_average"))
        for i, v in enumerate(figures["fte"]):
            out.number(row, 3 + i, v.quantize(FTE_PLACES), "fte")
        for key in BUDGET_FIGURES:
            row += 1
            bold = key in EMPHASISED
            out.text(row, 2, L(BUDGET_LABELS[key]), "text_bold" if bold else "text")
            for i, v in enumerate(figures[key]):
                out.number(row, 3 + i, v, "money_bold" if bold else "money")
                totals[key][i] += v
        row += 1
    for key in BUDGET_FIGURES:
        row += 1
        out.text(row, 1, L("total"), "total_label")
        out.text(row, 2, L(BUDGET_LABELS[key]), "total_label")
        for i, v in enumerate(totals[key]):
            out.number(row, 3 + i, v, "money_total")
    out.fit_columns(minimum=10, maximum=44, fixed={1: 34.0, 2: 52.0, **{3 + i: 15.0 for i in range(len(years))}})
    ws.freeze_panes = cell_name(header_row + 1, 3)
    print_setup(ws, last_row=row, last_col=last_col, landscape=True, lang=lang, header=title, footer=footer,
                title_rows=f"{header_row}:{header_row}")


def _members_sheet(ws, fc: Forecast, lang: str, title: str, footer: str) -> None:
    L = lambda key: label(key, lang)  # noqa: E731
    out = SheetWriter(ws, lang)
    years = list(fc.years)
    out.text(1, 1, title, "title", measure=False)
    ws.row_dimensions[1].height = 24
    out.text(2, 1, L("fc_members_years"), "section", measure=False)
    header_row = 4
    last_col = 3 + len(years)
    out.header(header_row, 1, [L("region"), L("member"), L("fc_role"), *map(str, years)],
               numeric=set(range(3, last_col)))
    row = header_row
    sums = [ZERO] * len(years)
    current = None
    for m in member_rows(fc):
        row += 1
        out.text(row, 1, m.region_name if m.region_id != current else "", "text_bold")
        current = m.region_id
        out.text(row, 2, m.name)
        out.text(row, 3, L("fc_role_employer" if m.is_employer else "fc_role_member"), "note")
        for i, v in enumerate(m.shares):
            out.number(row, 4 + i, v)
            sums[i] += v
    row += 1
    for col in (1, 2, 3):
        out.text(row, col, L("total") if col == 1 else "", "total_label")
    for i, v in enumerate(sums):
        out.number(row, 4 + i, v, "money_total")
    out.fit_columns(minimum=10, maximum=40, fixed={1: 18.0, 2: 26.0, 3: 24.0, **{4 + i: 15.0 for i in range(len(years))}})
    ws.freeze_panes = cell_name(header_row + 1, 4)
    print_setup(ws, last_row=row, last_col=last_col, landscape=True, lang=lang, header=title, footer=footer,
                title_rows=f"{header_row}:{header_row}")


def _advances_sheet(ws, fc: Forecast, lang: str, title: str, footer: str) -> None:
    L = lambda key: label(key, lang)  # noqa: E731
    out = SheetWriter(ws, lang)
    proposal = fc.advances
    count = max(r.instalment_count for r in proposal.regions)
    out.text(1, 1, f"{L('advance_proposal')} {proposal.year}", "title", measure=False)
    ws.row_dimensions[1].height = 24
    out.text(2, 1, L("advance_note").format(year=proposal.year, n=count), "note", measure=False)
    heads = [L("region"), L("member"), f"{L('share')} {proposal.year}",
             *(f"{i + 1}. {L('instalment')}" for i in range(count))]
    out.header(4, 1, heads, numeric=set(range(2, len(heads))))
    row = 4
    total = ZERO
    for r in proposal.regions:
        for m in r.members:
            row += 1
            out.text(row, 1, r.name)
            out.text(row, 2, m.name)
            out.number(row, 3, m.share)
            if m.is_employer:
                out.text(row, 4, L("bears_own_share"), "note")
            else:
                total += m.share
            for i, v in enumerate(m.instalments):
                out.number(row, 4 + i, v)
    row += 1
    out.text(row, 1, L("total"), "total_label")
    out.text(row, 2, "", "total_label")
    out.number(row, 3, total, "money_total")
    for i in range(count):
        out.number(row, 4 + i, sum((m.instalments[i] for r in proposal.regions for m in r.members
                                    if len(m.instalments) > i), ZERO), "money_total")
    if any(r.due_dates for r in proposal.regions):
        row += 2
        out.text(row, 1, L("due_dates_table").format(year=proposal.year), "section", measure=False)
        row += 1
        out.header(row, 1, [L("region"), "", "", *(f"{i + 1}. {L('instalment')}" for i in range(count))])
        for r in proposal.regions:
            row += 1
            out.text(row, 1, r.name)
            if not r.due_dates:
                out.text(row, 4, L("due_dates_missing"), "note")
            for i, day in enumerate(r.due_dates):
                out.date(row, 4 + i, day)
    row += 2
    out.text(row, 1, L("advances_yaml_title"), "section", measure=False)
    for line in advance_lines(fc, fc.settlements[0].district, lang):
        row += 1
        out.text(row, 1, line, "small", measure=False)
    out.fit_columns(minimum=10, maximum=40, fixed={1: 18.0, 2: 26.0, 3: 15.0, **{4 + i: 15.0 for i in range(count)}})
    print_setup(ws, last_row=row, last_col=len(heads), landscape=True, lang=lang, header=title, footer=footer,
                title_rows="4:4")


def _assumptions_sheet(ws, fc: Forecast, loaded: LoadedConfig, lang: str, title: str, footer: str,
                       privacy: Privacy = FULL) -> None:
    L = lambda key: label(key, lang)  # noqa: E731
    out = SheetWriter(ws, lang)
    out.text(1, 1, L("assumptions_sheet"), "title", measure=False)
    out.text(2, 1, L("cmp_assumptions_intro"), "note", measure=False)
    heads = [L("cmp_what"), L("since"), L("value"), L("source"), L("status"), L("years")]
    out.header(3, 1, heads)
    row = 3
    for f in flagged_parameters(fc, loaded, privacy):
        row += 1
        out.text(row, 1, wording.subject(f.row.path, loaded.config, lang, privacy), "wrap")
        out.date(row, 2, f.row.since, left=True)
        out.text(row, 3, wording.parameter_value(f.row, loaded.config, lang, privacy=privacy), "wrap")
        out.text(row, 4, wording.source(f.row.source, lang), "wrap")
        out.text(row, 5, label(f.row.status, lang), "flag")
        out.text(row, 6, ", ".join(map(str, f.years)))
    row = write_inputs(out, row + 2, loaded.inputs, loaded.fingerprint, lang)
    out.fit_columns(minimum=10, fixed={1: 40.0, 3: 36.0, 4: 60.0})
    print_setup(ws, last_row=row, last_col=len(heads), landscape=True, lang=lang, header=title, footer=footer,
                title_rows="3:3")
