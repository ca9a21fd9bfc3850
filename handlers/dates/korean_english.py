"""Korean and English days and times, the rules `handlers.dates.read_when` runs after the Chinese
and Vietnamese ones (see the package's docstring for what is read).

Both languages share one table of rules: dates written with digits carry a weekday in either
language ("9월 18일(목)", "Sep 18, Thu"), and a clock time may take 오후 or pm.
"""

from __future__ import annotations

import re
from datetime import date, time, timedelta
from functools import cache

from babel.dates import get_day_names

from handlers.dates.scanner import (
    KO_HOURS,
    Rule,
    clock,
    date_or_none,
    either,
    english_months,
    in_week,
    next_weekday,
    read_calendar,
    read_day_of_month,
)
from handlers.numbers import sino_number

_SINO = "[일이삼사오육칠팔구]"


# Sino-Korean numbers before 년, 월 or 일: "이천십오년 삼월 삼일" is 2015년 3월 3일.
_SINO_DATE = re.compile(
    rf"(?<![가-힣])(?=[일이삼사오육칠팔구십천])(?P<thousands>{_SINO}?천)?(?P<hundreds>{_SINO}?백)?"
    rf"(?P<tens>{_SINO}?십)?(?P<units>{_SINO})?(?=\s?(?:년|월|일(?!요)))"
)


def _sino_date(match: re.Match[str]) -> str:
    value = 0
    for name, size in (("thousands", 1000), ("hundreds", 100), ("tens", 10), ("units", 1)):
        part = match[name]
        if part:
            digit = part.rstrip("천백십")
            value += (int(sino_number(digit)) if digit else 1) * size
    return str(value) if value else match[0]


_KO_WEEKDAYS = "월화수목금토일"  # Monday first, as date.weekday() counts


_KO_WEEKS = {"이번주": 0, "금주": 0, "다음주": 1, "담주": 1, "차주": 1}


_KO_WEEKS |= {"다다음주": 2, "다담주": 2}


_KO_RELATIVE = {"오늘": 0, "내일": 1, "낼": 1, "모레": 2, "내일모레": 2, "낼모레": 2}


_KO_RELATIVE |= {"글피": 3, "그글피": 4}


_KO_SPANS = {
    "하루": 1,
    "이틀": 2,
    "사흘": 3,
    "나흘": 4,
    "닷새": 5,
    "엿새": 6,
    "이레": 7,
    "여드레": 8,
    "아흐레": 9,
    "열흘": 10,
    "보름": 15,
    "일주일": 7,
    "1주일": 7,
    "한주": 7,
}


_KO_SPANS |= {
    f"{name}일": n
    for name, n in (
        ("이", 2),
        ("삼", 3),
        ("사", 4),
        ("오", 5),
        ("육", 6),
        ("칠", 7),
        ("팔", 8),
        ("구", 9),
        ("십", 10),
    )
}


_KO_WEEK_COUNTS = {"한": 1, "두": 2, "세": 3, "네": 4, "일": 1, "이": 2, "삼": 3, "사": 4}


_EN_RELATIVE = {"today": 0, "tonight": 0, "tomorrow": 1, "tmrw": 1, "tmr": 1}


_EN_RELATIVE |= {"tomorow": 1, "tommorow": 1, "tommorrow": 1, "dayaftertomorrow": 2}


@cache
def _english_weekdays() -> dict[str, int]:
    names = {"tues": 1, "weds": 2, "thur": 3, "thurs": 3}
    for width in ("wide", "abbreviated"):
        days = get_day_names(width, locale="en")
        names |= {name.lower(): number for number, name in days.items()}
    return names


# After the 일 of a date: not 3일간, 3일 동안, 3일 뒤, 2일째, 1일차, 1일 8시간, 일정, 일자리.
_KO_DAY_END = (
    r"\s?일(?!\s?(?:간|동안|뒤|후|째|차|\d+\s?(?:시간|회|번)))"
    r"(?=\s|$|[^가-힣]|[에은는이쯤요로까부날도경오월화수목금토일])"
)


