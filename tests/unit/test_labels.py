"""No button label is longer than a chat channel shows, in any language.

Kakao i Open Builder allows 14 characters in a quick reply's or a button's label; Telegram
shows about 30 on a phone before it cuts a button's text (card buttons carry a "① " more).

The labels are read from the code with `ast`: calls `Button(...)` whose label is
`_("...")`, `_(VOCABULARY[...])` with VOCABULARY a dict of `N_()` msgids, `_(x.attr)` with
`attr=N_("...")` given somewhere, or a variable of the same function assigned from one of
those; and the options of the intake questions (the vocabularies a `Question(...)` offers,
with the "✓ " a several-answer question puts before a picked option). Placeholders are filled
with the values the code passes (a translated vocabulary, or what a helper such as
`seats_text` returns), or else with a typical value from `TYPICAL`.
"""

from __future__ import annotations

import ast
import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date

from handlers.formatting import clock
from handlers.i18n import Translator, speaking

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted([*(ROOT / "handlers").rglob("*.py"), *(ROOT / "bot").rglob("*.py")])
LOCALES = ROOT / "locales"
LANGUAGES = sorted(path.parent.parent.name for path in LOCALES.glob("*/LC_MESSAGES/ilteo.po"))
KAKAO, TELEGRAM = 14, 30
CARD_MARK = "① "  # bot/channels/telegram/render.py: a card's buttons carry its mark
PICKED = "✓ "  # handlers/flows/intake/keyboard.py: a picked option of a several-answer question
SEOUL = ZoneInfo("Asia/Seoul")
PLACEHOLDER = re.compile(r"\{(\w+)\}")

# Labels too long in Korean or English. Their catalogues are edited elsewhere: until they are
# shortened, they are listed here so that no other label, and no other language, grows past the
# limit unnoticed. Take a pair out once its label fits (a test says when).
KNOWN_TOO_LONG_FOR_KAKAO = {
    ("en", "Back to courses"),
    ("en", "Back to the start of the list"),
    ("en", "Book counselling"),
    ("en", "Care & welfare"),  # with its "✓ "
    ("en", "Change language"),
    ("en", "Change my answers"),
    ("en", "Change: {what}"),
    ("en", "Continue in Telegram"),
    ("en", "Counselling & call centre"),
    ("en", "Delete all my data"),
    ("en", "Design & crafts"),
    ("en", "I need an interpreter"),
    ("en", "I need childcare"),
    ("en", "Less than a year"),
    ("en", "Looking for work"),
    ("en", "More than 10 years"),
    ("en", "News for my area"),
    ("en", "News in {field}"),
    ("en", "News of the bus in {zone}"),
    ("en", "Production & quality"),
    ("en", "Remind me the day before"),
    ("en", "Show my courses"),
    ("en", "Starting a business"),
    ("en", "Stop: {name}"),
    ("en", "Tell me about new cohorts"),
    ("en", "Withdraw consent"),
    ("en", "Yes, that's right"),
}
KNOWN_TOO_LONG_FOR_TELEGRAM = {
    ("en", "News in {field}"),  # "News in Counselling & call centre"
    ("en", "Stop: {name}"),  # "Stop: Counselling & call centre"
}


def _typical_time(translator: Translator, language: str) -> list[str]:
    with speaking(translator, language):
        return [
            clock(datetime(2026, 9, 18, hour, minute, tzinfo=SEOUL), SEOUL)
            for hour, minute in ((14, 0), (10, 30))
        ]


def _summary_lines(translator: Translator, language: str) -> list[str]:
    from handlers.flows.intake.questions import BY_SLOT
    from handlers.flows.intake.summary import LINES

    return [translator.gettext(language, BY_SLOT[slot].label) for slot in LINES]


