"""Prometheus metrics of one process, in a registry of its own (nothing global)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

from storage.uow import UnitOfWork

HANDOFF_WINDOW = timedelta(hours=24)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.updates = Counter(
            "ilteo_updates", "Updates received, by channel", ["channel"], registry=self.registry
        )
        self.replies = Counter(
            "ilteo_replies", "Replies sent, by channel", ["channel"], registry=self.registry
        )
        self.errors = Counter(
            "ilteo_errors", "Updates that failed, by channel", ["channel"], registry=self.registry
        )
        self.latency = Histogram(
            "ilteo_update_seconds",
            "Time to handle one update, by channel",
            ["channel"],
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
            registry=self.registry,
        )
        self.outbox_depth = Gauge(
            "ilteo_outbox_depth", "Messages waiting in the outbox", registry=self.registry
        )
        self.outbox_lag = Gauge(
            "ilteo_outbox_lag_seconds",
            "How long the oldest due message has been waiting",
            registry=self.registry,
        )

        self.phone_messages = Gauge(
            "ilteo_phone_messages",
            "Messages sent by 알림톡/SMS, by what went (ATA, SMS, LMS; ? before its report) and "
            "their state: what they cost the centre",
            ["kind", "state"],
            registry=self.registry,
        )
        self.handoffs = Gauge(
            "ilteo_handoffs",
            "Requests for a counsellor in the last 24 hours, by centre (id; shared: the shared "
            "queue) and what became of them (requested, handled: taken by a counsellor)",
            ["centre", "state"],
            registry=self.registry,
        )
        self.handoff_wait = Gauge(
            "ilteo_handoff_wait_seconds",
            "Mean wait from a request to a counsellor taking it, last 24 hours, by centre",
            ["centre"],
            registry=self.registry,
        )
        self.handoff_first_reply = Gauge(
            "ilteo_handoff_first_reply_seconds",
            "Mean time from a request to the counsellor's first reply, last 24 hours, by centre",
            ["centre"],
            registry=self.registry,
        )
        self.before_scrape: list[Callable[[], Awaitable[None]]] = []

    def count_phone_messages(self, uow_factory: Callable[[], UnitOfWork]) -> None:
        """Count the messages sent by phone (from the database, so every process agrees) on
        each scrape."""

        async def count() -> None:
            async with uow_factory() as uow:
                counts = await uow.phone_notices.sent_by_kind()
            for (kind, state), value in counts.items():
                self.phone_messages.labels(kind, state).set(value)

        self.before_scrape.append(count)

    def count_handoffs(
        self, uow_factory: Callable[[], UnitOfWork], clock: Callable[[], datetime]
    ) -> None:
        """The last day's requests for a counsellor per centre, from the database (every
        process agrees), on each scrape."""

        async def count() -> None:
            now = clock()
            async with uow_factory() as uow:
                figures = await uow.handoffs.figures(now - HANDOFF_WINDOW, now)
            for figure in figures:
                centre = "shared" if figure.centre_id is None else str(figure.centre_id)
                self.handoffs.labels(centre, "requested").set(figure.requested)
                self.handoffs.labels(centre, "handled").set(figure.handled)
                for gauge, values in (
                    (self.handoff_wait, figure.waits),
                    (self.handoff_first_reply, figure.first_replies),
                ):
                    mean = figure.mean(values)
                    if mean is not None:
                        gauge.labels(centre).set(mean)

        self.before_scrape.append(count)

    def render(self) -> bytes:
        return generate_latest(self.registry)
