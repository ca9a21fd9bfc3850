"""`ilteo staff add`: a chat identity or a web login gets a role kept in the database; a web
password is read from standard input and only its argon2 hash is stored."""

from __future__ import annotations

import io

from sqlalchemy import select

from bot.passwords import password_matches
from storage.tables import staff
from tests.cli import all_rows


async def test_a_chat_identity_gets_a_role(with_demo):
    code, out, _err = await with_demo("staff", "add", "--channel", "telegram", "--id", "4242")
    assert code == 0 and "telegram id 4242 has the role staff" in out
    code, _out, _err = await with_demo(
        "staff", "add", "--channel", "telegram", "--id", "4242", "--role", "admin"
    )
    rows = await all_rows(with_demo.url, select(staff.c.channel, staff.c.external_id, staff.c.role))
    assert rows == [("telegram", "4242", "admin")]


async def test_a_web_login_stores_only_a_hash_of_the_password(with_demo, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("correct horse battery\n"))
    code, out, _err = await with_demo("staff", "add", "--web", "counsellor", "--role", "staff")
    assert code == 0
    [(login, stored)] = await all_rows(
        with_demo.url, select(staff.c.web_login, staff.c.password_hash)
    )
    assert login == "counsellor" and "correct horse" not in stored
    assert stored.startswith("$argon2id$")
    assert password_matches("correct horse battery", stored)
    assert not password_matches("correct horse batterY", stored)


async def test_a_short_password_or_a_missing_id_changes_nothing(with_demo, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    code, _out, err = await with_demo("staff", "add", "--web", "counsellor")
    assert code == 1 and "at least" in err
    code, _out, err = await with_demo("staff", "add", "--channel", "kakao")
    assert code == 1 and "--id" in err
    assert await all_rows(with_demo.url, select(staff.c.id)) == []
