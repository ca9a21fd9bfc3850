"""How a broadcast is doing, in words for the staff member who sent it."""

from __future__ import annotations

from handlers.i18n import _
from storage.records import Broadcast

SENT, FAILED = ("sent",), ("failed",)
LEFT = ("pending", "claimed")


def progress_text(broadcast: Broadcast, counts: dict[str, int]) -> str:
    sent = sum(counts.get(state, 0) for state in SENT)
    failed = sum(counts.get(state, 0) for state in FAILED)
    left = sum(counts.get(state, 0) for state in LEFT)
    skipped = counts.get("missed", 0) + counts.get("cancelled", 0)
    total = broadcast.recipients or sum(counts.values())
    done = total - left
    percent = 100 if not total else round(100 * done / total)
    if broadcast.state == "cancelled":
        head = _("Broadcast #{id} was stopped.", id=broadcast.id)
    elif broadcast.state == "done":
        head = _("Broadcast #{id} is finished.", id=broadcast.id)
    else:
        head = _("Broadcast #{id} is being sent: {percent}%", id=broadcast.id, percent=percent)
    lines = [head, _("Sent {sent} · Failed {failed} · Left {left} (of {total})",
                     sent=sent, failed=failed, left=left, total=total)]  # fmt: skip
    if skipped:
        lines.append(_("Not sent (stopped or no longer relevant): {count}", count=skipped))
    return "\n".join(lines)
