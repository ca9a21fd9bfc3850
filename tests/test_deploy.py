"""deploy/: the systemd unit passes `systemd-analyze verify`, ilteo reads the settings example,
and `deploy/try-local` (PostgreSQL, two processes, Debian's nginx) serves the Telegram double,
KakaoTalk and the web chat through nginx while each process is restarted in turn: every
person gets every answer, in order, and nobody sees an error."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest

from bot.config import load_settings
from tests.conftest import free_port, postgres_problem
from tests.fakes.bot_api import FakeBotApi
from tests.fakes.kakao import KakaoUser, shown_text
from tests.requirements import skip_or_fail
from tests.test_outbox_processes import eventually
from tests.test_several_processes import AFTER_INTERESTS, BOTH, TO_INTERESTS, said

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"
ILTEO = Path(sys.executable).parent / "ilteo"
WORDS = (*TO_INTERESTS, *BOTH, *AFTER_INTERESTS)  # Telegram's: "/start", then typed words
SKILL_SECRET = "kakao-skill-secret-for-try-local"


def unit_problems(unit_text: str, tmp_path: Path) -> list[str]:
    """What `systemd-analyze verify` says about an instance of the template `unit_text`, its
    ExecStart pointed at this environment's ilteo (the unit's path is the installed one's)."""
    unit = tmp_path / "ilteo@.service"
    unit.write_text(unit_text.replace("/opt/ilteo/venv/bin/ilteo", str(ILTEO)))
    result = subprocess.run(
        ["systemd-analyze", "verify", str(tmp_path / "ilteo@8081.service")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    said_lines = (result.stdout + result.stderr).splitlines()
    return [line for line in said_lines if "ilteo@" in line] + (
        [f"exit {result.returncode}"] if result.returncode else []
    )


def test_the_systemd_unit_passes_systemd_analyze_verify(tmp_path):
    if shutil.which("systemd-analyze") is None:
        skip_or_fail("systemd-analyze is not installed (apt-get install systemd)")
    unit_text = (DEPLOY / "systemd" / "ilteo@.service").read_text()
    assert unit_problems(unit_text, tmp_path) == []
    for line in ("Restart=always", "EnvironmentFile=/etc/ilteo/ilteo.env", "Environment=PORT=%i"):
        assert line in unit_text.splitlines()
    broken = unit_text.replace("Restart=always", "Restart=sometimes")
    assert any("restart" in problem.lower() for problem in unit_problems(broken, tmp_path))


def test_ilteo_reads_the_settings_example_once_the_secrets_are_filled_in(monkeypatch, tmp_path):
    example = (DEPLOY / "ilteo.env.example").read_text()
    pairs = re.findall(r"^([A-Z_]+)=(.*)$", example, flags=re.MULTILINE)
    assert {"DATABASE_URL", "SECRET_KEY", "PUBLIC_URL", "TRUSTED_PROXIES"} <= dict(pairs).keys()
    monkeypatch.chdir(tmp_path)
    for name, value in pairs:
        monkeypatch.setenv(name, value.replace("CHANGE-ME", "x" * 48))
    settings = load_settings()
    assert settings.public_url == "https://ilteo.example.go.kr"
    assert settings.trusted_proxies == ["127.0.0.1"]


class TryLocal:
    """deploy/try-local running in a directory of the test's; its processes restartable."""

    def __init__(self, work: Path, listen: int, ports: list[int]) -> None:
        self.work, self.listen, self.ports = work, listen, ports
        self.url = f"http://127.0.0.1:{listen}"
        self.process: asyncio.subprocess.Process | None = None

    async def start(self, env: dict) -> None:
        with (self.work / "try-local.log").open("ab") as out:
            self.process = await asyncio.create_subprocess_exec(
                str(DEPLOY / "try-local"), env=env, stdout=out, stderr=out
            )
        for _ in range(600):
            if (self.work / "ready").exists():
                return
            if self.process.returncode is not None:
                break
            await asyncio.sleep(0.5)
        raise AssertionError((self.work / "try-local.log").read_text()[-3000:])

    def pid(self, port: int) -> int:
        return int((self.work / f"ilteo-{port}.pid").read_text())

    async def restart(self, port: int) -> None:
        """SIGTERM to one process (as `systemctl restart` sends); its supervisor starts it
        again; wait for its /healthz, then for nginx to count it in again (fail_timeout)."""
        old = self.pid(port)
        os.kill(old, signal.SIGTERM)
        await eventually(lambda: self._back(port, old), f"{port} came back", seconds=120)
        await asyncio.sleep(3)

    async def _back(self, port: int, old: int) -> bool:
        """A new process on `port` answers /healthz."""
        if self.pid(port) == old:
            return False
        async with aiohttp.ClientSession() as session:
            with contextlib.suppress(aiohttp.ClientConnectionError):
                async with session.get(f"http://127.0.0.1:{port}/healthz") as response:
                    return response.status == 200
        return False

    async def stop(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.terminate()
            await self.process.wait()


async def telegram_person(fake: FakeBotApi, chat: int) -> list[str]:
    for word in WORDS:
        assert await fake.post_webhook(fake.message_update(chat, word)) == 200
    return said(fake, chat)


async def kakao_person(session: aiohttp.ClientSession, url: str, key: str) -> list[str]:
    person = KakaoUser(session, f"{url}/kakao/skill/{SKILL_SECRET}", key)
    shown = [shown_text(await person.open())]
    # Up to the interests: a process that did not show her the page reads a label she taps as
    # typed text (bot/channels/kakao/memory.py), and on a several-choice question typing one
    # answers it while tapping one ticks it; which process answers is nginx's choice.
    for word in TO_INTERESTS[1:]:
        shown.append(shown_text(await person.say(word)))
    return shown


async def web_person(url: str, address: str) -> list[str]:
    """Her browser, at her own address (nginx passes it on; TRUSTED_PROXIES believes nginx)."""
    jar, headers, shown = aiohttp.CookieJar(unsafe=True), {"X-Forwarded-For": address}, []
    async with aiohttp.ClientSession(base_url=url, cookie_jar=jar, headers=headers) as session:
        for body in ({"data": "sys:resume"}, *({"text": word} for word in WORDS[1:])):
            async with session.post("/api/chat", json=body) as response:
                assert response.status == 200, await response.text()
                shown.append([m["text"] for m in (await response.json())["messages"]])
    return shown


@pytest.fixture
async def deployment(tmp_path):
    if shutil.which("nginx", path="/usr/sbin:/usr/bin") is None:
        skip_or_fail("Debian's nginx is not installed (apt-get install nginx)")
    if problem := await postgres_problem():
        skip_or_fail(problem)
    ports = [free_port(), free_port()]
    deployed = TryLocal(tmp_path, free_port(), ports)
    async with FakeBotApi() as fake:
        env = {
            **os.environ,
            "TRY_LOCAL_DIR": str(tmp_path),
            "TRY_LOCAL_PORT": str(deployed.listen),
            "TRY_LOCAL_PORTS": " ".join(map(str, ports)),
            "ILTEO": str(ILTEO),
            "TELEGRAM_BOT_TOKEN": fake.token,
            "TELEGRAM_API_URL": fake.api_url,
            "TELEGRAM_WEBHOOK_URL": f"{deployed.url}/telegram/webhook",
            "KAKAO_SKILL_SECRET": SKILL_SECRET,
            "PERSON_WAIT": "10s",
        }
        try:
            await deployed.start(env)
            yield deployed, fake
        finally:
            await deployed.stop()


async def test_a_rolling_restart_through_nginx_loses_nothing_and_shows_no_error(deployment):
    deployed, fake = deployment
    async with aiohttp.ClientSession() as session:
        expected_telegram = await telegram_person(fake, 9100000)
        expected_kakao = await kakao_person(session, deployed.url, "kakao-reference")
        expected_web = await web_person(deployed.url, "10.20.0.1")
        assert len(expected_telegram) >= len(WORDS)
        restarting = asyncio.create_task(restart_each(deployed))
        rounds = 0
        while not restarting.done() or rounds == 0:
            base = 9200000 + 100 * rounds
            results = await asyncio.gather(
                *(telegram_person(fake, base + n) for n in range(4)),
                *(kakao_person(session, deployed.url, f"kakao-{rounds}-{n}") for n in range(2)),
                *(web_person(deployed.url, f"10.20.{rounds + 1}.{n}") for n in range(2)),
            )
            expected = [expected_telegram] * 4 + [expected_kakao] * 2 + [expected_web] * 2
            for n, (replies, wanted) in enumerate(zip(results, expected, strict=True)):
                assert replies == wanted, (rounds, n, first_difference(replies, wanted))
            rounds += 1
        await restarting
    assert fake.dropped_answers == []
    served = [(deployed.work / f"ilteo-{port}.log").read_text() for port in deployed.ports]
    assert all(log.count('"event": "started"') == 2 for log in served)  # each restarted once


def first_difference(got: list, wanted: list) -> tuple:
    for n, (one, other) in enumerate(zip(got, wanted, strict=False)):
        if one != other:
            return n, one, other
    return len(wanted), got[len(wanted) :], wanted[len(got) :]


async def restart_each(deployed: TryLocal) -> None:
    await asyncio.sleep(1)  # people are chatting
    for port in deployed.ports:
        await deployed.restart(port)
