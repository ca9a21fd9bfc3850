"""Reading a typed day and time: "다음주 목요일 오후 2시", "내일 오전 10시", "tomorrow 10am".

`read_when` finds a day and a time of day in a message, each on its own, relative to the
current moment in the centre's time zone; trailing words ("에 상담 받고 싶어요", "요", "쯤")
and missing spaces change nothing. It returns None when the message names neither.

Days:
- 오늘, 내일 (낼), 모레 (내일모레), 글피, 그글피; today, tomorrow, the day after tomorrow.
- "3일 뒤", "이틀 후", "일주일 뒤", "in 3 days".
- A weekday with a week: 이번주/이번 주/금주 is this week (Monday to Sunday, so it may be a
  day already past), 다음주/담주/차주 the week after, 다다음주 the one after that; the weekday
  may be 목요일, 목욜 or just 목 ("다음주 목 2시").
- A weekday alone ("목요일에", "다음 목요일", "thursday", "coming thursday") is the next one
  strictly after today: said on a Thursday, "목요일" is a week away, since today would be 오늘.
  "이번 목요일" (no 주) and "this thursday" are the coming one, today included (said on a
  Friday, that is next week's, where 이번주 목요일 is yesterday); "next thursday" (also
  "next week thursday", "thursday next week") is next week's, as 다음주 목요일 is.
- A calendar date: "9월 18일", "2026년 9월 18일", "9/18", "2026-09-18", "2026.9.18",
  "2026. 9. 18.", "Sep 18", "September 18th", "18 September"; a weekday written after it
  ("9월 18일(목)") is read as part of it. Without a year, a date already past this year is
  next year's. "18일" alone is this month's, or next month's when already past (the first
  month that has that day); "다음 달 3일" is next month's; "the 18th" is read as 18일.
Times:
- "오후 2시", "오전 10시", "오후 2시 반", "오후 2시 30분", "14시", "14:00", "오후 2:30",
  "아침 9시", "낮 1시", "점심 12시", "저녁 6시", "정오", "자정", "두시", "열한시 반";
  "10am", "2 pm", "2:30 p.m.", "noon", "midnight", "half past 2", "2 o'clock", "at 2".
- An hour with no 오전/오후 ("2시", "2:30", "at 2") is read in counselling hours: 1-7 are
  afternoon, 8-11 morning, 12 noon, 13-23 as written; a leading zero ("07:00") is read as
  a 24-hour clock.
When several days (or times) are named, the last wins ("내일 말고 모레"), except that the end
of a range is passed over ("오후 2시~3시", "2시부터 3시까지", "2pm to 3pm" give 2 pm).

Not read: a period alone ("오후에", "아침에") or a month alone ("9월"), "다음주" with no
weekday, "주말", bare numbers ("2"), "10분 전/후", past weeks (저번주, 지난주), and dates
written as "20260918". Also read: "열흘 뒤", "3주 후 수요일", "12.3" (a month and a day),
"두 시 삼십 분" (minutes in words), "오후 2-3시" (a range, from its start).

Chinese and Vietnamese ("下周四下午2点", "thứ năm tuần sau 2 giờ chiều", "18/9" read day
first in Vietnamese text) are read by the rules of `handlers.dates_zh_vi`, run first.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import Generic, TypeVar
from zoneinfo import ZoneInfo

from babel.dates import get_day_names, get_month_names

from handlers.numbers import sino_number

T = TypeVar("T")
PREFIX = 300  # characters of a message looked at


@dataclass(frozen=True, slots=True)
class When:
    """A day and a time of day a user named; either may be missing, not both."""

    day: date | None  # None when only a time was said
    at: time | None  # None when only a day was said


def read_when(text: str, now: datetime, tz: ZoneInfo) -> When | None:
    """The day and time named in `text`, read as of `now` in `tz`; None when neither is."""
    if now.tzinfo is None:
        raise ValueError("read_when needs an aware datetime")
    from handlers import dates_zh_vi  # built on this module's helpers, so imported late

    today = now.astimezone(tz).date()
    plain = _normalise(text)
    vietnamese = dates_zh_vi.looks_vietnamese(plain)
    days, masked = _scan(plain, dates_zh_vi.day_rules(vietnamese) + _day_rules(), today)
    # Times are read where no date was, so "9/18" or "2026.9.18" never look like a clock.
    times, _ = _scan(masked, dates_zh_vi.time_rules(vietnamese) + _time_rules(), today)
    day, at = _pick(days, plain), _pick(times, plain)
    if day is None and at is None:
        return None
    return When(day=day, at=at)


# --- scanning ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Rule(Generic[T]):
    """A pattern and how to turn one of its matches into a value (None: not a real one)."""

    pattern: re.Pattern[str]
    read: Callable[[re.Match[str], date], T | None]


@dataclass(frozen=True, slots=True)
class _Mention(Generic[T]):
    start: int
    end: int
    value: T


_RANGE_GAP = re.compile(r"\s?(?:~|-|–|—|에서|부터|to|until|till|到|至|đến|den|tới)\s?")


def _normalise(text: str) -> str:
    """One form for what people type: full-width digits, case, runs of spaces."""
    plain = unicodedata.normalize("NFKC", text[:PREFIX]).lower().replace("〜", "~")
    plain = re.sub(r"(?<=\d)\s?ㅡ\s?(?=\d)", "-", plain)
    plain = plain.replace("시월", "10월").replace("유월", "6월")
    plain = _SINO_DATE.sub(_sino_date, plain)
    return " ".join(plain.split())


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


def _scan(text: str, rules: Iterable[_Rule[T]], today: date) -> tuple[list[_Mention[T]], str]:
    """Every mention the rules find, and the text with all matches blanked out.

    Rules run in order and each blanks what it matched, so "9월 18일" is read once as a
    month and day and never again as "18일".
    """
    found: list[_Mention[T]] = []
    masked = text
    for rule in rules:
        spans = []
        for match in rule.pattern.finditer(masked):
            spans.append(match.span())
            value = rule.read(match, today)
            if value is not None:
                found.append(_Mention(match.start(), match.end(), value))
        for start, end in spans:
            masked = masked[:start] + " " * (end - start) + masked[end:]
    return found, masked


def _pick(mentions: list[_Mention[T]], text: str) -> T | None:
    """The last mention that is not the end of a range."""
    ordered = sorted(mentions, key=lambda mention: mention.start)
    chosen = [
        mention
        for before, mention in zip([None, *ordered], ordered, strict=False)
        if before is None or not _RANGE_GAP.fullmatch(text[before.end : mention.start])
    ]
    return chosen[-1].value if chosen else None


# --- names ------------------------------------------------------------------------------

_KO_WEEKDAYS = "월화수목금토일"  # Monday first, as date.weekday() counts
_KO_WEEKS = {"이번주": 0, "금주": 0, "다음주": 1, "담주": 1, "차주": 1}
_KO_WEEKS |= {"다다음주": 2, "다담주": 2}
_KO_RELATIVE = {"오늘": 0, "내일": 1, "낼": 1, "모레": 2, "내일모레": 2, "낼모레": 2}
_KO_RELATIVE |= {"글피": 3, "그글피": 4}
_KO_SPANS = {"하루": 1, "이틀": 2, "사흘": 3, "나흘": 4, "닷새": 5, "엿새": 6, "이레": 7,
             "여드레": 8, "아흐레": 9, "열흘": 10, "보름": 15, "일주일": 7, "1주일": 7,
             "한주": 7}  # fmt: skip
_KO_SPANS |= {f"{name}일": n for name, n in (("이", 2), ("삼", 3), ("사", 4), ("오", 5),
              ("육", 6), ("칠", 7), ("팔", 8), ("구", 9), ("십", 10))}  # fmt: skip
_KO_WEEK_COUNTS = {"한": 1, "두": 2, "세": 3, "네": 4, "일": 1, "이": 2, "삼": 3, "사": 4}
_EN_RELATIVE = {"today": 0, "tonight": 0, "tomorrow": 1, "tmrw": 1, "tmr": 1}
_EN_RELATIVE |= {"tomorow": 1, "tommorow": 1, "tommorrow": 1, "dayaftertomorrow": 2}
_KO_HOURS = {"한": 1, "두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6, "일곱": 7}
_KO_HOURS |= {"여덟": 8, "아홉": 9, "열": 10, "열한": 11, "열두": 12}
_MORNING = {"오전", "아침", "새벽", "am"}
_AFTERNOON = {"오후", "pm"}
_EVENING = {"저녁", "밤"}


@cache
def _english_months() -> dict[str, int]:
    names = {"sept": 9}
    for width in ("wide", "abbreviated"):
        months = get_month_names(width, locale="en")
        names |= {name.lower(): number for number, name in months.items()}
    return names


@cache
def _english_weekdays() -> dict[str, int]:
    names = {"tues": 1, "weds": 2, "thur": 3, "thurs": 3}
    for width in ("wide", "abbreviated"):
        days = get_day_names(width, locale="en")
        names |= {name.lower(): number for number, name in days.items()}
    return names


def _either(names: Iterable[str]) -> str:
    """A regex alternation of `names`, longest first so "thursday" beats "thu"."""
    return "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))


# --- days -------------------------------------------------------------------------------

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
    en = _either(_english_weekdays())
    ko = f"[{_KO_WEEKDAYS}]"
    return (
        rf"(?:\s?,?\s?\(\s?(?:{ko}(?:요일|욜)?|(?:{en})\.?)\s?\)"
        rf"|\s?,?\s?(?:{ko}(?:요일|욜)|(?:{en})(?![a-z])))?"
    )


@cache
def _day_rules() -> tuple[_Rule[date], ...]:
    months = _either(_english_months())
    weekdays = _either(_english_weekdays())
    tail = _weekday_tail()
    ordinal = r"(?:st|nd|rd|th)"
    ko_wd = f"[{_KO_WEEKDAYS}]"
    week = r"다다음\s?[주쭈]|다담\s?[주쭈]|다음\s?[주쭈]|담\s?[주쭈]|차주|이번\s?[주쭈]|금주"
    rules = [
        (  # 2026-09-18, 2026.9.18, 2026/9/18, 2026. 9. 18.
            rf"(?<!\d)(?P<year>\d{{4}})\s?[-./]\s?(?P<month>\d{{1,2}})\s?[-./]\s?"
            rf"(?P<day>\d{{1,2}})(?!\d)\.?{tail}",
            _read_calendar,
        ),
        (  # 9월 18일, 2026년 9월 18일
            rf"(?<!\d)(?:(?P<year>\d{{4}})\s?년\s?)?(?P<month>\d{{1,2}})\s?월\s?"
            rf"(?P<day>\d{{1,2}}){_KO_DAY_END}{tail}",
            _read_calendar,
        ),
        (  # Sep 18, September 18th, 2026
            rf"\b(?P<month>{months})(?![a-z])\.?\s?(?P<day>\d{{1,2}}){ordinal}?(?![\d:])"
            rf"(?:,?\s(?P<year>\d{{4}})(?!\d))?{tail}",
            _read_calendar,
        ),
        (  # 18 September, 18th of Sep
            rf"(?<![\d:])(?P<day>\d{{1,2}}){ordinal}?\s?(?:of\s)?(?P<month>{months})(?![a-z])"
            rf"\.?(?:,?\s(?P<year>\d{{4}})(?!\d))?{tail}",
            _read_calendar,
        ),
        (  # 9/18
            rf"(?<![\d/.\-])(?P<month>\d{{1,2}})\s?/\s?(?P<day>\d{{1,2}})(?![\d/]){tail}",
            _read_calendar,
        ),
        (  # 12.3 (a month and day with a dot, as on forms and receipts), not 2.30 pm
            r"(?<![\d.:/\-])(?P<month>1[0-2]|0?[1-9])\s?\.\s?(?P<day>[12]\d|3[01]|0?[1-9])"
            r"(?![\d.:]|\s?[ap]\.?m)\.?" + tail,
            _read_calendar,
        ),
        (  # 3주 후 수요일, 2주 뒤, 두 주 후
            rf"(?P<weeks>\d{{1,2}}|[한두세네일이삼사])\s?주\s?(?:뒤|후)(?:에)?"
            rf"(?:\s?(?P<wd>{ko_wd})(?:요일|욜))?",
            _read_weeks_later,
        ),
        (r"(?<!\d)(?P<count>\d{1,2})\s?일\s?(?:뒤|후)", _read_days_later),
        (rf"(?P<span>{_either(_KO_SPANS)}|한\s주)\s?(?:뒤|후)", _read_days_later),
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
            _read_day_of_month,
        ),
        (rf"\b(?:the\s)?(?P<day>\d{{1,2}}){ordinal}\b{tail}", _read_day_of_month),  # the 18th
    ]
    return tuple(_Rule(re.compile(pattern), read) for pattern, read in rules)


def _read_calendar(match: re.Match[str], today: date) -> date | None:
    """A month and day, with or without a year; without one, the next such date."""
    month_text, day = match["month"], int(match["day"])
    month = int(month_text) if month_text.isdigit() else _english_months()[month_text]
    year = match.groupdict().get("year")
    if year is not None:
        return _date_or_none(int(year), month, day)
    # Eight years reach the next 29 February from any year.
    for later in range(9):
        found = _date_or_none(today.year + later, month, day)
        if found is not None and found >= today:
            return found
    return None


def _read_day_of_month(match: re.Match[str], today: date) -> date | None:
    """A day of the month: this month's, or the first later month that has it."""
    day, year, month = int(match["day"]), today.year, today.month
    for _ in range(13):
        found = _date_or_none(year, month, day)
        if found is not None and found >= today:
            return found
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return None