# After 오늘, 내일, 모레...: a space or a particle, not 오늘날, 낼게요, 내일채움공제.
_DAY_WORD_END = r"(?=\s|$|[^가-힣]|[은는이요로에엔의까도부만쯤경말오아저낮밤점새정])"


@cache
def _weekday_tail() -> str:
    """A weekday written after a date ("9월 18일(목)", "Sep 18, Thu"), read with it."""
    en = either(_english_weekdays())
    ko = f"[{_KO_WEEKDAYS}]"
    return (
        rf"(?:\s?,?\s?\(\s?(?:{ko}(?:요일|욜)?|(?:{en})\.?)\s?\)"
        rf"|\s?,?\s?(?:{ko}(?:요일|욜)|(?:{en})(?![a-z])))?"
    )


@cache
def day_rules() -> tuple[Rule[date], ...]:
    months = either(english_months())
    weekdays = either(_english_weekdays())
    tail = _weekday_tail()
    ordinal = r"(?:st|nd|rd|th)"
    ko_wd = f"[{_KO_WEEKDAYS}]"
    week = r"다다음\s?[주쭈]|다담\s?[주쭈]|다음\s?[주쭈]|담\s?[주쭈]|차주|이번\s?[주쭈]|금주"
    rules = [
        (  # 2026-09-18, 2026.9.18, 2026/9/18, 2026. 9. 18.
            rf"(?<!\d)(?P<year>\d{{4}})\s?[-./]\s?(?P<month>\d{{1,2}})\s?[-./]\s?"
            rf"(?P<day>\d{{1,2}})(?!\d)\.?{tail}",
            read_calendar,
        ),
        (  # 9월 18일, 2026년 9월 18일
            rf"(?<!\d)(?:(?P<year>\d{{4}})\s?년\s?)?(?P<month>\d{{1,2}})\s?월\s?"
            rf"(?P<day>\d{{1,2}}){_KO_DAY_END}{tail}",
            read_calendar,
        ),
        (  # Sep 18, September 18th, 2026
            rf"\b(?P<month>{months})(?![a-z])\.?\s?(?P<day>\d{{1,2}}){ordinal}?(?![\d:])"
            rf"(?:,?\s(?P<year>\d{{4}})(?!\d))?{tail}",
            read_calendar,
        ),
        (  # 18 September, 18th of Sep
            rf"(?<![\d:])(?P<day>\d{{1,2}}){ordinal}?\s?(?:of\s)?(?P<month>{months})(?![a-z])"
            rf"\.?(?:,?\s(?P<year>\d{{4}})(?!\d))?{tail}",
            read_calendar,
        ),
        (  # 9/18
            rf"(?<![\d/.\-])(?P<month>\d{{1,2}})\s?/\s?(?P<day>\d{{1,2}})(?![\d/]){tail}",
            read_calendar,
        ),
        (  # 12.3 (a month and day with a dot, as on forms and receipts), not 2.30 pm
            r"(?<![\d.:/\-])(?P<month>1[0-2]|0?[1-9])\s?\.\s?(?P<day>[12]\d|3[01]|0?[1-9])"
            r"(?![\d.:]|\s?[ap]\.?m)\.?" + tail,
            read_calendar,
        ),
        (  # 3주 후 수요일, 2주 뒤, 두 주 후
            rf"(?P<weeks>\d{{1,2}}|[한두세네일이삼사])\s?주\s?(?:뒤|후)(?:에)?"
            rf"(?:\s?(?P<wd>{ko_wd})(?:요일|욜))?",
            _read_weeks_later,
        ),
        (r"(?<!\d)(?P<count>\d{1,2})\s?일\s?(?:뒤|후)", _read_days_later),
        (rf"(?P<span>{either(_KO_SPANS)}|한\s주)\s?(?:뒤|후)", _read_days_later),
        (r"\bin\s(?P<count>\d{1,2})\sdays?\b", _read_days_later),
        (r"(?P<which>이번\s?달|다음\s?달|담달)\s?(?P<day>\d{1,2})" + _KO_DAY_END, _read_month_day),
        (  # 다음주 목요일, 다음주목, 이번 주 금욜
            rf"(?P<week>{week})\s?(?P<wd>{ko_wd})(?:요일|욜|(?=[^가-힣]|$|에|쯤))",
            _read_weekday,
        ),
        (rf"(?:(?P<modifier>이번)\s?)?(?P<wd>{ko_wd})(?:요일|욜)", _read_weekday),  # 이번 목요일
        (  # next thursday, this thu, thursday next week
            rf"\b(?:(?P<modifier>this|next|coming)\s(?:week(?:'s)?\s)?)?(?P<wd>{weekdays})"
            rf"(?![a-z])\.?(?P<later>\snext\sweek)?",
            _read_weekday,
        ),
        (
            r"(?P<word>그글피|글피|(?:내일|낼)\s?모레|모레|내일(?!\s?[배채]움)|(?<![가-힣])낼|오늘)"
            + _DAY_WORD_END,
            _read_relative,
        ),
        (
            r"\b(?P<word>(?:the\s)?day\safter\stomorrow|tomorrow|tomorow|tommorr?ow|tmrw|tmr"
            r"|today|tonight)\b",
            _read_relative,
        ),
        (  # 18일 (not "주 3일", three days a week)
            rf"(?<!주\s)(?<!주)(?<![\d.\-/])(?P<day>\d{{1,2}}){_KO_DAY_END}{tail}",
            read_day_of_month,
        ),
        (rf"\b(?:the\s)?(?P<day>\d{{1,2}}){ordinal}\b{tail}", read_day_of_month),  # the 18th
    ]
    return tuple(Rule(re.compile(pattern), read) for pattern, read in rules)


