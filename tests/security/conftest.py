"""Fixtures of the security tests: the running admin web with a signed-in admin (for probing its
routes, as its tests have it), and conversations with the real engine (a clock, the demo
catalogue) as the handler tests have them."""

from __future__ import annotations

from tests.admin.conftest import admin, admin_site, browser, client  # noqa: F401 (fixtures)
from tests.handlers.conftest import clock, database  # noqa: F401 (fixtures)
