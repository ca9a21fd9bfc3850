"""The admin pages, one module per subject; each class lists its own routes."""

from __future__ import annotations

from aiohttp import web

from bot.admin.contract import Admin
from bot.admin.inbox import InboxPages
from bot.admin.login import LoginPages
from bot.admin.pages.audit import AuditPage
from bot.admin.pages.bookings import BookingPages
from bot.admin.pages.broadcasts import BroadcastPages
from bot.admin.pages.bus import BusPages
from bot.admin.pages.centres import CentrePages
from bot.admin.pages.closures import ClosurePages
from bot.admin.pages.dashboard import DashboardPage
from bot.admin.pages.imports import ImportPages
from bot.admin.pages.outcomes import OutcomePages
from bot.admin.pages.outcomes_cohort import OutcomeCohortPages
from bot.admin.pages.outcomes_participant import OutcomeParticipantPages
from bot.admin.pages.programmes import ProgrammePages
from bot.admin.pages.slots import SlotPages
from bot.admin.pages.staff import StaffPages

PAGES = (
    LoginPages,
    DashboardPage,
    BookingPages,
    OutcomePages,
    OutcomeCohortPages,
    OutcomeParticipantPages,
    SlotPages,
    ClosurePages,
    CentrePages,
    ProgrammePages,
    BusPages,
    BroadcastPages,
    ImportPages,
    StaffPages,
    AuditPage,
    InboxPages,
)


def all_routes(admin: Admin) -> list[web.RouteDef]:
    return [route for page in PAGES for route in page(admin).routes()]
