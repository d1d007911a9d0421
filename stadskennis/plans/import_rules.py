"""The rows of a plan's import (XLSX or CSV, one element per row) checked before anything is written.

Columns are named as a city's own export names them, in Dutch or English (`code`, `bovenliggende
code`/`parent`, `niveau`/`level`, `titel`/`title`, ...); `code` and `titel` are required, the rest
optional. Codes are the city's own (`2WWS0101`) and serve as external ids: a row updates the element
with its code, or creates it. Every problem is named with its line and column, in Dutch, and a file
with any problem writes nothing (rule 5); the checks run on the whole file first, so one reading gives
every message.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from stadskennis.indicators.numbers import NumberError, clip, parse_number

# level → its depth in the Flemish planning structure (BBC); a project may hang under any element
LEVELS = {"domain": 1, "objective": 2, "action_plan": 3, "action": 4, "project": 5}
LEVEL_NAMES = {  # as the interface names them
    "domain": "beleidsdomein",
    "objective": "beleidsdoelstelling",
    "action_plan": "actieplan",
    "action": "actie",
    "project": "project",
}
LEVEL_WORDS = {
    "beleidsdomein": "domain",
    "domein": "domain",
    "domain": "domain",
    "beleidsdoelstelling": "objective",
    "doelstelling": "objective",
    "objective": "objective",
    "actieplan": "action_plan",
    "action plan": "action_plan",
    "actie": "action",
    "action": "action",
    "project": "project",
}
COLUMNS = {  # folded header → field
    "code": "code",
    "bovenliggende code": "parent",
    "parent": "parent",
    "parent code": "parent",
    "niveau": "level",
    "level": "level",
    "titel": "title",
    "title": "title",
    "omschrijving": "description",
    "description": "description",
    "prioritair": "priority",
    "priority": "priority",
    "schepen": "politician",
    "politician": "politician",
    "dienst": "department",
    "department": "department",
    "eigenaar": "owner",
    "owner": "owner",
    "start": "start",
    "startdatum": "start",
    "einde": "end",
    "einddatum": "end",
    "end": "end",
    "status": "status",
    "voortgang": "progress",
    "progress": "progress",
    "gewicht": "weight",
    "weight": "weight",
    "exploitatie gepland": "exploitation_planned",
    "exploitatie gerealiseerd": "exploitation_realised",
    "investering gepland": "investment_planned",
    "investering gerealiseerd": "investment_realised",
    "themas": "themes",
    "themes": "themes",
    "tags": "tags",
    "publiek": "public",
    "public": "public",
}
COLUMN_NAMES = {  # a field as the Dutch header names it, for messages
    field: next(header for header, f in COLUMNS.items() if f == field) for field in set(COLUMNS.values())
}
COLUMN_NAMES["themes"] = "thema's"
BUDGETS = ("exploitation_planned", "exploitation_realised", "investment_planned", "investment_realised")
YES, NO = {"ja", "j", "yes", "y", "x", "1", "waar", "true"}, {"nee", "n", "no", "0", "", "onwaar", "false"}
CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]{0,39}")
SDG = re.compile(r"(?:sdg\s*)?(\d{1,2})(?:\.(\d{1,2}|[a-z]))?", re.IGNORECASE)
MAX_EURO = 10**15  # in cents it still fits a 64-bit integer
MAX_TEXT = {"title": 300, "description": 10_000, "politician": 200, "department": 200, "owner": 254}


@dataclass
class ElementRow:
    line: int
    code: str
    title: str
    parent: str = ""
    level: str = "action"
    description: str = ""
    priority: bool = False
    politician: str = ""
    department: str = ""
    owner: str = ""  # an email address, matched to a person when written
    start: date | None = None
    end: date | None = None
    status: str = ""
    progress: int | None = None
    weight: Decimal = Decimal(1)
    budgets: dict[str, int] = field(default_factory=dict)  # euro cents
    themes: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    public: bool = False
    # the fields the file has a column for: a known element keeps what the file says nothing about
    columns: frozenset[str] = frozenset()


@dataclass(frozen=True)
class RowProblem:
    line: int
    column: str | None
    message: str

    def __str__(self) -> str:
        return (
            f"regel {self.line}" + (f", kolom '{self.column}'" if self.column else "") + f": {self.message}"
        )


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9 ]+", "", text).strip()


def columns(header: list[str]) -> tuple[dict[int, str], list[RowProblem]]:
    """Which field each column holds; a column we do not know is a problem (a typo loses data)."""
    found, problems = {}, []
    for index, name in enumerate(header):
        key = COLUMNS.get(fold(name))
        if key is None and str(name).strip():
            problems.append(RowProblem(1, str(name), "onbekende kolom"))
        elif key in found.values():
            problems.append(RowProblem(1, str(name), "kolom komt twee keer voor"))
        elif key:
            found[index] = key
    for required in ("code", "title"):
        if required not in found.values():
            problems.append(RowProblem(1, None, f"de kolom '{COLUMN_NAMES[required]}' ontbreekt"))
    return found, problems


def check_rows(
    rows: list[tuple[int, dict[str, object]]],
    *,
    statuses: set[str],
    existing: dict[str, str],
    existing_levels: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[list[ElementRow], list[RowProblem]]:
    """`rows`: (line, {field: cell}). `statuses`: the organisation's status names, folded. `existing`:
    the plan's codes already stored → their parent code ("" for a root), so a file may hang new
    elements under old ones and a move that makes a loop is seen. `headers`: field → the column's name
    as the file writes it ("Voortgang"), used in the messages."""
    elements, problems = [], []
    seen: dict[str, int] = {}
    for line, cells in rows:
        element = _row(line, cells, statuses, problems)
        if element is None:
            continue
        if element.code in seen:
            problems.append(
                RowProblem(line, "code", f"code {element.code} staat al op regel {seen[element.code]}")
            )
            continue
        seen[element.code] = line
        elements.append(element)
    _check_tree(elements, existing, existing_levels or {}, problems)
    named = {**COLUMN_NAMES, **(headers or {})}
    problems = [RowProblem(p.line, named.get(p.column, p.column), p.message) for p in problems]
    bad_lines = {p.line for p in problems}
    elements = [e for e in elements if e.line not in bad_lines]
    return elements, sorted(problems, key=lambda p: (p.line, p.column or ""))


def _row(
    line: int, cells: dict[str, object], statuses: set[str], problems: list[RowProblem]
) -> ElementRow | None:
    def problem(column: str, message: str) -> None:
        problems.append(RowProblem(line, column, message))

    text = {key: _text(value) for key, value in cells.items()}
    code, title = text.get("code", ""), text.get("title", "")
    before = len(problems)
    if not code:
        problem("code", "verplicht")
    elif not CODE.fullmatch(code):
        problem(
            "code",
            f"'{clip(code)}' is geen code: letters, cijfers, '.', '-', '_' of '/', hoogstens 40 tekens",
        )
    if not title:
        problem("title", "verplicht")
    for key, most in MAX_TEXT.items():
        if len(text.get(key, "")) > most:
            problem(key, f"hoogstens {most} tekens")
    element = ElementRow(line=line, code=code, title=title[: MAX_TEXT["title"]], columns=frozenset(cells))
    element.parent = text.get("parent", "")
    level = fold(text.get("level", "")) or "actie"
    element.level = LEVEL_WORDS.get(level, "")
    if not element.level:
        problem(
            "level",
            f"'{clip(text['level'])}' is geen niveau: {', '.join(LEVEL_NAMES.values())}",
        )
    for key in ("description", "politician", "department", "owner"):
        setattr(element, key, text.get(key, ""))
    element.priority = _yes_no(text.get("priority", ""), "priority", problem)
    element.public = _yes_no(text.get("public", ""), "public", problem)
    element.start = _date(cells.get("start"), "start", problem)
    element.end = _date(cells.get("end"), "end", problem)
    if element.start and element.end and element.end < element.start:
        problem("end", f"het einde ({element.end:%d/%m/%Y}) ligt voor de start ({element.start:%d/%m/%Y})")
    status = text.get("status", "")
    if status and fold(status) not in statuses:
        problem(
            "status", f"'{clip(status)}' is geen status van deze organisatie: {', '.join(sorted(statuses))}"
        )
    element.status = fold(status)
    element.progress = _progress(text.get("progress", ""), problem)
    weight = _number(text.get("weight", ""), "weight", problem)
    if weight is not None:
        if weight < 0 or weight > 1000:
            problem("weight", "een gewicht ligt tussen 0 en 1000")
        element.weight = weight
    for key in BUDGETS:
        amount = _number(text.get(key, ""), key, problem)
        if amount is not None and abs(amount) >= MAX_EURO:
            problem(key, f"een bedrag blijft onder {MAX_EURO:,} euro".replace(",", "."))
        elif amount is not None:
            element.budgets[key] = int((amount * 100).quantize(Decimal(1), ROUND_HALF_UP))
    element.themes = [t.strip() for t in re.split(r"[;,]", text.get("themes", "")) if t.strip()]
    element.tags = _tags(text.get("tags", ""), problem)
    return element if len(problems) == before else None


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _yes_no(raw: str, column: str, problem) -> bool:
    word = fold(raw)
    if word in YES:
        return True
    if word not in NO:
        problem(column, f"'{clip(raw)}' is geen ja of nee")
    return False


def _date(value: object, column: str, problem) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raw = str(value).strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(raw, pattern).date()  # noqa: DTZ007 (a calendar day, no time)
        except ValueError:
            continue
    problem(column, f"'{clip(raw)}' is geen datum: schrijf 2026-03-31 of 31/03/2026")
    return None


def _number(raw: str, column: str, problem) -> Decimal | None:
    text = raw.replace("€", "").replace("EUR", "").strip()
    if not text:
        return None
    try:
        return parse_number(text)
    except NumberError as error:
        problem(column, str(error))
        return None


def _progress(raw: str, problem) -> int | None:
    value = _number(raw.rstrip("%").strip(), "progress", problem)
    if value is None:
        return None
    if not 0 <= value <= 100:
        problem("progress", f"{raw} ligt niet tussen 0 en 100%")
        return None
    return int(value.quantize(Decimal(1), ROUND_HALF_UP))


def _tags(raw: str, problem) -> list[str]:
    """Free tags travel as written; one that starts with 'SDG' must name a goal (1–17) or a target."""
    tags = []
    for tag in (t.strip() for t in re.split(r"[;,]", raw) if t.strip()):
        if fold(tag).startswith("sdg"):
            match = SDG.fullmatch(tag.replace(" ", "")) or SDG.fullmatch(tag)
            if not match or not 1 <= int(match.group(1)) <= 17:
                problem("tags", f"'{clip(tag)}' is geen SDG-doel (1 tot 17) of -subdoel (zoals SDG 11.1)")
                continue
            tag = f"SDG {match.group(1)}" + (f".{match.group(2)}" if match.group(2) else "")
        tags.append(tag)
    return tags


def _check_tree(
    elements: list[ElementRow],
    existing: dict[str, str],
    existing_levels: dict[str, str],
    problems: list[RowProblem],
) -> None:
    """Parents that exist, levels that go down, and no loop, over the file and what is stored."""
    parents = dict(existing)
    levels = dict(existing_levels)
    for element in elements:  # without a column, a known element keeps its stored parent and level
        if "parent" in element.columns or element.code not in parents:
            parents[element.code] = element.parent
        else:
            element.parent = parents[element.code]
        if "level" in element.columns or element.code not in levels:
            levels[element.code] = element.level
        else:
            element.level = levels[element.code]
    for element in elements:
        if not element.parent:
            continue
        if element.parent not in parents:
            problems.append(
                RowProblem(element.line, "parent", f"er is geen element met code {element.parent}")
            )
            continue
        above = levels.get(element.parent)
        if above and element.level != "project" and LEVELS[element.level] <= LEVELS[above]:
            problems.append(
                RowProblem(
                    element.line,
                    "level",
                    f"een {_level_name(element.level)} kan niet onder een {_level_name(above)} staan",
                )
            )
        seen, code = {element.code}, element.parent
        while code:
            if code in seen:
                problems.append(
                    RowProblem(
                        element.line,
                        "parent",
                        f"code {element.code} komt via {element.parent} bij zichzelf uit",
                    )
                )
                break
            seen.add(code)
            code = parents.get(code, "")
    # an element whose level the file changes keeps the elements stored under it in order
    rows = {element.code: element for element in elements}
    for child, parent in parents.items():
        above = rows.get(parent)
        if child in rows or above is None or levels.get(child) == "project":
            continue
        if LEVELS[levels[child]] <= LEVELS[above.level]:
            problems.append(
                RowProblem(
                    above.line,
                    "level",
                    f"onder een {_level_name(above.level)} kan geen {_level_name(levels[child])} "
                    f"({child}) staan",
                )
            )


def _level_name(level: str) -> str:
    return LEVEL_NAMES.get(level, level)