def _read_month_day(match: re.Match[str], today: date) -> date | None:
    """A day of this month or the next: "이번 달 18일", "다음 달 3일"."""
    day = int(match["day"])
    if match["which"].startswith("이번"):
        return _date_or_none(today.year, today.month, day)
    year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    return _date_or_none(year, month, day)


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
        return _in_week(today, weeks, _weekday_number(match["wd"]))
    return today + timedelta(weeks=weeks)


def _read_weekday(match: re.Match[str], today: date) -> date:
    groups = match.groupdict()
    weekday = _weekday_number(groups["wd"])
    week = groups.get("week")
    modifier = groups.get("modifier")
    if week is not None:
        return _in_week(today, _KO_WEEKS[week.replace(" ", "").replace("쭈", "주")], weekday)
    if modifier == "next" or groups.get("later"):
        return _in_week(today, 1, weekday)
    # "this thursday" may be today; a bare weekday is the next one after today.
    return _next_weekday(today, weekday, include_today=modifier in ("this", "이번"))


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


def _in_week(today: date, weeks_ahead: int, weekday: int) -> date:
    """`weekday` of the week (Monday to Sunday) `weeks_ahead` after this one."""
    monday = today - timedelta(days=today.weekday())
    return monday + timedelta(weeks=weeks_ahead, days=weekday)