# Placeholder -> its typical values in a language, when the code passes data rather than a
# translated vocabulary: Seoul's zone names, a field of work as the name of an alert, the name
# of an intake question in the summary, a time of day as `clock()` says it, a count of seats.
TYPICAL = {
    "language": lambda labels, translator, language: ["English", "Tiếng Việt", "中文"],
    "zone": lambda labels, translator, language: ["서남권", "동북권"],
    "name": lambda labels, translator, language: [
        translator.gettext(language, msgid) for msgid in labels.vocabularies["FIELDS"]
    ],
    "what": lambda labels, translator, language: _summary_lines(translator, language),
    "time": lambda labels, translator, language: _typical_time(translator, language),
    "count": lambda labels, translator, language: ["2"],
}


@dataclass(frozen=True)
class Label:
    """A button label: a msgid, where it is used, what comes before it, how to fill it."""

    msgid: str
    where: str
    prefix: str = ""
    card: bool = False
    values: tuple[tuple[str, ast.expr], ...] = ()  # placeholder -> the expression passed


@dataclass
class Labels:
    found: list[Label] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)  # `Button(day(...))`: a day as a label
    unread: list[str] = field(default_factory=list)  # labels with `_()` the test cannot read
    vocabularies: dict[str, list[str]] = field(default_factory=dict)
    keyword_msgids: dict[str, list[str]] = field(default_factory=dict)
    returned: dict[str, ast.Call] = field(default_factory=dict)  # helper -> the `_()` it returns


def _called(node: ast.AST, name: str) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name | ast.Attribute)
        and (node.func.id if isinstance(node.func, ast.Name) else node.func.attr) == name
    )


def _literal_msgid(node: ast.AST, marker: str) -> str | None:
    """The msgid of `_("...")` or `N_("...")` (adjacent literals joined by the parser)."""
    if _called(node, marker) and node.args and isinstance(node.args[0], ast.Constant):
        value = node.args[0].value
        return value if isinstance(value, str) else None
    return None


def _parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _collect_tables(labels: Labels, tree: ast.Module) -> None:
    for node in tree.body:
        target, value = None, None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign):
            target, value = node.target, node.value
        if isinstance(target, ast.Name) and isinstance(value, ast.Dict) and value.values:
            msgids = [_literal_msgid(v, "N_") for v in value.values]
            if all(msgids):
                labels.vocabularies.setdefault(target.id, []).extend(msgids)
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.keyword)
            and node.arg
            and (msgid := _literal_msgid(node.value, "N_"))
        ):
            labels.keyword_msgids.setdefault(node.arg, []).append(msgid)
        if isinstance(node, ast.FunctionDef):
            returns = [n.value for n in ast.walk(node) if isinstance(n, ast.Return) and n.value]
            if len(returns) == 1 and _literal_msgid(returns[0], "_"):
                labels.returned[node.name] = returns[0]


def _msgids_of(labels: Labels, node: ast.expr) -> list[str]:
    """The msgids `_(node)` may be called with: a literal, a vocabulary, an N_ keyword."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
        return labels.vocabularies.get(node.value.id, [])
    if _called(node, "get") and isinstance(node.func.value, ast.Name):
        return labels.vocabularies.get(node.func.value.id, [])
    if isinstance(node, ast.Attribute):
        return labels.keyword_msgids.get(node.attr, [])
    return []


def _translations_called(node: ast.expr, scope: ast.AST) -> list[ast.Call] | None:
    """The `_()` calls a label expression stands for, or None when it cannot tell."""
    if _called(node, "_"):
        return [node]
    if isinstance(node, ast.Subscript):  # `_("Stop: {name}", ...)[:40]`
        return _translations_called(node.value, scope)
    if isinstance(node, ast.IfExp):
        body, orelse = (_translations_called(n, scope) for n in (node.body, node.orelse))
        return None if body is None or orelse is None else body + orelse
    if isinstance(node, ast.Name):
        assigned = [
            n.value
            for n in ast.walk(scope)
            if isinstance(n, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == node.id for t in n.targets)
        ]
        found = [_translations_called(value, scope) for value in assigned]
        if assigned and all(calls is not None for calls in found):
            return [call for calls in found for call in calls]
    return None


def _scopes(tree: ast.Module) -> list[ast.AST]:
    """Every function (a variable is looked up in its own), and the module's other lines."""
    functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    defined = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    rest = ast.Module(body=[n for n in tree.body if not isinstance(n, defined)], type_ignores=[])
    return [rest, *functions]


