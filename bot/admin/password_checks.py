"""Where the admin web runs argon2: two threads of its own, so a flood of logins neither
stalls the bot's other work in the default executor nor queues up. A check that finds both
threads busy is not queued; the login answers 429 instead."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager

from bot.passwords import hash_password, password_matches

AT_ONCE = 2


class PasswordChecks:
    def __init__(self, at_once: int = AT_ONCE) -> None:
        self._executor = ThreadPoolExecutor(max_workers=at_once, thread_name_prefix="password")
        self._turns = asyncio.Semaphore(at_once)

    @asynccontextmanager
    async def turn(self) -> AsyncIterator[bool]:
        """Yields True with a thread kept for this check, or False when all are busy."""
        if self._turns.locked():
            yield False
            return
        async with self._turns:  # free: taken without waiting
            yield True

    async def matches(self, password: str, stored: str) -> bool:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, password_matches, password, stored)

    async def hash(self, password: str) -> str:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, hash_password, password)

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
