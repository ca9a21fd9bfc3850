"""What a web broadcast is about and who gets it: the choices the compose form offers (courses,
upcoming bus visits, 시/도, bus zones, fields), reading the chosen audience from the form, and
saying an audience in Korean on the broadcast pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.admin import forms
from bot.admin.contract import Admin
from bot.admin.formatting import day, hm
from handlers.regions import SIDO, read_region
from handlers.vocabulary import FIELDS
from storage.admin_uow import AdminUnitOfWork

KIND_LABELS = {
    "all": "알림을 신청한 모든 사람",
    "region": "지역",
    "zone": "버스 권역",
    "field": "관심 분야",
    "programme": "이 프로그램 알림 구독자",
    "bus": "버스 알림 신청자 모두",
}
VISITS_SHOWN = 50


@dataclass(frozen=True, slots=True)
class Choices:
    """The options of the form's selects, each as (value, label)."""

    programmes: list[tuple[str, str]]
    visits: list[tuple[str, str]]
    sido: list[tuple[str, str]]
    zones: list[tuple[str, str]]
    fields: list[tuple[str, str]]
    titles: dict[str, str]  # programme id -> title

    def label(self, kind: str, value: str) -> str:
        return dict(getattr(self, kind)).get(value, value)


async def load_choices(uow: AdminUnitOfWork, now: datetime, admin: Admin) -> Choices:
    tz = admin.tz
    listings = await uow.catalogue.listings(now.astimezone(tz).date())
    visits = await uow.bus.upcoming(now, limit=VISITS_SHOWN)
    return Choices(
        programmes=[(str(item.programme.id), _programme_label(item, tz)) for item in listings],
        visits=[(str(v.visit.id), _visit_label(v, tz)) for v in visits],
        sido=[(sido.name, sido.name) for sido in SIDO],
        zones=sorted({(v.zone.code, v.zone.name) for v in visits}, key=lambda zone: zone[1]),
        fields=[(code, admin.korean(label)) for code, label in FIELDS.items()],
        titles={str(item.programme.id): item.programme.title for item in listings},
    )


def _visit_label(listing, tz) -> str:
    starts = listing.visit.starts_at
    return f"{day(starts, tz)} {hm(starts, tz)} · {listing.site.name} ({listing.zone.name})"


def _programme_label(listing, tz) -> str:
    label = f"{listing.programme.title} · {listing.centre.name}"
    if listing.next_cohort is not None:
        label += f" · 다음 기수 {day(listing.next_cohort.starts_on, tz)} 시작"
    return label


def read_audience(form, choices: Choices, programme: str | None) -> dict:
    """The audience chosen on the form, as the broadcasts repository takes it."""
    kind = str(form.get("audience", ""))
    if not kind:
        raise forms.FormError("받는 사람을 골라 주세요.")
    if kind not in KIND_LABELS:
        raise forms.FormError("받는 사람을 목록에서 골라 주세요.")
    if kind in ("all", "bus"):
        return {"kind": kind}
    if kind == "programme":
        if programme is None:
            raise forms.FormError(
                "프로그램 알림 구독자에게 보내려면 어떤 프로그램에 관한 공지인지 골라 주세요."
            )
        return {"kind": kind, "target": programme}
    if kind == "region":
        return {"kind": kind, "target": _region(form)}
    options = choices.zones if kind == "zone" else choices.fields
    target = str(form.get(kind, ""))
    if target not in dict(options):
        what = "버스 권역을" if kind == "zone" else "관심 분야를"
        raise forms.FormError(f"{what} 목록에서 골라 주세요.")
    return {"kind": kind, "target": target}


def _region(form) -> str:
    """A 시/도, or "시/도 시/군/구" when a 시/군/구 of it is typed ("광명" → 경기도 광명시)."""
    sido = str(form.get("sido", ""))
    if sido not in {known.name for known in SIDO}:
        raise forms.FormError("받을 지역의 시·도를 골라 주세요.")
    typed = forms.text(form, "sigungu", "시·군·구", max_length=20)
    if typed is None:
        return sido
    found = read_region(f"{sido} {typed}")
    if found.sido != sido or not found.sigungu:
        raise forms.FormError(f"{sido}에 '{typed}'라는 시·군·구가 없어요. 예: 광명시")
    return f"{sido} {found.sigungu}"


def describe(audience: dict, choices: Choices) -> str:
    """`지역: 경기도 광명시`, `관심 분야: 조리`, `알림을 신청한 모든 사람`…"""
    kind, target = audience.get("kind", ""), str(audience.get("target") or "")
    label = KIND_LABELS.get(kind, kind)
    if not target:
        return label
    if kind == "programme":
        return f"프로그램 알림 구독자: {choices.titles.get(target, target)}"
    names = {"zone": "zones", "field": "fields"}
    return f"{label}: {choices.label(names[kind], target) if kind in names else target}"
