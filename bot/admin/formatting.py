"""How the admin pages write days, times and codes: Korean, in the configured time zone."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from jinja2 import Environment

WEEKDAYS = "월화수목금토일"
STATES = {
    "active": "예정",
    "attended": "출석",
    "no_show": "불참",
    "cancelled": "취소",
    "moved": "변경됨",
}
MODES = {"visit": "센터 방문", "phone": "전화", "bus": "버스"}
ROLES = {"staff": "상담 직원", "admin": "관리자"}
CENTRE_KINDS = {
    "saeil": "새일센터",
    "jobcentre": "일자리센터",
    "mobile": "이동 상담",
    "agency": "훈련기관",
}
PROGRAMME_KINDS = {"course": "교육 과정", "service": "서비스", "consulting": "컨설팅"}
DAYS = {"weekday": "평일", "weekend": "주말"}
PARTS_OF_DAY = {"morning": "오전", "afternoon": "오후", "full_day": "종일", "evening": "저녁"}


def day(value: date | datetime | None, tz: ZoneInfo) -> str:
    """`11월 26일 (목)`; a datetime is read in the local time zone."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(tz).date()
    return f"{value.month}월 {value.day}일 ({WEEKDAYS[value.weekday()]})"


def hm(value: datetime | None, tz: ZoneInfo) -> str:
    return value.astimezone(tz).strftime("%H:%M") if value else ""


def ymd(value: date | datetime | None, tz: ZoneInfo) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(tz).date()
    return value.isoformat()


def install(env: Environment, tz: ZoneInfo) -> None:
    env.filters["day"] = lambda value: day(value, tz)
    env.filters["hm"] = lambda value: hm(value, tz)
    env.filters["ymd"] = lambda value: ymd(value, tz)
    env.filters["when"] = lambda value: f"{day(value, tz)} {hm(value, tz)}" if value else ""
    env.globals.update(
        STATES=STATES,
        MODES=MODES,
        ROLES=ROLES,
        CENTRE_KINDS=CENTRE_KINDS,
        PROGRAMME_KINDS=PROGRAMME_KINDS,
        DAYS=DAYS,
        PARTS_OF_DAY=PARTS_OF_DAY,
    )


def midnight(value: date, tz: ZoneInfo) -> datetime:
    """The start of a local day, as an aware datetime (the database compares it in UTC)."""
    return datetime.combine(value, time(0), tzinfo=tz)


def local_today(now: datetime, tz: ZoneInfo) -> date:
    return now.astimezone(tz).date()
