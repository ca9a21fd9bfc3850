"""Web passwords are argon2id hashes; older scrypt hashes still verify and are marked for an
upgrade, which the next login makes."""

from __future__ import annotations

import base64
import hashlib

from sqlalchemy import select

from bot.passwords import hash_password, needs_rehash, password_matches
from storage.tables import staff
from tests.admin.client import AdminClient
from tests.cli import scalar
from tests.conftest import prepared_database, running_app


def scrypt_hash(password: str) -> str:
    salt = b"0123456789abcdef"
    digest = hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1)
    parts = (
        "scrypt",
        "16384",
        "8",
        "1",
        base64.b64encode(salt).decode(),
        base64.b64encode(digest).decode(),
    )
    return "$".join(parts)


def test_an_argon2_hash_checks_the_password_and_nothing_else():
    stored = hash_password("correct horse battery")
    assert stored.startswith("$argon2id$") and not needs_rehash(stored)
    assert password_matches("correct horse battery", stored)
    assert not password_matches("correct horse batterY", stored)
    assert not password_matches("anything", "not a hash")
    assert hash_password("same") != hash_password("same")  # a salt of its own each time


def test_an_old_scrypt_hash_still_verifies_and_asks_for_an_upgrade():
    old = scrypt_hash("correct horse battery")
    assert password_matches("correct horse battery", old) and needs_rehash(old)
    assert not password_matches("wrong", old)
    assert not password_matches("x", "scrypt$broken")


async def test_signing_in_upgrades_an_old_hash(sqlite_url):
    await prepared_database(sqlite_url, demo=False)
    async with running_app(database_url=sqlite_url) as app:
        from datetime import UTC, datetime

        from storage.uow import UnitOfWork

        async with UnitOfWork(app.database) as uow:
            await uow.staff.grant_web(
                "old.timer", scrypt_hash("old-password-1"), "staff", datetime.now(UTC)
            )
            await uow.commit()
        client = AdminClient(app.url)
        assert (await client.sign_in("old.timer", "old-password-1")).status == 303
        await client.close()
    stored = await scalar(sqlite_url, select(staff.c.password_hash))
    assert stored.startswith("$argon2id$") and password_matches("old-password-1", stored)
