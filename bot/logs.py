"""Structured logs: one JSON object a line on standard error, for our code and the libraries.

Log lines carry ids, counts and timings, never a user's message text or phone number: an
exception is logged by its types and places only, and a string that looks like a phone number
is masked (`bot/log_privacy.py`).
"""

from __future__ import annotations

import logging
import sys

import structlog
from structlog.typing import Processor

from bot.log_privacy import masked_phones, private_exception

SHARED: list[Processor] = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]
# Libraries that log request URLs (a Bot API URL holds the token) stay at WARNING.
QUIET = ("httpx", "httpcore", "telegram", "apscheduler", "aiohttp.access", "asyncio", "alembic")


def configure_logging(level: str = "INFO") -> None:
    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,  # a line below the level costs nothing more
            *SHARED,
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                private_exception,
                masked_phones,
                structlog.processors.JSONRenderer(ensure_ascii=False),
            ],
            foreign_pre_chain=SHARED,
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in QUIET:
        logging.getLogger(name).setLevel(logging.WARNING)
