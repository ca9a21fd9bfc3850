"""SQLAlchemy Core tables for everything PRODUCT.md lists under Data.

Alembic migrations create them (`storage/migrations`); this module is the model they are
checked against. Times are stored in UTC (`UtcDateTime()`), days as `Date`.
Constraint names follow one convention so that migrations can name what they alter.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    Time,
    TypeDecorator,
    UniqueConstraint,
    text,
)


class UtcDateTime(TypeDecorator):
    """A moment in UTC: aware datetimes in, aware UTC datetimes out, on SQLite as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database; use an aware UTC time")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING)

# Integer ids that are 64-bit on PostgreSQL and the rowid alias on SQLite.
Id = BigInteger().with_variant(Integer, "sqlite")


def _id() -> Column:
    return Column("id", Id, primary_key=True, autoincrement=True)


def new_secret() -> str:
    """A row's own random secret, bound into every token that names the row: when the row
    goes, its tokens go with it, even if a later row were ever given the same id."""
    return secrets.token_hex(16)


def _secret() -> Column:
    return Column("secret", String(32), nullable=False, default=new_secret)


# Ids a token, a link or a button names are never handed out again: AUTOINCREMENT on SQLite
# (PostgreSQL's sequences never go back). Migration 0004 rebuilt these tables for it.
NEVER_REUSED: dict[str, Any] = {"sqlite_autoincrement": True}


def _created() -> Column:
    return Column("created_at", UtcDateTime(), nullable=False)


app_secrets = Table(
    "app_secrets",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

centres = Table(
    "centres",
    metadata,
    _id(),
    Column("key", String(200), nullable=False, unique=True),  # the source's identity
    Column("name", String(200), nullable=False),
    Column("kind", String(20), nullable=False),  # saeil, jobcentre, mobile, agency
    Column("sido", String(40), nullable=False),
    Column("sigungu", String(40)),
    Column("address", String(300)),
    Column("phone", String(40)),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("is_example", Boolean, nullable=False, server_default=text("false")),
    Column("opens_at", Time),
    Column("closes_at", Time),
    Column("source", String(40), nullable=False),
)

programmes = Table(
    "programmes",
    metadata,
    _id(),
    Column("key", String(200), nullable=False, unique=True),
    Column("centre_id", ForeignKey("centres.id", ondelete="CASCADE"), nullable=False),
    Column("title", String(200), nullable=False),
    Column("summary", Text, nullable=False, server_default=""),
    Column("kind", String(20), nullable=False),  # course, service, consulting
    Column("audience", String(20), nullable=False),  # job_seekers, employed, companies, managers
    Column("target_groups", JSON, nullable=False),  # career_break, middle_aged, youth, immigrant…
    Column("fields", JSON, nullable=False),  # call_centre, cooking, manufacturing…
    Column("hours", Integer),
    Column("duration_text", String(100)),
    Column("cost", String(100)),
    Column("contact", String(100)),
    Column("url", String(300)),
    Column("source", String(40), nullable=False),
)

cohorts = Table(
    "cohorts",
    metadata,
    _id(),
    Column("key", String(200), nullable=False, unique=True),
    Column("programme_id", ForeignKey("programmes.id", ondelete="CASCADE"), nullable=False),
    Column("number", Integer),
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date),
    Column("capacity", Integer),
    Column("seats_left", Integer),
    Column("days", String(20)),  # weekday, weekend
    Column("part_of_day", String(20)),  # morning, afternoon, full_day, evening
    CheckConstraint("seats_left IS NULL OR seats_left >= 0", name="seats_not_negative"),
)

bus_zones = Table(
    "bus_zones",
    metadata,
    _id(),
    Column("code", String(20), nullable=False, unique=True),
    Column("name", String(40), nullable=False),
    Column("districts", JSON, nullable=False),
)

