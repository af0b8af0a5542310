"""When the data runs out: the one report every command gives (settle, forecast, compare,
explain, validate), and ``settle``'s refusal of a year that rests on planning assumptions.

A run that lacks data names every series that ends (file:line of its last entry), the
command that was run, how far the data reaches, and the remedy that exists: for a settlement
the real values (or ``checked_until``), for the other commands the ``planning:`` key, with a
block to paste that has a line for each series missing.
"""

from __future__ import annotations

from typing import Any

import typer

from kimcost.messages import Catalogue, Text, render


def echo_err(message: Text | str, lang: str) -> None:
    typer.echo(render(message, lang), err=True)  # not cli.errors' echo_err: that module imports this one


# All texts of these reports, German first (the default) and English (--lang en).
_TEXTS = Catalogue("cli.missing", {
    "error": ("Fehler: {message}", "error: {message}"),
    "at_command": ("{command}: {message}", "{command}: {message}"),
    "at_year": ("{command} {year}: {message}", "{command} {year}: {message}"),
    "head": ("{command}: für {years} fehlen die Daten der {count} Reihe(n) oben; nichts wurde geschrieben.",
             "{command}: the data of the {count} series above is missing for {years}; nothing was written."),
    "reach": ("Die datierten Daten reichen bis {year}.", "The dated data reaches {year}."),
    "reach_none": ("Die datierten Daten reichen für keines dieser Jahre.", "The dated data covers none of these years."),
    "reach_planned": ("Die datierten Daten reichen bis {year}, die Planungsannahmen ('planning:') bis {until}.",
                      "The dated data reaches {year}, the planning assumptions ('planning:') {until}."),
    "settle_remedy": (
        "Eine Abrechnung braucht die tatsächlichen Werte: tragen Sie die Einträge für {year} ein (oder, wenn der "
        "letzte Wert weiter gilt, 'checked_until: {{date: {year}-12-31, source: \"…\"}}' neben den Einträgen). "
        "Planungsannahmen ('planning:') gelten für forecast, compare und explain, nie für eine Abrechnung.",
        "A settlement needs the real values: write the entries for {year} (or, where the last value still holds, "
        "'checked_until: {{date: {year}-12-31, source: \"…\"}}' beside the entries). Planning assumptions "
        "('planning:') serve forecast, compare and explain, never a settlement.",
    ),
    "plan_remedy": (
        "Für die Jahre nach den Daten stehen die Planungsannahmen einmal unter 'planning:' in {file}; jeder Wert, "
        "der daraus entsteht, ist in jeder Ausgabe als Annahme gekennzeichnet. Zum Beispiel (Beispielwerte, "
        "ersetzen Sie sie durch Ihre):",
        "State the planning assumptions for the years after the data once, under 'planning:' in {file}; every "
        "value they create is marked as an assumption in every output. For example (example figures, replace "
        "them with yours):",
    ),
    "plan_until": ("planning.until ist {until} ({where}); setzen Sie es auf {last}, damit die Annahmen bis {last} reichen.",
                   "planning.until is {until} ({where}); set it to {last}, so the assumptions reach {last}."),
    "plan_rules": ("'planning:' ({where}) nennt für diese Reihen keine Regel; ergänzen Sie, z. B.:",
                   "'planning:' ({where}) states no rule for these series; add, for example:"),
    "or_data": ("Oder tragen Sie die tatsächlichen Werte ein (oder 'checked_until:' neben den Einträgen, mit Quelle).",
                "Or write the real values (or 'checked_until:' beside the entries, with its source)."),
    "one": ("Der Konfiguration fehlen Daten für dieses Jahr; nichts wurde geschrieben.",
            "The configuration lacks data for this year; nothing was written."),
    "note": ("{years} beruhen auf Planungsannahmen ('planning:' in {where}): {rules}; jeder so entstandene Wert "
             "ist als Annahme gekennzeichnet und mit seinen Jahren aufgeführt.",
             "{years} rest on planning assumptions ('planning:' in {where}): {rules}; every value so created is "
             "marked as an assumption and listed with its years."),
    "planned_value": ("{command} {year}: {name} ist eine Planungsannahme ({note})",
                      "{command} {year}: {name} is a planning assumption ({note})"),
    "planned": (
        "{command} {year}: das Jahr beruht auf {count} Planungsannahme(n) ('planning:', oben). Eine Abrechnung ist "
        "die endgültige Rechnung eines vergangenen Jahres und beruht nie auf Annahmen für die Planung: tragen Sie "
        "die tatsächlichen Werte für {year} ein (oder, wenn der letzte Wert weiter gilt, 'checked_until:' neben "
        "den Einträgen, mit Quelle). Für den Haushalt: kimcost forecast {year} {year} --config {file}. "
        "Nichts wurde geschrieben.",
        "{command} {year}: the year rests on {count} planning assumption(s) ('planning:', above). A settlement is "
        "the final statement of a past year and never rests on planning assumptions: write the real values for "
        "{year} (or, where the last value still holds, 'checked_until:' beside the entries, with its source). For "
        "the budget: kimcost forecast {year} {year} --config {file}. Nothing was written.",
    ),
})