def _read_month_day(match: re.Match[str], today: date) -> date | None:
    """A day of this month or the next: "이번 달 18일", "다음 달 3일"."""
    day = int(match["day"])
    if match["which"].startswith("이번"):
        return date_or_none(today.year, today.month, day)
    year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    return date_or_none(year, month, day)


def _read_days_later(match: re.Match[str], today: date) -> date | None:
    """A number of days from today: "3일 뒤", "이틀 후", "in 3 days"."""
    groups = match.groupdict()
    if groups.get("count") is not None:
        return today + timedelta(days=int(groups["count"]))
    return today + timedelta(days=_KO_SPANS[groups["span"].replace(" ", "")])


def _read_weeks_later(match: re.Match[str], today: date) -> date:
    """ "3주 후" is three weeks from today; "3주 후 수요일" that week's Wednesday."""
    count = match["weeks"]
    weeks = int(count) if count.isdigit() else _KO_WEEK_COUNTS[count]
    if match["wd"]:
        return in_week(today, weeks, _weekday_number(match["wd"]))
    return today + timedelta(weeks=weeks)


def _read_weekday(match: re.Match[str], today: date) -> date:
    groups = match.groupdict()
    weekday = _weekday_number(groups["wd"])
    week = groups.get("week")
    modifier = groups.get("modifier")
    if week is not None:
        return in_week(today, _KO_WEEKS[week.replace(" ", "").replace("쭈", "주")], weekday)
    if modifier == "next" or groups.get("later"):
        return in_week(today, 1, weekday)
    # "this thursday" may be today; a bare weekday is the next one after today.
    return next_weekday(today, weekday, include_today=modifier in ("this", "이번"))


def _read_relative(match: re.Match[str], today: date) -> date:
    word = re.sub(r"\s|^the", "", match["word"])
    offset = _KO_RELATIVE.get(word)
    if offset is None:
        offset = _EN_RELATIVE[word]
    return today + timedelta(days=offset)