bus_sites = Table(
    "bus_sites",
    metadata,
    _id(),
    Column("key", String(200), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("zone_id", ForeignKey("bus_zones.id", ondelete="CASCADE"), nullable=False),
    Column("district", String(40), nullable=False),
    Column("address", String(300)),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("is_example", Boolean, nullable=False, server_default=text("false")),
)

bus_visits = Table(
    "bus_visits",
    metadata,
    _id(),
    Column("key", String(200), nullable=False, unique=True),
    Column("site_id", ForeignKey("bus_sites.id", ondelete="CASCADE"), nullable=False),
    Column("starts_at", UtcDateTime(), nullable=False),
    Column("ends_at", UtcDateTime(), nullable=False),
    Column("services", JSON, nullable=False),  # job, startup, aptitude, interview
    Column("phone", String(40)),
    Index(None, "starts_at"),
)

closures = Table(
    "closures",
    metadata,
    _id(),
    Column("day", Date, nullable=False),
    Column("centre_id", ForeignKey("centres.id", ondelete="CASCADE")),  # null: every centre
    Column("reason", String(200)),
    UniqueConstraint("day", "centre_id"),
)

slots = Table(
    "slots",
    metadata,
    _id(),
    Column("centre_id", ForeignKey("centres.id", ondelete="CASCADE")),
    Column("visit_id", ForeignKey("bus_visits.id", ondelete="CASCADE")),
    Column("mode", String(10), nullable=False),  # visit, phone, bus
    Column("counsellor", String(100)),
    Column("starts_at", UtcDateTime(), nullable=False),
    Column("ends_at", UtcDateTime(), nullable=False),
    Column("capacity", Integer, nullable=False),
    Column("taken", Integer, nullable=False, server_default=text("0")),
    CheckConstraint("taken >= 0 AND taken <= capacity", name="seats_within_capacity"),
    CheckConstraint("(centre_id IS NULL) <> (visit_id IS NULL)", name="one_place"),
    Index(None, "starts_at"),
)

users = Table(
    "users",
    metadata,
    _id(),
    Column("channel", String(20), nullable=False),
    Column("external_id", String(100), nullable=False),
    Column("language", String(10)),
    Column("consent_at", UtcDateTime()),  # null: no consent to personal data
    Column("notifications", Boolean, nullable=False, server_default=text("true")),
    Column("active", Boolean, nullable=False, server_default=text("true")),
    _created(),
    Column("last_seen_at", UtcDateTime(), nullable=False),
    _secret(),
    UniqueConstraint("channel", "external_id"),
    **NEVER_REUSED,
)

# A chat linked to another chat of the same person (storage/repositories/account_links.py):
# `user_id` (the alias) speaks as `primary_id` and keeps no data of its own. A table of its
# own rather than a column of `users`: SQLite could only add that column's foreign key by
# rebuilding `users`, which with foreign keys on deletes everything that hangs off it.
account_links = Table(
    "account_links",
    metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("primary_id", ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("linked_at", UtcDateTime(), nullable=False),
    CheckConstraint("user_id <> primary_id", name="not_itself"),
    Index(None, "primary_id"),
)

# The one-time code a person's chat shows so that another chat of hers can join it: one per
# user (a new code replaces the old), kept only as an HMAC of its digits. A chat that typed
# it waits (`requested_by`) until the chat that showed it approves.
link_codes = Table(
    "link_codes",
    metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("code_hash", String(64), nullable=False, unique=True),
    Column("expires_at", UtcDateTime(), nullable=False),
    Column("used_at", UtcDateTime()),
    Column("requested_by", ForeignKey("users.id", ondelete="CASCADE")),
    Column("requested_at", UtcDateTime()),
)

# A link that moves a web chat's person to Telegram: random, single-use, short-lived, kept
# only as an HMAC; it dies with the person it names.
move_tokens = Table(
    "move_tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("expires_at", UtcDateTime(), nullable=False),
    Index(None, "user_id"),
)

# Failed tries at typing a link code, counted per user and overall; rows older than the
# counting window are pruned. No foreign key: deleting oneself must not reset the count.
link_attempts = Table(
    "link_attempts",
    metadata,
    _id(),
    Column("user_id", Id, nullable=False),
    Column("at", UtcDateTime(), nullable=False),
    Index(None, "user_id", "at"),
    Index(None, "at"),
)

profiles = Table(
    "profiles",
    metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("sido", String(40)),
    Column("sigungu", String(40)),
    Column("age_band", String(20)),
    Column("situation", String(30)),
    Column("break_length", String(20)),
    Column("interests", JSON, nullable=False),
    Column("availability", JSON, nullable=False),
    Column("constraints", JSON, nullable=False),
    Column("phone", String(40)),
    Column("updated_at", UtcDateTime(), nullable=False),
    Column("phone_notices", Boolean),  # reminders by 알림톡/SMS: yes, no, or never asked
)

subscriptions = Table(
    "subscriptions",
    metadata,
    _id(),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(20), nullable=False),  # region, field, programme, bus_zone, bus_visit
    Column("target", String(100), nullable=False),
    _created(),
    UniqueConstraint("user_id", "kind", "target"),
    **NEVER_REUSED,
)

bookings = Table(
    "bookings",
    metadata,
    _id(),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("slot_id", ForeignKey("slots.id", ondelete="CASCADE"), nullable=False),
    Column("programme_id", ForeignKey("programmes.id", ondelete="SET NULL")),
    Column("state", String(20), nullable=False),  # active, cancelled, moved, attended, no_show
    Column("phone", String(40)),
    _created(),
    Column("updated_at", UtcDateTime(), nullable=False),
    # One active booking per user and slot; enforced by a partial unique index.
    Index(
        "uq_bookings_active_user_slot",
        "user_id",
        "slot_id",
        unique=True,
        sqlite_where=text("state = 'active'"),
        postgresql_where=text("state = 'active'"),
    ),
    _secret(),
    **NEVER_REUSED,
)

waitlist_entries = Table(
    "waitlist_entries",
    metadata,
    _id(),
    Column("slot_id", ForeignKey("slots.id", ondelete="CASCADE"), nullable=False),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("state", String(20), nullable=False),  # waiting, offered, accepted, expired, left
    Column("offered_until", UtcDateTime()),
    _created(),
    UniqueConstraint("slot_id", "user_id"),
    **NEVER_REUSED,
)

broadcasts = Table(
    "broadcasts",
    metadata,
    _id(),
    Column("author", String(100), nullable=False),
    Column("texts", JSON, nullable=False),  # language -> text, Korean always present
    Column("audience", JSON, nullable=False),
    Column("programme_id", ForeignKey("programmes.id", ondelete="SET NULL")),
    Column("visit_id", ForeignKey("bus_visits.id", ondelete="SET NULL")),
    Column("state", String(20), nullable=False),  # draft, sending, done, cancelled
    _created(),
    Column("recipients", Integer, nullable=False, server_default=text("0")),
    Column("finished_at", UtcDateTime()),
    # Where its author watches the progress: a chat identity and the message being edited.
    Column("author_channel", String(20)),
    Column("author_external_id", String(100)),
    Column("progress_message_id", String(40)),
)

outbox = Table(
    "outbox",
    metadata,
    _id(),
    Column("key", String(200), nullable=False, unique=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(20), nullable=False),  # reminder, waitlist, nudge, broadcast
    Column("payload", JSON, nullable=False),
    Column("due_at", UtcDateTime(), nullable=False),
    Column(
        "state", String(20), nullable=False
    ),  # pending, claimed, sent, failed, missed, cancelled; by phone also delivered, unknown
    Column("attempts", Integer, nullable=False, server_default=text("0")),
    Column("claimed_at", UtcDateTime()),
    Column("claimed_by", String(100)),
    Column("sent_at", UtcDateTime()),
    Column("last_error", String(300)),
    Column("broadcast_id", ForeignKey("broadcasts.id", ondelete="CASCADE")),
    Column("via", String(10)),  # "sms": by 알림톡/SMS to her phone instead of her chat
    Column("sent_as", String(10)),  # what the phone provider sent in the end: ATA, SMS, LMS
    Index(None, "state", "due_at"),
    Index(None, "broadcast_id", "state"),
)

# Processes sending from the outbox, so that they share BROADCAST_RATE between them.
dispatch_workers = Table(
    "dispatch_workers",
    metadata,
    Column("worker", String(100), primary_key=True),
    Column("seen_at", UtcDateTime(), nullable=False),
)

programme_views = Table(
    "programme_views",
    metadata,
    Column("programme_id", ForeignKey("programmes.id", ondelete="CASCADE"), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("views", Integer, nullable=False),
)

inbox = Table(
    "inbox",
    metadata,
    Column("key", String(100), primary_key=True),  # e.g. "telegram:123456"
    Column("received_at", UtcDateTime(), nullable=False),
)

conversations = Table(
    "conversations",
    metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("flow", String(40), nullable=False),
    Column("step", String(40), nullable=False),
    Column("data", JSON, nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
)

staff = Table(
    "staff",
    metadata,
    _id(),
    Column("channel", String(20)),
    Column("external_id", String(100)),
    Column("web_login", String(100), unique=True),
    Column("password_hash", String(200)),
    Column("role", String(10), nullable=False),  # staff, admin
    _created(),
    # Bumped at logout, password change and disabling: every older session cookie is void.
    Column("session_version", Integer, nullable=False, server_default=text("0")),
    Column("disabled_at", UtcDateTime()),  # set: can no longer sign in or use the chat commands
    UniqueConstraint("channel", "external_id"),
    **NEVER_REUSED,
)

# The centres a staff identity works for: she sees their bookings and their people only
# (an admin sees every centre; a staff member tied to none sees nobody).
staff_centres = Table(
    "staff_centres",
    metadata,
    Column("staff_id", ForeignKey("staff.id", ondelete="CASCADE"), primary_key=True),
    Column("centre_id", ForeignKey("centres.id", ondelete="CASCADE"), primary_key=True),
)

# Password checks of the admin login, per keyed hash of a login and of an address (never the
# typed text): how many in the current window, and when the next check may run.
login_throttle = Table(
    "login_throttle",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("attempts", Integer, nullable=False),
    Column("last_at", UtcDateTime(), nullable=False),
    Column("next_at", UtcDateTime(), nullable=False),
)

audit_log = Table(
    "audit_log",
    metadata,
    _id(),
    Column("actor", String(100), nullable=False),
    Column("action", String(100), nullable=False),
    Column("detail", JSON, nullable=False),
    Column("at", UtcDateTime(), nullable=False),
)

# Periodic jobs: the last period (slot) each one ran in, so that with several processes each
# runs once a period (`storage/repositories/job_runs.py`).
job_runs = Table(
    "job_runs",
    metadata,
    Column("name", String(40), primary_key=True),
    Column("slot", BigInteger, nullable=False),
    Column("ran_at", UtcDateTime(), nullable=False),
)

# How much of its channel's per-chat rate each chat has left (`storage/repositories/chat_pace.py`):
# a token bucket, `tokens` as of `at` (seconds since the epoch).
chat_pace = Table(
    "chat_pace",
    metadata,
    Column("channel", String(20), primary_key=True),
    Column("external_id", String(100), primary_key=True),
    Column("tokens", Float, nullable=False),
    Column("at", Float, nullable=False),
)

# The test clock's offset, read by every process only when TEST_CLOCK_FROM_DATABASE is on.
clock_offset = Table(
    "clock_offset",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("seconds", Float, nullable=False),
)

# A person's wish to talk to a counsellor (`storage/repositories/handoffs.py`): waiting for a
# counsellor of `centre_id` (None: the shared queue admins see), then held by `staff_id`
# (human), then closed (back to the bot). At most one is open (waiting or human) per person.
# `chat_id` is the chat she last wrote from, where a counsellor's messages go.
HANDOFF_STATES = ("bot", "waiting", "human", "closed")

handoffs = Table(
    "handoffs",
    metadata,
    _id(),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("chat_id", ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("centre_id", ForeignKey("centres.id", ondelete="SET NULL")),
    Column("state", String(10), nullable=False),
    Column("topic", String(200)),
    Column("staff_id", ForeignKey("staff.id", ondelete="SET NULL")),
    Column("requested_at", UtcDateTime(), nullable=False),
    Column("claimed_at", UtcDateTime()),
    Column("first_reply_at", UtcDateTime()),
    Column("closed_at", UtcDateTime()),
    Column("last_activity_at", UtcDateTime(), nullable=False),
    Column("closed_reason", String(20)),
    CheckConstraint("state IN ('bot', 'waiting', 'human', 'closed')", name="known_state"),
    Index(
        "uq_handoffs_open_user",
        "user_id",
        unique=True,
        sqlite_where=text("state IN ('waiting', 'human')"),
        postgresql_where=text("state IN ('waiting', 'human')"),
    ),
    Index(None, "state", "centre_id"),
    Index(None, "chat_id"),
    **NEVER_REUSED,
)

# What was said in a handoff, by her (person), a counsellor (staff), the bot or the system.
# `delivered_at`: a counsellor's message reached her chat (null: shown on her next message).
handoff_messages = Table(
    "handoff_messages",
    metadata,
    _id(),
    Column("handoff_id", ForeignKey("handoffs.id", ondelete="CASCADE"), nullable=False),
    Column("author", String(10), nullable=False),  # person, staff, bot, system
    Column("staff_id", ForeignKey("staff.id", ondelete="SET NULL")),
    Column("text", Text, nullable=False),
    _created(),
    Column("read_by_staff_at", UtcDateTime()),
    Column("delivered_at", UtcDateTime()),
    Index(None, "handoff_id", "id"),
    **NEVER_REUSED,
)

# Every change of a handoff, appended in the change's own transaction; the id is the event id
# of the inbox's and the web chat's live streams (replayed after `Last-Event-ID`). No personal
# data: ids, a kind and a payload of ids and states only. Not tied to `handoffs` by a foreign
# key, so that a deleted handoff's `removed` event stays for the streams to replay.
handoff_events = Table(
    "handoff_events",
    metadata,
    _id(),
    Column("centre_id", Id),
    Column("handoff_id", Id, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("payload", JSON, nullable=False),
    _created(),
    Index(None, "centre_id", "id"),
    Index(None, "created_at"),
    **NEVER_REUSED,
)

# When a counsellor last had the inbox open: she is on duty for her centres for a few minutes.
staff_presence = Table(
    "staff_presence",
    metadata,
    Column("staff_id", ForeignKey("staff.id", ondelete="CASCADE"), primary_key=True),
    Column("last_seen_at", UtcDateTime(), nullable=False),
)

# A centre's participant of a cohort and what became of her (issue 22): keyed by the centre's
# own participant number within the cohort, linked to her chat person when she has one. Personal
# data: deleted with her data and after retention, her counts first added to `outcome_counts`.
participants = Table(
    "participants",
    metadata,
    _id(),
    Column("cohort_id", ForeignKey("cohorts.id", ondelete="CASCADE"), nullable=False),
    Column("number", String(40), nullable=False),  # the centre's own participant number
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE")),
    Column("status", String(20), nullable=False),  # applied, enrolled, completed, dropped, early
    Column("finished_on", Date),  # completed, dropped or left for a job
    Column("age_band", String(20)),
    Column("career_break", Boolean),
    Column("sex", String(1)),  # F, M, or not recorded (the bot never asks)
    Column("job_start", Date),
    Column("employer", String(200)),
    Column("job_kind", String(20)),  # regular (상용), temporary (임시), daily (일용)
    Column("job_hours", Integer),  # a week
    Column("insured", Boolean),  # 고용보험
    Column("evidence", String(20)),  # self, insurance (4대보험), certificate (재직증명서)
    Column("follow_3m", Boolean),  # still employed at 3, 6 and 12 months
    Column("follow_6m", Boolean),
    Column("follow_12m", Boolean),
    Column("self_report_at", UtcDateTime()),  # "취업했어요" typed, waiting for staff
    Column("source", String(20), nullable=False),  # staff, import, published
    _created(),
    Column("updated_at", UtcDateTime(), nullable=False),
    UniqueConstraint("cohort_id", "number"),
    Index(None, "user_id"),
    **NEVER_REUSED,
)

# What deleted participants had counted for their cohort, as anonymous counts: the figures
# already reported survive a deletion (storage/repositories/outcomes.py).
outcome_counts = Table(
    "outcome_counts",
    metadata,
    Column("cohort_id", ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True),
    *(
        Column(name, Integer, nullable=False, server_default=text("0"))
        for name in (
            "participants",
            "completed",
            "dropped",
            "employed",
            "employed_completers",
            "within_3m",
            "within_6m",
            "regular",
            "insured",
            "followed_6m",
            "retained_6m",
        )
    ),
)

# A job seeker's "취업했어요" when no participant record is linked to her yet: staff of her
# centres confirm it against a participant, or set it aside. Deleted with her.
self_reports = Table(
    "self_reports",
    metadata,
    _id(),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), nullable=False, unique=True),
    Column("at", UtcDateTime(), nullable=False),
)

# A short log of a consenting person's conversation with the bot (her typed words, the bot's
# answers' text; never button data or files), shown to the counsellor she asks for. Personal
# data: at most about 30 rows a person, deleted with her data, when she withdraws consent, and
# after 30 days (storage/repositories/chat_log.py).
CHAT_LOG_SPEAKERS = ("her", "bot")

chat_log = Table(
    "chat_log",
    metadata,
    _id(),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("at", UtcDateTime(), nullable=False),
    Column("who", String(3), nullable=False),
    Column("text", Text, nullable=False),
    CheckConstraint("who IN ('her', 'bot')", name="known_speaker"),
    Index(None, "user_id", "id"),
    Index(None, "at"),
)

# Expand, then contract: the oldest code revision that can still serve on this schema, written
# by `ilteo db upgrade` from the migrations' `compatible_with_previous` (`storage/migrate.py`).
# One row; an older process that restarts during an upgrade reads it.
schema_compatibility = Table(
    "schema_compatibility",
    metadata,
    Column("revision", String(32), primary_key=True),
    Column("serves_code_from", String(32), nullable=False),
)
