"""Chinese and Vietnamese days and times for `handlers.dates.read_when`.

`read_when` runs these rules before its Korean and English ones, on the same normalised
text (NFKC, lower case, single spaces), with the same rules of the game: each rule blanks
what it matched, the last day and the last time named win except the end of a range
("下午2点到3点", "từ 2 giờ đến 3 giờ": 到, 至, đến, tới join `scanner.RANGE_GAP`), and an hour
with no period is read in counselling hours (1-7 afternoon, 8-11 morning, 12 noon, 13-23 as
written). The rules build on the public scanner, `handlers.dates.scanner`.

Chinese (Simplified, typed with or without spaces):
- 今天, 明天, 后天, 大后天 (also 今日, 明日).
- 这周四/本周四/这个星期四 are this week's (Monday to Sunday, so possibly past), 下周四/
  下星期四/下个礼拜四 next week's, 下下周四 the one after; 周四/星期四/礼拜四 alone is the
  next one strictly after today. Sunday is 周日/星期天/礼拜天; 周4 is 周四. 上周四 (a past
  week) is not read, nor 每周三 or 一周三次 (a habit, not a day).
- 9月18日, 9月18号, 9月18, 2026年9月18日, 18号, 18日; a weekday after it ("9月18日(周五)")
  is read as part of it. The year rule of `dates` applies (a past date is next year's).
- 上午10点, 下午2点, 下午2点半, 下午两点, 下午2点30分, 下午2点30, 2点一刻, 14点, 3点钟,
  下午2:30, 中午12点, 晚上6点, 早上9点; hours may be 一 to 十二 (两 for 2) or 二十 to 二十三.
  Periods: 凌晨/清晨/早晨/早上/上午 morning, 中午 noon, 下午/傍晚 afternoon, 晚上/夜里 evening.
  A bare "2点" is 2 pm, as "2시" is. "一点" alone is "a little" (快一点, 早一点), not 1 o'clock:
  it is read only with a period or with 钟/半/分/刻.

Vietnamese (with or without diacritics, with or without spaces):
- hôm nay, ngày mai, ngày kia, ngày mốt; "mai"/"nay" right after a part of the day
  ("sáng mai 9 giờ", "chiều nay") is tomorrow/today. "mai" alone (also a name) is not read.
- thứ hai..thứ bảy, chủ nhật; thứ 2..thứ 7, T2..T7, CN; thứ tư is Wednesday. Alone, the next
  one strictly after today; "thứ năm này" the coming one, today included; with "tuần này"
  this week's, "tuần sau"/"tuần tới" next week's ("thứ năm tuần sau", "tuần sau thứ 5"),
  "tuần sau nữa" the one after; "tuần trước" (a past week) is not read. An ordinal
  ("lần thứ hai", "con thứ 2") is no weekday, and neither is "thu 2pm" / "thu 2:30", which
  stay English (Thursday, 2 pm); "thu 2" alone is Monday.
- ngày 18 tháng 9 (năm 2026), 18 tháng 9, ngày 18 (a day of the month, as 18일).
- Day/month: Vietnamese writes dates day first, so "18/9" and "ngày 18/9" (also
  "18/9/2026") are 18 September - but only when the text is Vietnamese (see
  `looks_vietnamese`: a letter only Vietnamese uses, such as ư, ơ, đ or ạ, or a
  Vietnamese word such as ngày, tháng, thứ, giờ, tuần, chiều, even without diacritics).
  Elsewhere "9/18" stays month/day as in `dates`, and "18/9" is no date. In Vietnamese
  text "9/18" is read day first too, so it is no date.
- 2 giờ chiều, 10 giờ sáng, 2 giờ 30 (phút) chiều, 2 giờ rưỡi chiều, chiều 2 giờ, 14 giờ,
  14h, 14h30, 2h chiều, 14:00, 2:30 chiều, 12 giờ trưa, 6 giờ tối, 2 giờ kém 15 (1:45 pm).
  Periods: sáng morning, trưa noon, chiều afternoon, tối/đêm evening. A bare "2 giờ" or
  "2h" is 2 pm; "2h" is read only in Vietnamese text (elsewhere it may be two hours), while
  "14h", "09h" and "2h30" are read everywhere.
  Durations are not times: "2 tiếng", "trong 2 giờ", "mất 2 giờ", "2 giờ đồng hồ".
- In Vietnamese text, mon, tue, thu and sat (món, thu, sát... typed bare) and words that
  merely begin with them (thuộc, thuế, kỹ thuật) are no English weekdays.

Not read: traditional characters (後天, 這週, 點), spelled Chinese days and months (九月十八日),
周末/cuối tuần, a week alone (下周, tuần sau), a month alone (9月, tháng 9), spans
("3天后", "2周后", "3 ngày nữa"), minutes in words (两点三十分: the hour is read), "khuya",
"mùng 5", dates as "18-9" or "18.9", and small hours ("2 giờ đêm" is read as 2 pm).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from functools import cache

from handlers.dates.scanner import (
    Rule,
    clock,
    in_week,
    next_weekday,
    read_calendar,
    read_day_of_month,
)

_LETTER_BEFORE = r"(?<![^\W\d_])"  # not inside a word
_LETTER_AFTER = r"(?![^\W\d_])"

# --- telling Vietnamese -----------------------------------------------------------------

# Letters only Vietnamese uses here: ă â đ ê ô ơ ư and the Latin Extended Additional block
# (ạ ả ấ ầ ẩ ... ỹ); à, á, é and the like are shared with French or Spanish.
_VI_LETTERS = re.compile(r"[ăâđêôơư\u1ea0-\u1ef9]")
# After "thứ 2": not a time or a count, which keeps "thu 2pm" and "thu 2:30" English.
_VI_NUMBER_END = (
    r"(?!\d|\s?(?::|\.\d|h\d|[hg](?![^\W\d_])|giờ|gio|[ap]\.?m(?![^\W\d_])|o'|tiếng|tieng"
    r"|người|nguoi|lần|lan))"
)
_VI_WORDS = re.compile(  # a word, maybe with a number right after it (ngày18)
    rf"{_LETTER_BEFORE}(?:ngày|ngay|tháng|thang|thứ|giờ|gio|tuần|tuan|chiều|chieu|trưa|trua"
    r"|sáng|tối|hôm|hom|rưỡi|ruoi|phút|phut|tôi|toi|muon|duoc|khong|xin|chao|theo|t[2-7]|cn)"
    rf"{_LETTER_AFTER}|{_LETTER_BEFORE}thu\s?[2-7]{_VI_NUMBER_END}"  # not "thu 2pm": English
)


def looks_vietnamese(text: str) -> bool:
    """Whether normalised `text` is Vietnamese, for reading "18/9" day first."""
    return bool(_VI_LETTERS.search(text) or _VI_WORDS.search(text))


# --- names ------------------------------------------------------------------------------

_ZH_RELATIVE = {"今天": 0, "今日": 0, "明天": 1, "明日": 1, "后天": 2, "大后天": 3}
_ZH_WEEKDAYS = {name: number for number, name in enumerate("一二三四五六日")}
_ZH_WEEKDAYS |= {"天": 6, "7": 6} | {str(number + 1): number for number in range(6)}
_ZH_WEEKS: dict[str, int | None] = {"这": 0, "这个": 0, "本": 0, "下": 1, "下个": 1}
_ZH_WEEKS |= {"下下": 2, "下下个": 2, "上": None, "上个": None, "上上": None, "上上个": None}
_ZH_DIGITS = {name: number for number, name in enumerate("一二三四五六七八九", start=1)}
_ZH_DIGITS["两"] = 2
_ZH_PERIODS = {"凌晨": "오전", "清晨": "오전", "早晨": "오전", "早上": "오전", "上午": "오전"}
_ZH_PERIODS |= {"中午": None, "下午": "오후", "傍晚": "오후", "晚上": "저녁", "夜里": "저녁"}

_VI_RELATIVE = {"nay": 0, "mai": 1, "kia": 2, "mốt": 2, "mot": 2}
_VI_WEEKDAYS = {"hai": 0, "ba": 1, "tư": 2, "tu": 2, "năm": 3, "nam": 3}
_VI_WEEKDAYS |= {"sáu": 4, "sau": 4, "bảy": 5, "bay": 5}
_VI_WEEKS: dict[str, int | None] = {"này": 0, "nay": 0, "sau": 1, "tới": 1, "toi": 1}
_VI_WEEKS |= {"saunữa": 2, "saunua": 2, "trước": None, "truoc": None}
_VI_PERIODS = {"sáng": "오전", "sang": "오전", "trưa": None, "trua": None}
_VI_PERIODS |= {"chiều": "오후", "chieu": "오후", "tối": "저녁", "toi": "저녁", "đêm": "저녁"}
_PERIODS = _ZH_PERIODS | _VI_PERIODS  # as the Korean period `scanner.clock` reads (None: noon)

# --- days -------------------------------------------------------------------------------

_ZH_WD = r"[一二三四五六日天1-7]"
_ZH_WEEK_WORD = r"(?:周|星期|礼拜)"
# Not a day: 一周三次 (three times a week), 下周一起 (together next week).
_ZH_WD_END = r"(?![次回遍趟])(?!(?<=一)起)"
_ZH_TAIL = rf"(?:\s?\(?\s?{_ZH_WEEK_WORD}\s?{_ZH_WD}\s?\)?)?"

# "thứ" as an ordinal: lần thứ hai (the second time), con thứ 2 (the second child)...
_ORDINAL_NOUNS = "lần lan con người nguoi bước buoc hạng hang theo phần phan lớp lop số so"
_VI_ORDINAL = "".join(f"(?<!{word} )" for word in _ORDINAL_NOUNS.split())


def _vi_weekday(named: bool) -> str:
    """thứ năm, thu 5, thứ5, T5, chủ nhật, CN; with named groups when `named`."""

    def group(name: str, pattern: str) -> str:
        return f"(?P<{name}>{pattern})" if named else f"(?:{pattern})"

    words = group("vword", "bảy|bay|hai|ba|tư|tu|năm|nam|sáu|sau")
    sunday = group("vsun", r"chủ\s?nhật|chu\s?nhat|cn")
    return (
        rf"(?:{_LETTER_BEFORE}{_VI_ORDINAL}(?:thứ|thu)\s?"
        rf"(?:{words}{_LETTER_AFTER}|{group('vnum', '[2-7]')}{_VI_NUMBER_END})"
        rf"|{_LETTER_BEFORE}{sunday}{_LETTER_AFTER}"
        rf"|{_LETTER_BEFORE}t{group('vt', '[2-7]')}{_LETTER_AFTER})"
    )


_VI_WEEK = r"(?:tuần|tuan)\s?(?P<vweek>sau\s?nữa|sau\s?nua|này|nay|sau|tới|toi|trước|truoc)"
_VI_TAIL = rf"(?:\s?,?\s?\(?\s?{_vi_weekday(named=False)}\s?\)?)?"


@cache
def day_rules(vietnamese: bool) -> tuple[Rule[date], ...]:
    """The day rules, first to last; "18/9" is read day first only when `vietnamese`."""
    wd = _vi_weekday(named=True)
    after_period = "|".join(f"(?<={name})|(?<={name} )" for name in _VI_PERIODS)
    rules: list[tuple[str, Callable[[re.Match[str], date], date | None]]] = [
        (  # 9月18日, 9月18号, 2026年9月18日
            r"(?<!\d)(?:(?P<year>\d{4})\s?年\s?)?(?P<month>\d{1,2})\s?月\s?(?P<day>\d{1,2})"
            rf"\s?(?:日|号)?(?![\d点:]){_ZH_TAIL}",
            read_calendar,
        ),
        (  # ngày 18 tháng 9, 18 tháng 9 năm 2026
            r"(?:(?:ngày|ngay)\s?)?(?<!\d)(?P<day>\d{1,2})\s?(?:tháng|thang)\s?"
            r"(?P<month>\d{1,2})(?!\d)(?:\s?,?\s?(?:năm|nam)\s?(?P<year>\d{4})(?!\d))?" + _VI_TAIL,
            read_calendar,
        ),
    ]
    if vietnamese:
        rules.append(
            (  # ngày 18/9, 18/9, 18/9/2026: day first
                r"(?:(?:ngày|ngay)\s?)?(?<![\d/.\-])(?P<day>\d{1,2})\s?/\s?(?P<month>\d{1,2})"
                rf"(?:\s?/\s?(?P<year>\d{{4}}))?(?![\d/]){_VI_TAIL}",
                read_calendar,
            )
        )
    rules += [
        # Days of the month before weekdays, so that "18号周五" is read as one date.
        (  # 18号, 18日 (not 3号楼, 3号线, 电话号码, 日元)
            r"(?<![\d月年./\-:])(?P<day>\d{1,2})\s?(?:号(?![楼线码房室门床位])|日(?![元语本文期]))"
            + _ZH_TAIL,
            read_day_of_month,
        ),
        (  # ngày 18 (not mỗi ngày 2 lần, 1 ngày 8 tiếng)
            r"(?<!mỗi )(?<!moi )(?:ngày|ngay)\s?(?P<day>\d{1,2})(?![\d/:]|[.h\-]\d|h(?![^\W\d_]))"
            rf"(?!\s?(?:lần|lan|giờ|gio|tiếng|tieng|buổi|buoi|người|nguoi)){_VI_TAIL}",
            read_day_of_month,
        ),
        (  # 下周四, 这个星期四, 下下礼拜四, 上周四 (not read)
            rf"(?P<zweek>下下个?|上上个?|下个?|上个?|这个?|本)\s?{_ZH_WEEK_WORD}\s?"
            rf"(?P<zwd>{_ZH_WD}){_ZH_WD_END}",
            _read_weekday_of_week,
        ),
        (  # 周四, 星期四 (not 每周三, 两周三天)
            rf"(?<![每一两二三四五六七八九十几个\d]){_ZH_WEEK_WORD}\s?(?P<zwd>{_ZH_WD})"
            + _ZH_WD_END,
            _read_weekday,
        ),
        (rf"{wd}\s?,?\s?(?:vào\s?|vao\s?)?{_VI_WEEK}{_LETTER_AFTER}", _read_weekday_of_week),
        (rf"{_VI_WEEK}\s?,?\s?(?:vào\s?|vao\s?)?{wd}", _read_weekday_of_week),
        (rf"{wd}\s?(?P<this>này|nay){_LETTER_AFTER}", _read_weekday),  # thứ năm này
        (wd, _read_weekday),
    ]
    if vietnamese:  # món, thu, sát typed bare; thuộc, thuế: no English weekdays
        rules.append(
            (rf"{_LETTER_BEFORE}(?:mon|tue|thu|sat)(?![a-z])[^\W\d_]*", _no_day),
        )
    rules += [
        (r"(?P<word>大后天|后天|明天|今天|明日|今日)", _read_relative),
        (
            r"(?:(?:hôm|hom)\s?(?P<today>nay)|(?:ngày|ngay)\s?(?P<later>mai|kia|mốt|mot))"
            + _LETTER_AFTER,
            _read_relative,
        ),
        (rf"(?:{after_period})(?P<word>nay|mai){_LETTER_AFTER}", _read_relative),  # chiều nay
    ]
    return tuple(Rule(re.compile(pattern), read) for pattern, read in rules)


def _weekday_number(groups: dict[str, str | None]) -> int:
    if groups.get("zwd"):
        return _ZH_WEEKDAYS[groups["zwd"]]
    if groups.get("vword"):
        return _VI_WEEKDAYS[groups["vword"]]
    if groups.get("vsun"):
        return 6
    return int(groups.get("vnum") or groups["vt"]) - 2  # thứ 2 is Monday


def _read_weekday_of_week(match: re.Match[str], today: date) -> date | None:
    """A weekday of a named week: 下周四, thứ năm tuần sau; None for a past week."""
    groups = match.groupdict()
    if groups.get("zweek"):
        weeks = _ZH_WEEKS[groups["zweek"]]
    else:
        weeks = _VI_WEEKS[groups["vweek"].replace(" ", "")]
    if weeks is None:
        return None
    return in_week(today, weeks, _weekday_number(groups))


def _read_weekday(match: re.Match[str], today: date) -> date:
    """A weekday alone, the next after today; "thứ năm này" may be today."""
    groups = match.groupdict()
    include_today = bool(groups.get("this"))
    return next_weekday(today, _weekday_number(groups), include_today=include_today)


def _read_relative(match: re.Match[str], today: date) -> date:
    groups = match.groupdict()
    word = groups.get("word") or groups.get("today") or groups["later"]
    offset = _ZH_RELATIVE.get(word)
    if offset is None:
        offset = _VI_RELATIVE[word]
    return today + timedelta(days=offset)


def _no_day(_match: re.Match[str], _today: date) -> None:
    return None


# --- times ------------------------------------------------------------------------------

_ZH_PERIOD = rf"(?P<zperiod>{'|'.join(_ZH_PERIODS)})"
_ZH_HOUR = r"二十[一二三]?|十[一二三四五六七八九]?|[一两二三四五六七八九]"
_VI_BEFORE = r"(?P<before>sáng|trưa|chiều|tối|đêm|chieu|trua)"  # not sang, toi: also words
# "sang", "toi" after an hour may be "go over" or "I": 8 giờ tôi đến.
_VI_AFTER = (
    rf"(?P<after>{'|'.join(_VI_PERIODS)}){_LETTER_AFTER}"
    r"(?!\s(?:den|di|ve|co|se|lam|hoc|gap|cong|o)\b)"
)
_VI_NO_SPAN = r"(?<!trong )(?<!mất )(?<!mat )(?<![\d:.])"  # trong 2 giờ is two hours
# After giờ: the end of the word, or what may follow it unspaced (2giờchiều, 2giờ30).
_VI_HOUR_END = rf"(?:{_LETTER_AFTER}|(?=rưỡi|ruoi|{'|'.join(_VI_PERIODS)}))"


@cache
def time_rules(vietnamese: bool) -> tuple[Rule[time], ...]:
    """The time rules, first to last; a bare "2h" is read only when `vietnamese`."""
    h_form = (
        rf"(?:{_VI_BEFORE}\s*)?{_VI_NO_SPAN}(?P<hour>\d{{1,2}})h"
        rf"(?:(?P<minute>\d{{2}})p?|\s?(?P<half>rưỡi|ruoi))?{_LETTER_AFTER}(?:\s?{_VI_AFTER})?"
        if vietnamese  # elsewhere "2h" may be two hours, but 14h, 09h or 2h30 are clocks
        else r"(?<![\d:.])(?:(?P<hour>\d{1,2})h(?P<minute>\d{2})p?|(?P<clock>0\d|1[3-9]|2[0-3])h)"
        + _LETTER_AFTER
    )
    rules = [
        (rf"{_ZH_PERIOD}\s?(?<![\d:])(?P<hour>\d{{1,2}}):(?P<minute>\d{{2}})(?!\d)", _read_hour),
        (rf"{_VI_BEFORE}\s*(?<![\d:])(?P<hour>\d{{1,2}}):(?P<minute>\d{{2}})(?!\d)", _read_hour),
        (rf"(?<![\d:])(?P<hour>\d{{1,2}}):(?P<minute>\d{{2}})(?!\d)\s?{_VI_AFTER}", _read_hour),
        (  # 下午2点半, 两点, 14点30分, 2点一刻 (not 两点要求, two points)
            rf"(?:{_ZH_PERIOD}\s?)?(?:(?<![\d:.])(?P<hour>\d{{1,2}})|(?P<spelled>{_ZH_HOUR}))"
            r"\s?点(?P<oclock>钟)?(?:\s?(?P<half>半)|\s?(?P<quarter>[一三]刻)"
            r"|\s?(?P<minute>\d{2}(?!\d)|\d(?=\s?分))\s?分?)?"
            r"(?!\s?(?:要求|建议|问题|意见|内容|原因|注意|东西))",
            _read_hour,
        ),
        (  # 2 giờ chiều, 2 giờ 30 chiều, 2 giờ rưỡi, chiều 2 giờ (not 2 giờ đồng hồ)
            rf"(?:{_VI_BEFORE}\s*)?{_VI_NO_SPAN}(?P<hour>\d{{1,2}})\s?(?:giờ|gio){_VI_HOUR_END}"
            r"(?!\s?(?:đồng hồ|dong ho))"
            r"(?:\s?(?P<half>rưỡi|ruoi)|\s?(?P<minute>\d{1,2})(?![\d/:])(?:\s?(?:phút|phut))?"
            r"|\s?(?:kém|kem)\s?(?P<short>\d{1,2})(?![\d/:])(?:\s?(?:phút|phut))?)?"
            rf"(?:\s?{_VI_AFTER})?",
            _read_hour,
        ),
        (h_form, _read_hour),
    ]
    return tuple(Rule(re.compile(pattern), read) for pattern, read in rules)


def _read_hour(match: re.Match[str], _today: date) -> time | None:
    groups = match.groupdict()
    spelled = groups.get("spelled")
    hour_text = groups["hour"] or groups.get("clock") or str(_zh_number(spelled))
    minute = int(groups["minute"]) if groups.get("minute") else 0
    if groups.get("half"):
        minute = 30
    if groups.get("quarter"):
        minute = 15 if groups["quarter"].startswith("一") else 45
    said_period = groups.get("zperiod") or groups.get("before") or groups.get("after")
    if spelled == "一" and not said_period and match.group().rstrip().endswith("点"):
        return None  # 快一点, 早一点: "a little"
    at = clock(hour_text, minute, _PERIODS.get(said_period or ""))
    if at is None or not groups.get("short"):
        return at
    # 2 giờ kém 15: a quarter to the hour as read, so "8 giờ kém 15" is 7:45 in the morning
    short = int(groups["short"])
    return (
        None if short > 59 else (datetime.combine(date.min, at) - timedelta(minutes=short)).time()
    )


def _zh_number(spelled: str) -> int:
    """一 to 九, 两, 十 to 十九, 二十 to 二十三."""
    if "十" not in spelled:
        return _ZH_DIGITS[spelled]
    tens, _, units = spelled.partition("十")
    return (_ZH_DIGITS[tens] if tens else 1) * 10 + (_ZH_DIGITS[units] if units else 0)
