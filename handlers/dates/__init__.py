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
first in Vietnamese text) are read by the rules of `chinese_vietnamese`, run first; Korean and
English by those of `korean_english`; both build on the public `scanner`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from handlers.dates import chinese_vietnamese, korean_english
from handlers.dates.scanner import normalise, pick, scan


@dataclass(frozen=True, slots=True)
class When:
    """A day and a time of day a user named; either may be missing, not both."""

    day: date | None  # None when only a time was said
    at: time | None  # None when only a day was said


def read_when(text: str, now: datetime, tz: ZoneInfo) -> When | None:
    """The day and time named in `text`, read as of `now` in `tz`; None when neither is."""
    if now.tzinfo is None:
        raise ValueError("read_when needs an aware datetime")
    today = now.astimezone(tz).date()
    plain = korean_english.prepare(normalise(text))
    vietnamese = chinese_vietnamese.looks_vietnamese(plain)
    day_rules = chinese_vietnamese.day_rules(vietnamese) + korean_english.day_rules()
    days, masked = scan(plain, day_rules, today)
    # Times are read where no date was, so "9/18" or "2026.9.18" never look like a clock.
    time_rules = chinese_vietnamese.time_rules(vietnamese) + korean_english.time_rules()
    times, _ = scan(masked, time_rules, today)
    day, at = pick(days, plain), pick(times, plain)
    if day is None and at is None:
        return None
    return When(day=day, at=at)
