"""Rows of the catalogue's public files: HRD-Net courses, data.go.kr 새일센터 centres and courses.

HRD-Net (고용24) names a cohort by `trprId` + `trprDegr` and its training institution by
`subTitle`, whose region is read from `address`. data.go.kr's 새일 files carry no ids: a centre
is its 시/도 + 시/군/구 + name, a course its centre + title + first day.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, tzinfo

from handlers.importing.cells import Cells
from handlers.importing.fields import fields_of
from handlers.importing.regions import full_sido, region_of, short_sido

HRD_COLUMNS = (
    ("trprId", "trprDegr", "title", "subTitle", "address", "traStartDate", "traEndDate"),
    (
        "telNo",
        "trainTarget",
        "ncsCd",
        "courseMan",
        "realMan",
        "yardMan",
        "regCourseMan",
        "titleLink",
    ),
)
SAEIL_CENTRE_COLUMNS = (("ctpvNm", "nwrkCntrNm"), ("sggNm", "telno", "daddr"))
SAEIL_COURSE_COLUMNS = (
    ("areaNm", "nwrkCntrNm", "eduCrsNm", "eduBgngDt"),
    ("eduEndDt", "eduNope", "trngHr"),
)


@dataclass(frozen=True)
class HrdCohortRow:
    row: int = field(compare=False)
    course_id: str  # trprId
    number: int  # trprDegr
    title: str
    institution: str  # subTitle
    sido: str
    sigungu: str | None
    address: str
    phone: str | None
    starts_on: date
    ends_on: date
    audience: str  # job_seekers, employed
    fields: tuple[str, ...]
    cost: str | None
    capacity: int | None
    seats_left: int | None  # only when the file says how many have registered
    url: str | None

    @property
    def identity(self) -> str:
        return f"hrd:{self.course_id}:{self.number}"


@dataclass(frozen=True)
class SaeilCentreRow:
    row: int = field(compare=False)
    sido: str  # full name, as stored
    area: str  # short name, as keyed
    sigungu: str | None
    name: str
    phone: str | None
    address: str | None

    @property
    def identity(self) -> str:
        return saeil_centre_key(self.area, self.sigungu, self.name)


@dataclass(frozen=True)
class SaeilCourseRow:
    row: int = field(compare=False)
    sido: str
    area: str
    centre: str
    title: str
    starts_on: date
    ends_on: date | None
    capacity: int | None
    hours: int | None
    fields: tuple[str, ...]

    @property
    def programme_key(self) -> str:
        return f"saeil:{self.area}:{self.centre}:{self.title}"

    @property
    def identity(self) -> str:
        return f"{self.programme_key}:{self.starts_on.isoformat()}"


def saeil_centre_key(area: str, sigungu: str | None, name: str) -> str:
    """ "saeil:경기:광명시:광명새일센터"; a centre known only from a course has no 시/군/구."""
    return f"saeil:{area}:{sigungu or ''}:{name}"


def hrd_cohort(cells: Cells, _tz: tzinfo) -> HrdCohortRow | None:
    course_id = cells.text("trprId", required=True)
    number = cells.integer("trprDegr", required=True, minimum=1)
    title = cells.text("title", required=True)
    institution = cells.text("subTitle", required=True)
    address = cells.text("address", required=True)
    region = region_of(address) if address else None
    if address and region is None:
        cells.problem(f'address "{address}" does not begin with a 시/도 (e.g. 경기도 광명시 …)')
    starts_on = cells.day("traStartDate", required=True)
    ends_on = cells.day("traEndDate", required=True)
    cells.ordered("traStartDate", starts_on, "traEndDate", ends_on, strict=False)
    total, own = cells.integer("courseMan"), cells.integer("realMan")
    capacity, registered = cells.integer("yardMan"), cells.integer("regCourseMan")
    if cells.problems or region is None:
        return None
    seats_left = None
    if capacity is not None and registered is not None:
        seats_left = max(capacity - registered, 0)
    target = cells.text("trainTarget") or ""
    return HrdCohortRow(
        row=cells.row.number,
        course_id=course_id,
        number=number,
        title=title,
        institution=institution,
        sido=region[0],
        sigungu=region[1],
        address=address,
        phone=cells.text("telNo"),
        starts_on=starts_on,
        ends_on=ends_on,
        audience="employed" if "재직자" in target else "job_seekers",
        fields=fields_of(title, cells.text("ncsCd")),
        cost=cost_text(total, own),
        capacity=capacity,
        seats_left=seats_left,
        url=cells.text("titleLink"),
    )


def saeil_centre(cells: Cells, _tz: tzinfo) -> SaeilCentreRow | None:
    sido_text = cells.text("ctpvNm", required=True)
    name = cells.text("nwrkCntrNm", required=True)
    sido = _known_sido(cells, "ctpvNm", sido_text)
    if cells.problems:
        return None
    return SaeilCentreRow(
        row=cells.row.number,
        sido=sido,
        area=short_sido(sido),
        sigungu=cells.text("sggNm"),
        name=name,
        phone=cells.text("telno"),
        address=cells.text("daddr"),
    )


def saeil_course(cells: Cells, _tz: tzinfo) -> SaeilCourseRow | None:
    area_text = cells.text("areaNm", required=True)
    sido = _known_sido(cells, "areaNm", area_text)
    centre = cells.text("nwrkCntrNm", required=True)
    title = cells.text("eduCrsNm", required=True)
    starts_on = cells.day("eduBgngDt", required=True)
    ends_on = cells.day("eduEndDt")
    cells.ordered("eduBgngDt", starts_on, "eduEndDt", ends_on, strict=False)
    capacity, hours = cells.integer("eduNope"), cells.integer("trngHr")
    if cells.problems:
        return None
    return SaeilCourseRow(
        row=cells.row.number,
        sido=sido,
        area=short_sido(sido),
        centre=centre,
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
        capacity=capacity,
        hours=hours,
        fields=fields_of(title),
    )


def _known_sido(cells: Cells, column: str, value: str | None) -> str | None:
    if value is None:
        return None
    sido = full_sido(value)
    if sido is None:
        cells.problem(f'{column} "{value}" is not a 시/도 (e.g. 경기 or 경기도, 서울특별시)')
    return sido


def won(amount: int) -> str:
    """1850000 -> "185만 원"; 284000 -> "28만 4,000원"; 9000 -> "9,000원"."""
    man, rest = divmod(amount, 10_000)
    if man and not rest:
        return f"{man:,}만 원"
    if man:
        return f"{man:,}만 {rest:,}원"
    return f"{rest:,}원"


def cost_text(total: int | None, own: int | None) -> str | None:
    """ "185만 원 (자부담 37만 원)" from HRD-Net's courseMan (cost) and realMan (own share)."""
    if total is None:
        return None
    if total == 0:
        return "무료"
    if own is None:
        return won(total)
    if own == 0:
        return f"{won(total)} (자부담 없음)"
    return f"{won(total)} (자부담 {won(own)})"