def _collect_buttons(labels: Labels, tree: ast.Module, path: Path) -> None:
    for scope in _scopes(tree):
        card = any(_called(n, "Card") for n in ast.walk(scope))
        for node in ast.walk(scope):
            if not (_called(node, "Button") and isinstance(node.func, ast.Name)):
                continue
            label = (
                node.args[0]
                if node.args
                else next((k.value for k in node.keywords if k.arg == "label"), None)
            )
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            if label is None:
                continue
            if _called(label, "day"):
                labels.dates.append(where)
                continue
            calls = _translations_called(label, scope)
            if calls is None:
                if any(_called(n, "_") for n in ast.walk(label)):
                    labels.unread.append(f"{where}: {ast.unparse(label)}")
                continue  # data, not a message: place names, language names, intake options
            for call in calls:
                values = tuple((k.arg, k.value) for k in call.keywords if k.arg)
                for msgid in _msgids_of(labels, call.args[0]):
                    labels.found.append(Label(msgid, where, card=card, values=values))


def _collect_questions(labels: Labels, tree: ast.Module, path: Path) -> None:
    """The options of `Question(...)`: the vocabularies it names; "✓ " when it takes several."""
    for node in ast.walk(tree):
        if not _called(node, "Question"):
            continue
        multi = any(
            k.arg == "multi" and isinstance(k.value, ast.Constant) and k.value.value is True
            for k in node.keywords
        )
        names = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
        where = f"{path.relative_to(ROOT)}:{node.lineno}"
        for name in sorted(names & set(labels.vocabularies)):
            for msgid in labels.vocabularies[name]:
                labels.found.append(Label(msgid, where, prefix=PICKED if multi else ""))


def collect() -> Labels:
    labels = Labels()
    trees = {path: _parse(path) for path in SOURCES}
    for tree in trees.values():
        _collect_tables(labels, tree)
    for path, tree in trees.items():
        _collect_questions(labels, tree, path)
    for path, tree in trees.items():
        _collect_buttons(labels, tree, path)
    return labels


LABELS = collect()
TRANSLATOR = Translator(LOCALES)


def _catalogued(language: str) -> set[str]:
    from babel.messages.pofile import read_po

    with (LOCALES / language / "LC_MESSAGES/ilteo.po").open("rb") as handle:
        return {m.id for m in read_po(handle) if m.id and m.string and not m.fuzzy}


def _values(labels: Labels, language: str, name: str, expression: ast.expr | None) -> list[str]:
    """What a placeholder may be filled with, in `language`."""
    if expression is not None and _called(expression, "_") and expression.args:
        msgids = _msgids_of(labels, expression.args[0])
        if msgids:
            return [TRANSLATOR.gettext(language, msgid) for msgid in msgids]
    if (
        expression is not None
        and isinstance(expression, ast.Call)
        and isinstance(expression.func, ast.Name)
        and expression.func.id in labels.returned
    ):
        inner = labels.returned[expression.func.id]
        return _rendered(
            labels,
            language,
            inner.args[0].value,
            dict((k.arg, k.value) for k in inner.keywords if k.arg),
        )
    if name in TYPICAL:
        return TYPICAL[name](labels, TRANSLATOR, language)
    raise AssertionError(f"no typical value for {{{name}}}: add one to TYPICAL in {__file__}")


def _rendered(labels: Labels, language: str, msgid: str, passed: dict) -> list[str]:
    """Every way a label reads in `language`, its placeholders filled."""
    text = TRANSLATOR.gettext(language, msgid)
    names = sorted(set(PLACEHOLDER.findall(text)))
    choices = [_values(labels, language, name, passed.get(name)) for name in names]
    return [
        unicodedata.normalize("NFC", text.format(**dict(zip(names, combination, strict=True))))
        for combination in itertools.product(*choices)
    ]


