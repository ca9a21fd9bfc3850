"""Reading Chinese and Vietnamese days and times, as of Thursday 10 September 2026, 11:00."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from handlers.dates import When, read_when
from handlers.dates.chinese_vietnamese import looks_vietnamese

SEOUL = ZoneInfo("Asia/Seoul")
NOW = datetime(2026, 9, 10, 11, 0, tzinfo=SEOUL)  # a Thursday; this week is 7 to 13 September
TODAY = date(2026, 9, 10)


def when(text: str) -> When | None:
    return read_when(text, NOW, SEOUL)


def day_of(text: str) -> date | None:
    found = when(text)
    return found.day if found else None


def time_of(text: str) -> time | None:
    found = when(text)
    return found.at if found else None


# --- Chinese ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "day", "at"),
    [
        ("下周四下午2点", date(2026, 9, 17), time(14)),
        ("下周四 下午 2 点", date(2026, 9, 17), time(14)),
        ("明天上午10点", date(2026, 9, 11), time(10)),
        ("明天 上午 10 点半可以吗", date(2026, 9, 11), time(10, 30)),
        ("9月18日下午两点", date(2026, 9, 18), time(14)),
        ("9月18号 14:00", date(2026, 9, 18), time(14)),
        ("周五晚上6点", date(2026, 9, 11), time(18)),
        ("我想预约后天下午2点30分", date(2026, 9, 12), time(14, 30)),
    ],
)
def test_chinese_day_and_time_together(typed: str, day: date, at: time) -> None:
    assert when(typed) == When(day=day, at=at)


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("今天", TODAY),
        ("明天", date(2026, 9, 11)),
        ("后天", date(2026, 9, 12)),
        ("大后天", date(2026, 9, 13)),
        ("明天可以吗", date(2026, 9, 11)),
        # This week's, Monday to Sunday, so it may be today or already past.
        ("这周四", TODAY),
        ("本周四", TODAY),
        ("这个星期四", TODAY),
        ("这 周 四", TODAY),
        ("这周一", date(2026, 9, 7)),
        ("本周五", date(2026, 9, 11)),
        ("下周四", date(2026, 9, 17)),
        ("下星期四", date(2026, 9, 17)),
        ("下个礼拜四", date(2026, 9, 17)),
        ("下个星期一", date(2026, 9, 14)),
        ("下周日", date(2026, 9, 20)),
        ("下下周四", date(2026, 9, 24)),
        ("下下个星期一", date(2026, 9, 21)),
        # A weekday alone is the next one strictly after today, as 목요일 is.
        ("周四", date(2026, 9, 17)),
        ("星期四", date(2026, 9, 17)),
        ("礼拜四", date(2026, 9, 17)),
        ("周五", date(2026, 9, 11)),
        ("星期三", date(2026, 9, 16)),
        ("星期天", date(2026, 9, 13)),
        ("礼拜天", date(2026, 9, 13)),
        ("周日", date(2026, 9, 13)),
        ("周4", date(2026, 9, 17)),
    ],
)
def test_chinese_days(typed: str, day: date) -> None:
    assert when(typed) == When(day=day, at=None)


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("9月18日", date(2026, 9, 18)),
        ("9月18号", date(2026, 9, 18)),
        ("9 月 18 日", date(2026, 9, 18)),
        ("9月18", date(2026, 9, 18)),
        ("2026年9月18日", date(2026, 9, 18)),
        ("2027年 9月 18日", date(2027, 9, 18)),
        ("18号", date(2026, 9, 18)),
        ("18日", date(2026, 9, 18)),
        ("18号可以吗", date(2026, 9, 18)),
        ("10号", TODAY),
        ("5号", date(2026, 10, 5)),  # already past this month
        ("9月9日", date(2027, 9, 9)),  # already past this year
        ("9月18日(周五)", date(2026, 9, 18)),
        ("9月18日（星期五）", date(2026, 9, 18)),
        ("18号周五", date(2026, 9, 18)),
        ("9/18", date(2026, 9, 18)),  # month first, as in Korean and English
    ],
)
def test_chinese_dates(typed: str, day: date) -> None:
    assert day_of(typed) == day


@pytest.mark.parametrize(
    ("typed", "at"),
    [
        ("上午10点", time(10)),
        ("下午2点", time(14)),
        ("下午2点半", time(14, 30)),
        ("下午两点", time(14)),
        ("下午两点半", time(14, 30)),
        ("下午2点30分", time(14, 30)),
        ("下午2点30", time(14, 30)),
        ("下午 2 点 30 分", time(14, 30)),
        ("14点", time(14)),
        ("14点30分", time(14, 30)),
        ("14:00", time(14)),
        ("下午2:30", time(14, 30)),
        ("上午7:30", time(7, 30)),
        ("中午12点", time(12)),
        ("中午1点", time(13)),
        ("晚上6点", time(18)),
        ("晚上12点", time(0)),
        ("早上9点", time(9)),
        ("早上7点", time(7)),
        ("凌晨1点", time(1)),
        ("傍晚5点", time(17)),
        ("3点钟", time(15)),
        ("2点一刻", time(14, 15)),
        ("下午一点", time(13)),
        ("一点半", time(13, 30)),
        ("一点钟", time(13)),
        ("十点", time(10)),
        ("十一点", time(11)),
        ("十二点半", time(12, 30)),
        ("二十一点", time(21)),
        ("九点可以吗", time(9)),
    ],
)
def test_chinese_times(typed: str, at: time) -> None:
    assert when(typed) == When(day=None, at=at)


@pytest.mark.parametrize(
    ("typed", "at"),
    [
        ("1点", time(13)),
        ("2点", time(14)),
        ("两点", time(14)),
        ("七点", time(19)),
        ("7点", time(19)),
        ("8点", time(8)),
        ("11点", time(11)),
        ("12点", time(12)),
    ],
)
def test_a_chinese_hour_without_a_period_is_read_in_counselling_hours(typed: str, at: time) -> None:
    assert time_of(typed) == at


# --- Vietnamese -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "day", "at"),
    [
        ("thứ năm tuần sau 2 giờ chiều", date(2026, 9, 17), time(14)),
        ("thu nam tuan sau 2 gio chieu", date(2026, 9, 17), time(14)),
        ("thứ5tuầnsau2giờchiều", date(2026, 9, 17), time(14)),
        ("ngày mai 10 giờ sáng", date(2026, 9, 11), time(10)),
        ("ngay mai 10h sang", date(2026, 9, 11), time(10)),
        ("ngày 18/9 lúc 14h30", date(2026, 9, 18), time(14, 30)),
        ("18/9 2 giờ chiều được không", date(2026, 9, 18), time(14)),
        ("thứ 6 ngày 18/9 lúc 10h sáng", date(2026, 9, 18), time(10)),
        ("T5 tuần sau 2h chiều", date(2026, 9, 17), time(14)),
        ("sáng mai 7 giờ", date(2026, 9, 11), time(7)),
        ("chiều nay 3 giờ", TODAY, time(15)),
        ("tối mai 7h", date(2026, 9, 11), time(19)),
        ("Em muốn hẹn thứ 2 lúc 9 giờ", date(2026, 9, 14), time(9)),
    ],
)
def test_vietnamese_day_and_time_together(typed: str, day: date, at: time) -> None:
    assert when(typed) == When(day=day, at=at)


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("hôm nay", TODAY),
        ("hom nay", TODAY),
        ("Hôm nay", TODAY),
        ("ngày mai", date(2026, 9, 11)),
        ("ngay mai", date(2026, 9, 11)),
        ("ngaymai", date(2026, 9, 11)),
        ("ngày mai được không", date(2026, 9, 11)),
        ("ngày kia", date(2026, 9, 12)),
        ("ngay kia", date(2026, 9, 12)),
        ("ngày mốt", date(2026, 9, 12)),
        ("ngay mot", date(2026, 9, 12)),
        ("chiều mai", date(2026, 9, 11)),
        ("tối nay", TODAY),
        # A weekday alone is the next one strictly after today.
        ("thứ hai", date(2026, 9, 14)),
        ("thứ ba", date(2026, 9, 15)),
        ("thứ tư", date(2026, 9, 16)),
        ("thứ năm", date(2026, 9, 17)),
        ("thứ sáu", date(2026, 9, 11)),
        ("thứ bảy", date(2026, 9, 12)),
        ("chủ nhật", date(2026, 9, 13)),
        ("Chủ Nhật", date(2026, 9, 13)),
        ("thu hai", date(2026, 9, 14)),
        ("thu ba", date(2026, 9, 15)),
        ("thu tu", date(2026, 9, 16)),
        ("thu nam", date(2026, 9, 17)),
        ("thu sau", date(2026, 9, 11)),
        ("thu bay", date(2026, 9, 12)),
        ("chu nhat", date(2026, 9, 13)),
        ("thứ 2", date(2026, 9, 14)),
        ("thứ 5", date(2026, 9, 17)),
        ("thứ 7", date(2026, 9, 12)),
        ("thứ5", date(2026, 9, 17)),
        ("thu 2", date(2026, 9, 14)),
        ("thu 5 hoc duoc khong", date(2026, 9, 17)),
        ("T2", date(2026, 9, 14)),
        ("t5", date(2026, 9, 17)),
        ("T7", date(2026, 9, 12)),
        ("CN", date(2026, 9, 13)),
        ("thứ năm này", TODAY),  # the coming one, today included
        ("thứ 6 này", date(2026, 9, 11)),
        # With a week: this week's (Monday to Sunday), next week's, the one after.
        ("thứ năm tuần này", TODAY),
        ("thứ hai tuần này", date(2026, 9, 7)),
        ("chủ nhật tuần này", date(2026, 9, 13)),
        ("thứ năm tuần sau", date(2026, 9, 17)),
        ("thu 5 tuan sau", date(2026, 9, 17)),
        ("thu5tuansau", date(2026, 9, 17)),
        ("thứ 5 tuần tới", date(2026, 9, 17)),
        ("thu hai tuan toi", date(2026, 9, 14)),
        ("T3 tuần sau", date(2026, 9, 15)),
        ("chủ nhật tuần sau", date(2026, 9, 20)),
        ("tuần sau thứ 3", date(2026, 9, 15)),
        ("tuần sau vào thứ ba", date(2026, 9, 15)),
        ("thứ 2 tuần sau nữa", date(2026, 9, 21)),
    ],
)
def test_vietnamese_days(typed: str, day: date) -> None:
    assert when(typed) == When(day=day, at=None)


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("ngày 18/9", date(2026, 9, 18)),
        ("ngay 18/9", date(2026, 9, 18)),
        ("ngày18/9", date(2026, 9, 18)),
        ("hẹn 18/9", date(2026, 9, 18)),
        ("18/9 được không", date(2026, 9, 18)),
        ("ngày 18/9/2026", date(2026, 9, 18)),
        ("ngày 18 / 9", date(2026, 9, 18)),
        ("ngày 12/9", date(2026, 9, 12)),  # 12 September, not 9 December
        ("ngày 9/9", date(2027, 9, 9)),  # already past this year
        ("18/9 (thứ 6)", date(2026, 9, 18)),
        ("Thứ Năm, 17/9", date(2026, 9, 17)),
        ("ngày 18 tháng 9", date(2026, 9, 18)),
        ("ngay 18 thang 9", date(2026, 9, 18)),
        ("ngày18tháng9", date(2026, 9, 18)),
        ("18 tháng 9", date(2026, 9, 18)),
        ("ngày 18 tháng 9 năm 2027", date(2027, 9, 18)),
        ("ngày 18", date(2026, 9, 18)),
        ("ngay 18", date(2026, 9, 18)),
        ("Tôi muốn đến ngày 18.", date(2026, 9, 18)),
        ("ngày 5", date(2026, 10, 5)),  # already past this month
        ("ngày 18 (thứ 6)", date(2026, 9, 18)),
        ("ngày 18 thứ 6", date(2026, 9, 18)),
    ],
)
def test_vietnamese_dates(typed: str, day: date) -> None:
    assert day_of(typed) == day


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        # Outside Vietnamese text a slashed date stays month first.
        ("12/9", date(2026, 12, 9)),
        ("9/18", date(2026, 9, 18)),
        ("18/9", None),  # no 18th month; a Vietnamese word would make it 18 September
        ("18/9/2026", None),
        # In Vietnamese text it is day first, so "9/18" is no date.
        ("9/18 2 giờ chiều", None),
    ],
)
def test_a_slashed_date_is_read_day_first_only_in_vietnamese_text(
    typed: str, day: date | None
) -> None:
    assert day_of(typed) == day


@pytest.mark.parametrize(
    ("typed", "at"),
    [
        ("2 giờ chiều", time(14)),
        ("2 gio chieu", time(14)),
        ("2giờchiều", time(14)),
        ("10 giờ sáng", time(10)),
        ("10 gio sang", time(10)),
        ("7 giờ sáng", time(7)),
        ("2 giờ 30 chiều", time(14, 30)),
        ("2 giờ 30 phút chiều", time(14, 30)),
        ("2gio30chieu", time(14, 30)),
        ("2 giờ rưỡi chiều", time(14, 30)),
        ("2 gio ruoi chieu", time(14, 30)),
        ("chiều 2 giờ", time(14)),
        ("14 giờ", time(14)),
        ("14 gio", time(14)),
        ("14h", time(14)),
        ("14h30", time(14, 30)),
        ("14:00", time(14)),
        ("2:30 chiều", time(14, 30)),
        ("chiều 2:30", time(14, 30)),
        ("12 giờ trưa", time(12)),
        ("1 giờ trưa", time(13)),
        ("6 giờ tối", time(18)),
        ("6 gio toi", time(18)),
        ("2h chiều", time(14)),
        ("9h sáng", time(9)),
        ("lúc 3 giờ nhé", time(15)),
        ("2 giờ kém 15 chiều", time(13, 45)),
        ("8 gio kem 15", time(7, 45)),
        ("9 giờ tối", time(21)),
        ("11 giờ đêm", time(23)),
    ],
)
def test_vietnamese_times(typed: str, at: time) -> None:
    assert when(typed) == When(day=None, at=at)


@pytest.mark.parametrize(
    ("typed", "at"),
    [
        ("1 giờ", time(13)),
        ("2 giờ", time(14)),
        ("2 gio", time(14)),
        ("7 giờ", time(19)),
        ("8 giờ", time(8)),
        ("11 giờ", time(11)),
        ("12 giờ", time(12)),
        ("2 giờ rưỡi", time(14, 30)),
        ("hẹn 2h", time(14)),
        ("8 giờ tôi đến", time(8)),  # tôi is "I", not tối
        ("8 gio toi den", time(8)),
    ],
)
def test_a_vietnamese_hour_without_a_period_is_read_in_counselling_hours(
    typed: str, at: time
) -> None:
    assert time_of(typed) == at


@pytest.mark.parametrize(
    ("typed", "day", "at"),
    [
        ("下午2点到3点", None, time(14)),
        ("明天不行，后天", date(2026, 9, 12), None),
        ("từ 2 giờ đến 3 giờ", None, time(14)),
        ("14h-15h", None, time(14)),
        ("ngày mai không được, ngày kia", date(2026, 9, 12), None),
    ],
)
def test_the_last_mention_wins_but_not_the_end_of_a_range(
    typed: str, day: date | None, at: time | None
) -> None:
    assert when(typed) == When(day=day, at=at)


@pytest.mark.parametrize(
    ("typed", "day", "at"),
    [
        # "thu" with a time stays English: Thursday.
        ("thu 2pm", date(2026, 9, 17), time(14)),
        ("thu 2:30 pm", date(2026, 9, 17), time(14, 30)),
        ("thu", date(2026, 9, 17), None),
        # Without one, "thu 2" is thứ 2, Monday.
        ("thu 2 2pm", date(2026, 9, 14), time(14)),
    ],
)
def test_thu_is_english_with_a_time_and_vietnamese_with_a_number(
    typed: str, day: date, at: time | None
) -> None:
    assert when(typed) == When(day=day, at=at)


# --- neither ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        # Chinese
        "我想学做饭",
        "你好",
        "2个人",
        "9月",
        "下周",
        "周末",
        "上周四",  # a past week
        "每周三",  # a habit
        "一周三次",
        "我们下周一起去",
        "一点",
        "快一点",
        "早一点可以吗",
        "有一点问题",
        "两点要求",
        "3号楼",
        "2号线",
        "电话号码",
        "100日元",
        # Vietnamese
        "Tôi muốn học nấu ăn",
        "toi muon hoc nau an",
        "toi muon hoc nau mon an",
        "Tôi muốn thuê nhà",
        "toi muon thue nha",
        "kỹ thuật",
        "thuộc diện hỗ trợ",
        "xin chào",
        "xin chao",
        "2 người",
        "3 năm",
        "năm 2026",
        "khóa học 3 tháng",
        "tháng 9",
        "tuần sau",
        "tuần này",
        "cuối tuần",
        "thứ 5 tuần trước",  # a past week
        "lần thứ hai",
        "con thứ 2",
        "theo thứ tự",
        "theo thu tu",
        "mỗi ngày 2 lần",
        "1 ngày 8 tiếng",
        "18 ngày",
        "2 tiếng",
        "mất 3 tiếng",
        "học trong 2 giờ",
        "2 giờ đồng hồ",
        "khóa học 40 giờ",
        "Tôi tên là Mai",
        "số 5",
        "ngày 18-10",  # day-month with a dash is not read
        # Not Vietnamese: "2h" may be two hours
        "2h",
    ],
)
def test_text_without_a_day_or_time_gives_none(typed: str) -> None:
    assert when(typed) is None


@pytest.mark.parametrize(
    ("typed", "vietnamese"),
    [
        ("ngày 18/9", True),
        ("hẹn 18/9", True),  # ẹ: a letter only Vietnamese uses
        ("18/9 duoc khong", True),
        ("thu 5 18/9", True),
        ("18/9 2 gio chieu", True),
        ("18/9", False),
        ("thu 2pm", False),
        ("café 9/18", False),  # é is French too
        ("下周四", False),
        ("다음주 목요일", False),
    ],
)
def test_what_counts_as_vietnamese_text(typed: str, vietnamese: bool) -> None:
    assert looks_vietnamese(typed) is vietnamese
