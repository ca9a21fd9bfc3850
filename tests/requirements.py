"""Skip-or-fail: a test that needs PostgreSQL or Chromium skips, saying why, when it is missing;
with `ILTEO_REQUIRE_ALL=1` (as CI sets it) a missing one fails the run instead."""

from __future__ import annotations

import os

import pytest


def require_all() -> bool:
    return os.environ.get("ILTEO_REQUIRE_ALL") == "1"


def skip_or_fail(reason: str) -> None:
    """Skip with `reason`, or fail when every test is required to run."""
    if require_all():
        pytest.fail(
            f"{reason} (ILTEO_REQUIRE_ALL=1, so this is a failure, not a skip)", pytrace=False
        )
    pytest.skip(reason)
