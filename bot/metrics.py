"""Prometheus metrics of one process, in a registry of its own (nothing global)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest


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

    def render(self) -> bytes:
        return generate_latest(self.registry)
