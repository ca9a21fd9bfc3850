"""Every button action of every flow round-trips through its data and fits Telegram's 64 bytes,
and data that is no action (mistyped, forged, too long) decodes to None instead of raising.

The actions modules are found, not listed: every module under `handlers.flows` named
`actions` or inside an `actions` package, each with `EXAMPLES` (one of every action) and
`decode`. A new flow's actions are covered the day they exist.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import subprocess
from pathlib import Path

import pytest

import handlers.flows

ROOT = Path(__file__).resolve().parents[2]
MALFORMED = (
    None,
    "",
    ":",
    "x" * 65,
    "menu:",
    "menu:nowhere",
    "lang:",
    "lang:ko\nen",
    "consent:maybe",
    "me:unlink:abc",
    "me:unlink:" + "9" * 19,
    "prog:-1",
    "prog:²",
    "progs:1.5",
    "sub:q:1",
    "sub:p:",
    "unsub:x",
    "st:x:1",
    "mv:perhaps",
    "in:a:",
    "in:p:x",
    "in:e:",
    "in:ok:1",
    "bc:lk:q-1",
    "bc:lk:p-x",
    "bc:stop:",
    "bc:send:now",
    "bk:t:x",
    "bk:zz:1",
)


def actions_modules() -> list:
    found = []
    for info in pkgutil.walk_packages(handlers.flows.__path__, handlers.flows.__name__ + "."):
        parts = info.name.split(".")
        if "actions" in parts and not info.ispkg:
            found.append(importlib.import_module(info.name))
    return found


MODULES = actions_modules()


def test_every_flow_with_buttons_has_its_actions_found():
    names = {module.__name__ for module in MODULES}
    assert {
        "handlers.flows.actions.menu",
        "handlers.flows.actions.onboarding",
        "handlers.flows.actions.my_data",
        "handlers.flows.actions.courses",
        "handlers.flows.actions.subscriptions",
        "handlers.flows.actions.staff",
        "handlers.flows.actions.other_chats",
        "handlers.flows.intake.actions",
        "handlers.flows.broadcast.actions",
    } <= names


@pytest.mark.parametrize("module", MODULES, ids=lambda module: module.__name__)
def test_every_action_round_trips_within_64_bytes(module):
    assert module.EXAMPLES, f"{module.__name__} has no EXAMPLES"
    kinds = set()
    for action in module.EXAMPLES:
        data = action.encode()
        assert module.decode(data) == action, data
        assert len(data.encode()) <= 64, data
        kinds.add(type(action))
    decoders = getattr(module, "KINDS", None)
    if decoders:  # an example of every kind the module reads
        assert set(decoders) <= kinds


@pytest.mark.parametrize("module", MODULES, ids=lambda module: module.__name__)
def test_data_that_is_no_action_decodes_to_none(module):
    for data in MALFORMED:
        assert module.decode(data) is None, data


def test_no_namespace_reads_another_flows_data():
    """One datum, one action: no two modules decode the same data."""
    for module in MODULES:
        for action in module.EXAMPLES:
            readers = [other for other in MODULES if other.decode(action.encode()) is not None]
            assert readers == [module], action.encode()


# Button data written by hand: `"in:ok"`, `f"prog:{id}"`, `"menu:home"` … where a button is made.
HAND_WRITTEN = re.compile(
    r"""f?["'](?:menu|lang|consent|me|me-lang|progs?|rec|sub|unsub|st|mv|lk|in|bc|bk|sys):"""
)


# Lines allowed to write button data, each with its reason.
ALLOWED = {
    'RESUME = "sys:resume"': "the channels' own datum (a reload of the web chat), not a flow's",
    # booking's BusVisit action (i15a, handlers/flows/booking/actions.py) replaces these three
    'f"bk:v:{broadcast.visit_id}"': "booking's button, until booking.actions.BusVisit lands",
    'f"bk:v:{visit.id}"': "booking's button, until booking.actions.BusVisit lands",
    'f"bk:v:{payload[1:]}"': "booking's button, until booking.actions.BusVisit lands",
}


def test_no_button_data_is_written_outside_actions_modules():
    listed = subprocess.run(
        ["git", "ls-files", "handlers/*.py"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    # booking's are its own (handlers/flows/booking/actions.py); button_data is their base
    allowed = ("actions", "booking", "button_data")
    written = []
    for name in listed:
        if any(part in Path(name).parts or Path(name).stem == part for part in allowed):
            continue
        for number, line in enumerate((ROOT / name).read_text().splitlines(), 1):
            if any(allowed_line in line for allowed_line in ALLOWED):
                continue
            if HAND_WRITTEN.search(line) and not line.lstrip().startswith(("#", '"""')):
                written.append(f"{name}:{number}: {line.strip()}")
    assert written == [], "\n".join(written)
