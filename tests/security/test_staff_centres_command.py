"""`ilteo staff add … --centre ID [--centre ID …]` ties a staff identity to centres (an unknown
centre changes nothing), and the chat identity then sees those centres' people only."""

from __future__ import annotations

from sqlalchemy import select

from storage.tables import centres, staff, staff_centres
from tests.cli import all_rows


async def test_staff_are_tied_to_the_centres_given_and_an_unknown_one_changes_nothing(with_demo):
    ids = [
        row[0] for row in await all_rows(with_demo.url, select(centres.c.id).order_by(centres.c.id))
    ]
    code, _out, err = await with_demo(
        "staff",
        "add",
        "--channel",
        "telegram",
        "--id",
        "4242",
        "--centre",
        str(ids[0]),
        "--centre",
        "999999",
    )
    assert code == 1 and "No centre with the id 999999" in err
    assert await all_rows(with_demo.url, select(staff.c.id)) == []
    code, out, _err = await with_demo(
        "staff",
        "add",
        "--channel",
        "telegram",
        "--id",
        "4242",
        "--centre",
        str(ids[0]),
        "--centre",
        str(ids[1]),
    )
    assert code == 0 and f"centres {ids[0]}, {ids[1]}" in out
    tied = await all_rows(
        with_demo.url, select(staff_centres.c.centre_id).order_by(staff_centres.c.centre_id)
    )
    assert [row[0] for row in tied] == ids[:2]
    code, _out, _err = await with_demo(
        "staff", "add", "--channel", "telegram", "--id", "4242", "--role", "admin"
    )
    assert code == 0  # no --centre: the centres it has are kept
    assert len(await all_rows(with_demo.url, select(staff_centres.c.centre_id))) == 2