def _error(issue, lang: str) -> None:
    echo_err(_TEXTS("error", message=issue.text(lang)), lang)


def _years(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"


def report_missing(exc: Any, loaded: Any, command: str, lang: str = "de") -> None:
    """Report a ``MissingData`` (or a ``SeriesMissing`` with every series) on stderr."""
    from kimcost.configuration.errors import ConfigIssue
    from kimcost.engine.errors import SeriesMissing

    locate = (lambda path: loaded.locate(path, key=True)) if loaded is not None else (lambda path: None)
    if not isinstance(exc, SeriesMissing):
        _error(ConfigIssue(locate(exc.path), exc.path, _TEXTS("at_command", command=command, message=exc.message)), lang)
        echo_err(_TEXTS("one"), lang)
        return
    for problem in exc.problems:
        error = problem.error
        _error(ConfigIssue(locate(error.path), error.path,
                           _TEXTS("at_year", command=command, year=problem.year, message=error.message)), lang)
    echo_err(_TEXTS("head", command=command, years=_years(exc.first, exc.last), count=len(exc.problems)), lang)
    if loaded is None:
        return
    _reach(exc, loaded, lang)
    if not any(p.error.ends for p in exc.problems):
        return  # the data begins later: each message says which entry to add
    if command == "settle":
        echo_err(_TEXTS("settle_remedy", year=exc.first), lang)
        return
    _planning_remedy(exc, loaded, lang)


def _reach(exc: Any, loaded: Any, lang: str) -> None:
    from kimcost.engine.coverage import covered_years

    first = min(p.year for p in exc.problems)
    reach = covered_years(loaded.dated_config, min(exc.first, first) - 30, first)
    year = reach.stop - 1 if reach else None
    planning = loaded.planned.planning if loaded.planned is not None else None
    if year is None:
        echo_err(_TEXTS("reach_none"), lang)
    elif planning is not None and planning.until > year:
        echo_err(_TEXTS("reach_planned", year=year, until=planning.until), lang)
    else:
        echo_err(_TEXTS("reach", year=year), lang)


def _planning_remedy(exc: Any, loaded: Any, lang: str) -> None:
    from kimcost.configuration.loader import display_name
    from kimcost.configuration.planning import example_snippet, missing_rules, rule_for

    rules = [r for r in (rule_for(p.error.path) for p in exc.problems if p.error.ends) if r is not None]
    if not rules:
        return
    planning = loaded.planned.planning if loaded.planned is not None else None
    if planning is None:
        echo_err(_TEXTS("plan_remedy", file=display_name(loaded.main_file)), lang)
        echo_err(example_snippet(rules, exc.last), lang)
        echo_err(_TEXTS("or_data"), lang)
        return
    where = loaded.locate(("planning",), key=True)
    if planning.until < exc.last:
        until_at = loaded.locate(("planning", "until"))
        echo_err(_TEXTS("plan_until", until=planning.until, where=until_at or where, last=exc.last), lang)
    lacking = missing_rules(planning, rules)
    if lacking:
        echo_err(_TEXTS("plan_rules", where=where), lang)
        echo_err(example_snippet(lacking, exc.last, head=False), lang)
    echo_err(_TEXTS("or_data"), lang)


def report_planned(exc: Any, loaded: Any, command: str, lang: str = "de") -> None:
    """``settle``'s refusal: every planning assumption the year would rest on, at its rule's line."""
    from kimcost.configuration.errors import ConfigIssue
    from kimcost.configuration.loader import display_name

    for value in exc.values:
        message = _TEXTS("planned_value", command=command, year=exc.year, name=value.key, note=value.note)
        _error(ConfigIssue(loaded.locate(value.rule, key=True), value.rule, message), lang)
    echo_err(_TEXTS("planned", command=command, year=exc.year, count=len(exc.values),
                    file=display_name(loaded.main_file)), lang)


def _ranges(years: list[int]) -> str:
    """``[2027, 2028, 2029, 2031]`` → ``2027–2029, 2031``."""
    parts: list[list[int]] = []
    for year in sorted(set(years)):
        if parts and year == parts[-1][-1] + 1:
            parts[-1].append(year)
        else:
            parts.append([year])
    return ", ".join(_years(p[0], p[-1]) for p in parts)


def note_planning(loaded: Any, settlements: Any, lang: str = "de") -> None:
    """On stderr, which years rest on which planning rule: the terminal note of a run that
    used planning assumptions (the values themselves are in every output's assumptions)."""
    if loaded.planned is None:
        return
    by_rule: dict[tuple, list[int]] = {}
    for settlement in settlements:
        for value in loaded.planned.used_in(path for path, _ in settlement.parameters_used):
            by_rule.setdefault(value.rule, []).append(settlement.year)
    if not by_rule:
        return
    from kimcost.reports.wording import planning_rule

    years = [y for ys in by_rule.values() for y in ys]
    rules = ", ".join(f"{planning_rule(rule, loaded.config, lang)} ({_ranges(ys)})" for rule, ys in by_rule.items())
    where = loaded.locate(("planning",), key=True)
    echo_err(_TEXTS("note", years=_ranges(years), where=where, rules=rules), lang)
