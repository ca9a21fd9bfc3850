"""Running `ilteo …` commands in tests: the command line's `main` against a fresh database,
its exit code and output, and small readers of what it left in the database."""

from __future__ import annotations

import asyncio
import logging

import pytest

from bot.cli import main
from storage.database import create_engine
from tests.conftest import prepared_database


@pytest.fixture
async def ilteo(database_url, monkeypatch, tmp_path, capsys):
    """Runs `ilteo ARGS…` against a fresh database; returns (exit code, stdout, stderr)."""
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.chdir(tmp_path)  # no stray .env
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level

    async def run(*argv: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = await asyncio.to_thread(main, list(argv))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    run.url = database_url
    yield run
    root.handlers[:], root.level = handlers, level


@pytest.fixture
async def with_demo(ilteo):
    await prepared_database(ilteo.url)  # the catalogue only: no slots yet
    return ilteo


async def scalar(url: str, query):
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return (await connection.execute(query)).scalar_one()
    finally:
        await engine.dispose()


async def all_rows(url: str, query) -> list:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return list((await connection.execute(query)).all())
    finally:
        await engine.dispose()
