"""Staff in the chat: /outcomes lists her centres' self-reports of a job ("취업 확인" /
"아니에요") and the participants of her cohorts still in a course or just finished, with
"수료", "중도 포기" and "취업" buttons, like /today. Only identities with a stored role see it;
another centre's participant is answered as one that cannot be changed."""

from __future__ import annotations

from datetime import timedelta

from handlers.flows.common import home_button, row_id, split_data
from handlers.flows.menu import not_understood
from handlers.flows.outcomes.records import confirm_self_report, set_status
from handlers.flows.staff import staff_scope
from handlers.i18n import _
from handlers.messages import Button, Message
from handlers.turn import Turn

SHOWN = 30
RECENT_DAYS = 31  # cohorts that ended this long ago still show
MARKS = {"c": "completed", "d": "dropped", "e": "early"}


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
                Button(_("Confirm the job"), f"oc:c:{person.id}"),
                Button(_("Not so"), f"oc:x:{person.id}"),
            ),
        )
        messages.append(Message(text=text, buttons=buttons))
    for person in open_ones[:SHOWN]:
        text = f"{person.number} · {labels.get(person.cohort_id, '')}"
        buttons = (
            (
                Button(_("Completed"), f"oc:s:c:{person.id}"),
                Button(_("Dropped out"), f"oc:s:d:{person.id}"),
                Button(_("Got a job"), f"oc:s:e:{person.id}"),
            ),
        )
        messages.append(Message(text=text, buttons=buttons))
    messages.append(Message(text=_("That's all for now."), buttons=((home_button(),),)))
    return messages


async def on_button(turn: Turn) -> list[Message]:
    """A staff button of /outcomes (`oc:c:<id>`, `oc:x:<id>`, `oc:s:<mark>:<id>`)."""
    scope = await staff_scope(turn)
    if scope is None:
        return await not_understood(turn)
    _namespace, value = split_data(turn.incoming.data)
    action, _sep, rest = value.partition(":")
    mark = None
    if action == "s":
        mark, _sep, rest = rest.partition(":")
    number = row_id(rest)
    person = await turn.uow.outcomes.participant(number, scope) if number is not None else None
    if person is None or (action == "s" and mark not in MARKS) or action not in ("c", "x", "s"):
        return [Message(text=_("That record can no longer be changed.")), *await show(turn)]
    today = turn.now.astimezone(turn.tz).date()
    if action == "c" and person.self_report_at is not None:
        await confirm_self_report(turn.uow, person, today, turn.now)
    elif action == "x":
        await turn.uow.outcomes.clear_report(person.id, turn.now)
    elif action == "s":
        await set_status(turn.uow, person, MARKS[mark], today, turn.now)
    actor = f"{turn.incoming.channel}:{turn.incoming.external_id}"
    detail = {"participant": person.id}
    await turn.uow.audit.record(actor, f"outcome.chat.{action}", detail, turn.now)
    return await show(turn)