def longest(language: str) -> dict[str, tuple[int, str, Label]]:
    """msgid -> (length, text, label) of its longest rendering in `language`, for every label
    whose msgid the catalogue translates (a missing translation is test_catalogues' to report).
    """
    catalogued = _catalogued(language)
    result: dict[str, tuple[int, str, Label]] = {}
    for label in LABELS.found:
        if label.msgid not in catalogued:
            continue
        for text in _rendered(LABELS, language, label.msgid, dict(label.values)):
            shown = label.prefix + text
            if label.msgid not in result or len(shown) > result[label.msgid][0]:
                result[label.msgid] = (len(shown), shown, label)
    return result


def test_the_labels_are_found():
    msgids = {label.msgid for label in LABELS.found}
    # One of each way a label is given: literal, vocabulary option, N_ keyword, variable.
    assert {"Main menu", "Cooking", "Any time", "Yes, that's right", "News in {field}"} <= msgids
    assert not LABELS.unread, f"labels this test cannot read: {LABELS.unread}"


def _too_long(language: str, limit: int) -> dict[tuple[str, str], str]:
    """(language, msgid) -> how it reads, for the labels longer than `limit` characters;
    Telegram's limit counts the mark of a card's buttons."""
    marked = limit == TELEGRAM
    return {
        (language, msgid): f"{length} chars: {text!r} ({label.where})"
        for msgid, (length, text, label) in longest(language).items()
        if length + (len(CARD_MARK) if marked and label.card else 0) > limit
    }


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("limit", "known"),
    [(KAKAO, KNOWN_TOO_LONG_FOR_KAKAO), (TELEGRAM, KNOWN_TOO_LONG_FOR_TELEGRAM)],
    ids=["kakao", "telegram"],
)
def test_labels_fit(language, limit, known):
    unexpected = {key: why for key, why in _too_long(language, limit).items() if key not in known}
    assert not unexpected, f"labels over {limit} characters: {unexpected}"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("limit", "known"),
    [(KAKAO, KNOWN_TOO_LONG_FOR_KAKAO), (TELEGRAM, KNOWN_TOO_LONG_FOR_TELEGRAM)],
    ids=["kakao", "telegram"],
)
def test_known_exceptions_are_still_too_long(language, limit, known):
    too_long = _too_long(language, limit)
    catalogued = _catalogued(language)
    fixed = sorted(
        msgid
        for lang, msgid in known
        if lang == language and msgid in catalogued and (lang, msgid) not in too_long
    )
    assert not fixed, f"these {language} labels fit in {limit} now: take them off the list: {fixed}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_days_as_labels_fit_kakao(language):
    """A day button ("9월 18일(목)") offers a day to book, never a weekend."""
    if not LABELS.dates:
        pytest.skip("no day is a button")
    pattern = TRANSLATOR.gettext(language, "EEE, MMM d")
    weekdays = (date(2026, 1, 1) + timedelta(days=n) for n in range(365))
    texts = [format_date(d, pattern, locale=language) for d in weekdays if d.weekday() < 5]
    assert max(len(text) for text in texts) <= KAKAO, max(texts, key=len)


def test_a_long_label_is_caught(monkeypatch):
    """The check can fail: a Vietnamese "Main menu" of 20 characters is reported."""
    real = TRANSLATOR.gettext

    def longer(language: str, msgid: str) -> str:
        return (
            "Quay về menu chính ạ"
            if (language, msgid) == ("vi", "Main menu")
            else real(language, msgid)
        )

    monkeypatch.setattr(TRANSLATOR, "gettext", longer)
    if "vi" not in LANGUAGES:
        pytest.skip("no Vietnamese catalogue")
    with pytest.raises(AssertionError, match="Main menu"):
        test_labels_fit("vi", KAKAO, KNOWN_TOO_LONG_FOR_KAKAO)
    test_labels_fit("vi", TELEGRAM, KNOWN_TOO_LONG_FOR_TELEGRAM)  # 20 is fine for Telegram
