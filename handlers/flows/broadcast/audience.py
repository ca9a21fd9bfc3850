"""Choosing what a broadcast is about (a course, a bus visit) and who gets it: everyone with
an alert, a region (a 시/도, or typed down to the 시/군/구), a bus zone, a field, a course's
subscribers, or everyone with a bus alert."""

from __future__ import annotations

from dataclasses import replace

from handlers.flows.broadcast import actions
from handlers.flows.broadcast.preview import cancel_button, preview
from handlers.flows.broadcast.state import BroadcastDraft, draft_of, go
from handlers.formatting import day
from handlers.i18n import N_, _
from handlers.messages import Button, Message
from handlers.regions import SIDO, read_region
from handlers.turn import Turn
from handlers.vocabulary import FIELDS

SHOWN = 8
KINDS = {
    "all": N_("Everyone"),
    "region": N_("A region"),
    "zone": N_("A bus zone"),
    "field": N_("A field"),
    "programme": N_("Course alerts"),
    "bus": N_("Bus alerts"),
}


def _rows(buttons: list[Button], width: int = 2) -> tuple[tuple[Button, ...], ...]:
    rows = tuple(tuple(buttons[i : i + width]) for i in range(0, len(buttons), width))
    return rows + ((cancel_button(),),)


async def ask_programme(turn: Turn) -> list[Message]:
    today = turn.now.astimezone(turn.tz).date()
    listings = await turn.settings.catalogue.listings(turn.uow, today, turn.now)
    buttons = [
        Button(listing.programme.title[:30], actions.About("p", listing.programme.id).encode())
        for listing in listings[:SHOWN]
    ]
    go(turn, "link", draft_of(turn))
    return [Message(text=_("Which course is it about?"), buttons=_rows(buttons, 1))]


async def ask_visit(turn: Turn) -> list[Message]:
    visits = await turn.uow.bus.upcoming(turn.now, limit=SHOWN)
    buttons = [
        Button(
            f"{day(v.visit.starts_at.astimezone(turn.tz).date())} {v.site.name}"[:30],
            actions.About("v", v.visit.id).encode(),
        )
        for v in visits
    ]
    go(turn, "link", draft_of(turn))
    return [Message(text=_("Which bus visit is it about?"), buttons=_rows(buttons, 1))]


def ask_audience(turn: Turn, draft: BroadcastDraft) -> list[Message]:
    go(turn, "audience", draft)
    kinds = [kind for kind in KINDS if kind != "programme" or draft.programme]
    buttons = [Button(_(KINDS[kind]), actions.Audience(kind).encode()) for kind in kinds]
    return [Message(text=_("Who should get it?"), buttons=_rows(buttons, 1))]


async def on_audience(turn: Turn, kind: str) -> list[Message]:
    draft = draft_of(turn)
    if kind in ("all", "bus"):
        return await preview(turn, replace(draft, audience={"kind": kind}))
    if kind == "programme" and draft.programme:
        chosen = {"kind": kind, "target": str(draft.programme)}
        return await preview(turn, replace(draft, audience=chosen))
    if kind not in KINDS:
        return ask_audience(turn, draft)
    go(turn, "target", replace(draft, kind=kind))
    return [Message(text=_("Which one?"), buttons=_rows(await _targets(turn, kind), 3))]


async def _targets(turn: Turn, kind: str) -> list[Button]:
    if kind == "region":
        return [Button(sido.short, actions.Target(sido.name).encode()) for sido in SIDO]
    if kind == "field":
        return [Button(_(label), actions.Target(code).encode()) for code, label in FIELDS.items()]
    zones = {v.zone.code: v.zone.name for v in await turn.uow.bus.upcoming(turn.now, limit=50)}
    return [Button(name, actions.Target(code).encode()) for code, name in sorted(zones.items())]


async def on_target(turn: Turn, target: str) -> list[Message]:
    draft = draft_of(turn)
    if draft.kind not in ("region", "zone", "field") or not target:
        return ask_audience(turn, draft)
    return await preview(turn, replace(draft, audience={"kind": draft.kind, "target": target}))


async def on_typed_target(turn: Turn) -> list[Message]:
    """A region typed down to its 시/군/구 ("광명시"), or a button's label."""
    kind = draft_of(turn).kind
    if kind == "region":
        found = read_region(turn.incoming.text)
        if found.sido:
            target = " ".join(part for part in (found.sido, found.sigungu) if part)
            return await on_target(turn, target)
    hint = Message(text=_("I couldn't tell which one. Please press a button."))
    return [hint, *await on_audience(turn, kind or "")]
