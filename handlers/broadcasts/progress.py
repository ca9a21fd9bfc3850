"""How a broadcast is doing: its messages by outcome (`Tally`), and in words for the staff
member who sent it from the chat. The admin web shows the same tally."""

from __future__ import annotations

from dataclasses import dataclass

from handlers.i18n import _
from storage.records import Broadcast


@dataclass(frozen=True, slots=True)
class Tally:
    """`left`: waiting or being sent; `on_return`: for readers of the web chat, shown when they
    come back (the broadcast is over without them); `blocked`: failed because the reader
    blocked the bot (her alerts are turned off); `failed`: the other failures."""

    recipients: int
    sent: int
    failed: int
    blocked: int
    left: int
    on_return: int
    cancelled: int
    missed: int

    @classmethod
    def of(cls, broadcast: Broadcast, counts: dict[str, int]) -> Tally:
        return cls(
            recipients=broadcast.recipients or sum(counts.values()),
            sent=counts.get("sent", 0),
            failed=counts.get("failed", 0),
            blocked=counts.get("blocked", 0),
            left=counts.get("pending", 0) + counts.get("claimed", 0),
            on_return=counts.get("on_return", 0),
            cancelled=counts.get("cancelled", 0),
            missed=counts.get("missed", 0),
        )

    @property
    def percent(self) -> int:
        """How much is over (sent, failed, not sent or waiting for its reader's return); 100
        only when nothing is left to send."""
        if not self.left or not self.recipients:
            return 100
        return min(99, (self.recipients - self.left) * 100 // self.recipients)


def progress_text(broadcast: Broadcast, counts: dict[str, int]) -> str:
    tally = Tally.of(broadcast, counts)
    if broadcast.state == "cancelled":
        head = _("Broadcast #{id} was stopped.", id=broadcast.id)
    elif broadcast.state == "done":
        head = _("Broadcast #{id} is finished.", id=broadcast.id)
    else:
        head = _(
            "Broadcast #{id} is being sent: {percent}%", id=broadcast.id, percent=tally.percent
        )
    lines = [
        head,
        _(
            "Sent {sent} · Failed {failed} · Left {left} (of {total})",
            sent=tally.sent,
            failed=tally.failed + tally.blocked,
            left=tally.left,
            total=tally.recipients,
        ),
    ]
    if tally.blocked:
        lines.append(_("Blocked the bot: {count} (their alerts are off now)", count=tally.blocked))
    if tally.on_return:
        lines.append(_("{count} will see it when they next open the chat", count=tally.on_return))
    if skipped := tally.missed + tally.cancelled:
        lines.append(_("Not sent (stopped or no longer relevant): {count}", count=skipped))
    return "\n".join(lines)
