"""A peer's test suite for our day and time reader: the forward-looking examples of Duckling's
Korean time corpus (facebook/duckling, `Duckling/Time/KO/Corpus.hs`) that a booking can use,
read at Duckling's reference time (Tuesday 2013-02-12 04:30) as Duckling reads them.

Chosen: weekdays, 오늘/내일/모레/내일모레, 이번주/다음주 + weekday, 다음 + weekday, dates in
every written form (3월 1일, 2015년 3월 3일, 이천십오년 삼월 삼일, 2015/3/3, 2015-3-3,
2015-03-03, 2/15, 4/25, 15일에, 19일 화요일, 2월18일 월요일), "5일 후", and clock times with
오전/오후/아침/저녁/밤, 반, minutes, Korean-word numbers (세시, 다섯시, 이십분), am/pm and 24-hour
forms, 정오 and 자정, and the start of a range ("9:30 ~ 11:00", "목요일 오전9시 부터 오전11시").
Where Duckling gives a time of day alone, it also picks the next such moment; we read the time
and leave the day to be asked, so only the time is compared.

Left out: the past (어제, 저번주 …), months, weeks, quarters, years and seasons alone, holidays
by name, "N분/시간 안에" spans, "N시 N분 전" (a quarter to), "오후에"/"점심이후" (periods without
an hour), "3월 마지막 월요일"-style ordinals, time zones (CET, GMT), and "이번주 월요일", which
Duckling reads as next Monday in one example and we read as this week's (already past).
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from handlers.dates import read_when

SEOUL = ZoneInfo("Asia/Seoul")
REFERENCE = datetime(2013, 2, 12, 4, 30, tzinfo=SEOUL)  # a Tuesday

# (phrase, the day Duckling gives or None when it gives a time of day alone, the time or None)
EXAMPLES = [
    ("오늘", date(2013, 2, 12), None),
    ("내일", date(2013, 2, 13), None),
    ("모레", date(2013, 2, 14), None),
    ("내일모레", date(2013, 2, 14), None),
    ("월요일", date(2013, 2, 18), None),
    ("화요일", date(2013, 2, 19), None),
    ("목요일", date(2013, 2, 14), None),
    ("금요일", date(2013, 2, 15), None),
    ("토요일", date(2013, 2, 16), None),
    ("일요일", date(2013, 2, 17), None),
    ("19일 화요일", date(2013, 2, 19), None),
    ("2월18일 월요일", date(2013, 2, 18), None),
    ("2월 18일 월요일", date(2013, 2, 18), None),
    ("3월 1일", date(2013, 3, 1), None),
    ("3월 3일", date(2013, 3, 3), None),
    ("2015년 3월 3일", date(2015, 3, 3), None),
    ("이천십오년 삼월 삼일", date(2015, 3, 3), None),
    ("2015/3/3", date(2015, 3, 3), None),
    ("2015-3-3", date(2015, 3, 3), None),
    ("2015-03-03", date(2015, 3, 3), None),
    ("15일에", date(2013, 2, 15), None),
    ("2월 15일", date(2013, 2, 15), None),
    ("2/15", date(2013, 2, 15), None),
    ("8월 8일", date(2013, 8, 8), None),
    ("10월 3일", date(2013, 10, 3), None),
    ("2015년 4월 14일", date(2015, 4, 14), None),
    ("다음주 화요일", date(2013, 2, 19), None),
    ("다음 화요일", date(2013, 2, 19), None),
    ("다음주 수요일", date(2013, 2, 20), None),
    ("다음주 금요일", date(2013, 2, 22), None),
    ("이번주 화요일", date(2013, 2, 12), None),
    ("이번주 수요일", date(2013, 2, 13), None),
    ("5일 후", date(2013, 2, 17), None),
    ("내일 저녁다섯시", date(2013, 2, 13), time(17)),
    ("아침 3시", None, time(3)),
    ("오전 세시", None, time(3)),
    ("3AM", None, time(3)),
    ("3:18am", None, time(3, 18)),
    ("오후 세시", None, time(15)),
    ("3PM", None, time(15)),
    ("오후세시이십분", None, time(15, 20)),
    ("3:20pm", None, time(15, 20)),
    ("3:20PM", None, time(15, 20)),
    ("15:20", None, time(15, 20)),
    ("오후세시반", None, time(15, 30)),
    ("15:30", None, time(15, 30)),
    ("3:30pm", None, time(15, 30)),
    ("3:30", None, time(15, 30)),
    ("세시반", None, time(15, 30)),
    ("오늘밤 8시", date(2013, 2, 12), time(20)),
    ("저녁 8시", None, time(20)),
    ("9월 20일 저녁 7시 30분", date(2013, 9, 20), time(19, 30)),
    ("토요일 9시", date(2013, 2, 16), time(9)),
    ("2014년 7월 18일 금요일 오후 7시", date(2014, 7, 18), time(19)),
    ("9:30 부터 11:00", None, time(9, 30)),
    ("9:30 ~ 11:00", None, time(9, 30)),
    ("목요일 9:30 부터 11:00", date(2013, 2, 14), time(9, 30)),
    ("목요일 9:30 ~ 11:00", date(2013, 2, 14), time(9, 30)),
    ("목요일 오전9시 부터 오전11시", date(2013, 2, 14), time(9)),
    ("11:30-1:30", None, time(11, 30)),
    ("오늘 오후두시에", date(2013, 2, 12), time(14)),
    ("오후두시에", None, time(14)),
    ("4/25 오후4시에", date(2013, 4, 25), time(16)),
    ("내일 3pm", date(2013, 2, 13), time(15)),
    ("10:30", None, time(10, 30)),
    ("오후12시", None, time(12)),
    ("정오", None, time(12)),
    ("오전12시", None, time(0)),
    ("자정", None, time(0)),
]


@pytest.mark.parametrize(("phrase", "day", "at"), EXAMPLES)
def test_duckling_korean_examples_read_as_duckling_reads_them(phrase, day, at):
    found = read_when(phrase, REFERENCE, SEOUL)
    assert found is not None, phrase
    assert (found.day, found.at) == (day, at)