def _next_weekday(today: date, weekday: int, *, include_today: bool) -> date:
    ahead = (weekday - today.weekday()) % 7
    if ahead == 0 and not include_today:
        ahead = 7
    return today + timedelta(days=ahead)


def _date_or_none(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


# --- times ------------------------------------------------------------------------------

_PERIOD = r"(?P<period>오\s?전|오\s?후|아침|새벽|낮|점심|저녁|밤)"
_AMPM = r"(?P<ampm>[ap]\.?m\.?)(?![a-z])"
# After a spelled hour (두시): a space or a particle, not 세시풍속, 네 시청.
_SPELLED_HOUR_END = r"(?=\s|$|[^가-힣]|[에엔요쯤경반까부로이나도는은면정가께])"


@cache
def _time_rules() -> tuple[_Rule[time], ...]:
    ko_hours = _either(_KO_HOURS)
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
    return tuple(_Rule(re.compile(pattern), read) for pattern, read in rules)


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
    return _clock(hour_text, minute, period)


def _read_named_time(match: re.Match[str], _today: date) -> time:
    return time(0) if match["name"] in ("자정", "midnight") else time(12)


def _clock(hour_text: str, minute: int, period: str | None) -> time | None:
    """The time for an hour as said, with its period (오전, 오후, am, pm...) if any."""
    hour = _KO_HOURS.get(hour_text) or int(hour_text)
    period = period.replace(" ", "").replace(".", "") if period else None
    if hour > 12 or hour == 0 or hour_text.startswith("0"):
        pass  # a 24-hour clock: 14시, 00:30, 07:00
    elif period in _MORNING:
        hour %= 12
    elif period in _AFTERNOON:
        hour = 12 if hour == 12 else hour + 12
    elif period in _EVENING:
        hour = 0 if hour == 12 else hour + 12
    elif hour <= 7:
        hour += 12  # counselling happens by day: "2시" is 2 pm, "9시" is 9 am
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def _starts_a_word(match: re.Match[str]) -> bool:
    start = match.start()
    return start == 0 or not "가" <= match.string[start - 1] <= "힣"
