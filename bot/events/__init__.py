"""Live events of the counsellors' inbox and the web chat: a wake-up fan-out to every open
stream of this process (`fanout.py`), fed on SQLite by the commits of this process
(`sqlite_commits.py`) and on PostgreSQL by `LISTEN/NOTIFY` on a connection of its own
(`postgres.py`), and the server-sent-events stream that reads what is new from the database
(`sse.py`). A wake-up carries nothing a stream relies on: each stream reads the rows after the
last id it sent, so a lost notification delays a message, never loses it."""

from bot.events.fanout import Fanout, Subscription
from bot.events.live import LiveEvents

__all__ = ["Fanout", "LiveEvents", "Subscription"]