def _weekday_number(name: str) -> int:
    if name in _KO_WEEKDAYS:
        return _KO_WEEKDAYS.index(name)
    return _english_weekdays()[name]


_PERIOD = r"(?P<period>오\s?전|오\s?후|아침|새벽|낮|점심|저녁|밤)"


_AMPM = r"(?P<ampm>[ap]\.?m\.?)(?![a-z])"


# After a spelled hour (두시): a space or a particle, not 세시풍속, 네 시청.
_SPELLED_HOUR_END = r"(?=\s|$|[^가-힣]|[에엔요쯤경반까부로이나도는은면정가께])"


@cache
def time_rules() -> tuple[Rule[time], ...]:
    ko_hours = either(KO_HOURS)
    rules = [
        (  # 오후 2-3시, 2~3시: a range of hours is read from its start
            rf"(?:{_PERIOD}\s?)?(?<![\d:.])(?P<hour>\d{{1,2}})\s?[~\-–]\s?\d{{1,2}}\s?시(?!간)",
            _read_clock,
        ),
        (  # 14:00, 오후 2:30, 2:30 pm
            rf"(?:{_PERIOD}\s?)?(?<![\d:])(?P<hour>\d{{1,2}}):(?P<minute>\d{{2}})(?!\d)"
            rf"(?:\s?{_AMPM})?",
            _read_clock,
        ),
        (rf"(?<![\d:.])(?P<hour>\d{{1,2}})(?:[:.](?P<minute>\d{{2}}))?\s?{_AMPM}", _read_clock),
        (  # 오후 2시 반, 14시 30분, 두시 (not 2시간, 한시적)
            rf"(?:{_PERIOD}\s?)?(?:(?<![\d:.])(?P<hour>\d{{1,2}})\s?시(?!간)"
            rf"|(?P<spelled>{ko_hours})\s?시{_SPELLED_HOUR_END})"
            rf"(?:\s?(?P<half>반)|\s?(?P<minute>\d{{1,2}})\s?분"
            rf"|\s?(?P<spelled_minute>[이삼사오]?십[일이삼사오육칠팔구]?|[일이삼사오육칠팔구])\s?분)?",
            _read_clock,
        ),
        (r"(?P<name>정오|자정|\bnoon\b|\bmidday\b|\bmidnight\b)", _read_named_time),
        (r"\bhalf\spast\s(?P<hour>\d{1,2})(?![\d:])", _read_clock),
        (r"(?<![\d:])(?P<hour>\d{1,2})\s?o['’]?\s?clock\b", _read_clock),
        (r"\bat\s(?P<hour>\d{1,2})(?![\d:./])", _read_clock),
    ]
    return tuple(Rule(re.compile(pattern), read) for pattern, read in rules)


def _read_clock(match: re.Match[str], _today: date) -> time | None:
    groups = match.groupdict()
    hour_text = groups["hour"] or groups.get("spelled")
    period = groups.get("period") or groups.get("ampm")
    if groups.get("spelled") and period is None and not _starts_a_word(match):
        return None  # "…한시" inside a word is no hour
    minute = 30 if groups.get("half") or match.group().startswith("half") else 0
    if groups.get("minute"):
        minute = int(groups["minute"])
    elif groups.get("spelled_minute"):
        minute = int(sino_number(groups["spelled_minute"]) or 0)
    return clock(hour_text, minute, period)


def _read_named_time(match: re.Match[str], _today: date) -> time:
    return time(0) if match["name"] in ("자정", "midnight") else time(12)


def _starts_a_word(match: re.Match[str]) -> bool:
    start = match.start()
    return start == 0 or not "가" <= match.string[start - 1] <= "힣"


def prepare(plain: str) -> str:
    """Korean dates spelled in Sino-Korean numbers as digits: "이천십오년 삼월 삼일"."""
    plain = plain.replace("시월", "10월").replace("유월", "6월")
    return _SINO_DATE.sub(_sino_date, plain)
