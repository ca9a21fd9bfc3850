"""Staff in the chat: /outcomes lists her centres' self-reports of a job ("취업 확인" /
"아니에요") and the participants of her cohorts still in a course or just finished, with
"수료", "중도 포기" and "취업" buttons, like /today. Only identities with a stored role see it;
another centre's participant is answered as one that cannot be changed."""

from __future__ import annotations

from datetime import timedelta

from handlers.flows.button_data import OnRow
from handlers.flows.common import home_button
from handlers.flows.menu import not_understood
from handlers.flows.outcomes.actions import (
    MARKS,
    Action,
    Completed,
    ConfirmJob,
    Dropped,
    Employed,
    NotSo,
)
from handlers.flows.outcomes.records import confirm_self_report, set_status
from handlers.flows.staff import staff_scope
from handlers.i18n import _
from handlers.messages import Button, Message
from handlers.turn import Turn

SHOWN = 30
# The audit names of the buttons, as they were before the actions were typed.
_AUDIT = {ConfirmJob: "c", NotSo: "x", Completed: "s", Dropped: "s", Employed: "s"}
RECENT_DAYS = 31  # cohorts that ended this long ago still show


async def show(turn: Turn) -> list[Message]:
    scope = await staff_scope(turn)
    if scope is None:
        return await not_understood(turn)
    turn.go("menu", "idle")
    today = turn.now.astimezone(turn.tz).date()
    reports = [r for r in await turn.uow.outcomes.self_reports(scope) if r.participant]
    cohorts = await turn.uow.outcomes.cohorts(scope, today - timedelta(days=RECENT_DAYS), None)
    cohorts = [cohort for cohort in cohorts if cohort.starts_on <= today]
    labels = {cohort.id: cohort.label for cohort in cohorts}
    people = await turn.uow.outcomes.participants_of(list(labels))
    open_ones = [p for p in people if p.status == "enrolled"]
    summary = _(
        "Job reports to check: {reports}\nIn a course now: {enrolled}",
        reports=len(reports),
        enrolled=len(open_ones),
    )
    messages = [Message(text=summary)]
    for report in reports[:SHOWN]:
        person = report.participant
        text = _("{number} says they found a job.", number=person.number)
        buttons = (
            (
                Button(_("Confirm job"), ConfirmJob(person.id).encode()),
                Button(_("Not so"), NotSo(person.id).encode()),
            ),
        )
        messages.append(Message(text=text, buttons=buttons))
    for person in open_ones[:SHOWN]:
        text = f"{person.number} · {labels.get(person.cohort_id, '')}"
        buttons = (
            (
                Button(_("Completed"), Completed(person.id).encode()),
                Button(_("Dropped out"), Dropped(person.id).encode()),
                Button(_("Got a job"), Employed(person.id).encode()),
            ),
        )
        messages.append(Message(text=text, buttons=buttons))
    messages.append(Message(text=_("That's all for now."), buttons=((home_button(),),)))
    return messages


async def on_button(turn: Turn, action: Action | None) -> list[Message]:
    """A staff button of /outcomes (see `handlers.flows.outcomes.actions`)."""
    scope = await staff_scope(turn)
    if scope is None:
        return await not_understood(turn)
    row = action.id if isinstance(action, OnRow) else None
    person = await turn.uow.outcomes.participant(row, scope) if row is not None else None
    if person is None:
        return [Message(text=_("That record can no longer be changed.")), *await show(turn)]
    today = turn.now.astimezone(turn.tz).date()
    if isinstance(action, ConfirmJob) and person.self_report_at is not None:
        await confirm_self_report(turn.uow, person, today, turn.now)
    elif isinstance(action, NotSo):
        await turn.uow.outcomes.clear_report(person.id, turn.now)
    elif type(action) in MARKS:
        await set_status(turn.uow, person, MARKS[type(action)], today, turn.now)
    actor = f"{turn.incoming.channel}:{turn.incoming.external_id}"
    detail = {"participant": person.id}
    await turn.uow.audit.record(actor, f"outcome.chat.{_AUDIT[type(action)]}", detail, turn.now)
    return await show(turn)
