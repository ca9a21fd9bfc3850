"""Kakao for tests: real-shaped skill requests, a strict check of skill responses, a KakaoTalk
user who posts to the skill over real HTTP, and a double of the Event API (an aiohttp server).

    body = skill_request("user-1", "안녕하세요")              # the documented SkillPayload
    assert not problems(response)                            # version 2.0 and Kakao's limits
    async with FakeEventApi() as api: ...                    # POST /v2/bots/{bot}/talk

The request shapes are the ones in `kakao_payloads/` (the SkillPayload of Kakao's "응답 타입별
JSON 포맷": intent, userRequest with user.properties, bot, action with clientExtra, contexts).
"""

from __future__ import annotations

import asyncio
import copy
import json
import re
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import aiohttp
import holidays
from aiohttp import web

PAYLOADS = Path(__file__).parent / "kakao_payloads"
BOT_ID = "65d2f0a0a1b2c3d4e5f60000"
REST_API_KEY = "test-rest-api-key"
USER_TYPES = ("botUserKey", "plusfriendUserKey", "appUserId")
DAY_LABEL = re.compile(r"^\d+월 \d+일\(.\)$")  # a day button: "11월 26일(목)"
WEEKDAYS = "월화수목금토일"


def open_day(after: timedelta) -> date:
    """The first weekday `after` from now (in Seoul) that is no Korean public holiday: a day
    the booking conversation offers."""
    day = (datetime.now(UTC) + after).astimezone(ZoneInfo("Asia/Seoul")).date()
    closed = holidays.country_holidays("KR", years=range(day.year, day.year + 2))
    while day.weekday() >= 5 or day in closed:
        day += timedelta(days=1)
    return day


def day_label(day: date) -> str:
    """A day as the booking's buttons show it in Korean: "11월 26일(목)"."""
    return f"{day.month}월 {day.day}일({WEEKDAYS[day.weekday()]})"


def skill_request(
    user_key: str,
    utterance: str = "",
    *,
    extra: dict | None = None,
    lang: str | None = "ko",
    welcome: bool = False,
) -> dict:
    """A skill request as Kakao sends it: a typed or said `utterance`, or a block button's
    `extra` (its data); `welcome` is the welcome block of a newly opened chat."""
    name = "welcome_request.json" if welcome else "skill_request.json"
    body = copy.deepcopy(json.loads((PAYLOADS / name).read_text(encoding="utf-8")))
    request = body["userRequest"]
    request["utterance"], request["lang"] = utterance, lang
    request["user"]["id"] = user_key
    request["user"]["properties"]["botUserKey"] = user_key
    request["user"]["properties"]["bot_user_key"] = user_key
    if extra is not None:
        body["action"]["clientExtra"] = extra
    return body


# --- the skill response format and Kakao's limits ---------------------------------------------

LIMITS = {
    "outputs": 3,
    "quick_replies": 10,
    "carousel": 10,
    "list_items": 5,
    "text": 1000,
    "label": 14,
    "card_buttons": 3,
    "card_title": 50,
    "card_text": 400,
    "list_buttons": 2,
}
BUTTON_ACTIONS = ("webLink", "message", "phone", "block", "share", "operator", "osLink")
CAROUSEL_TYPES = ("basicCard", "textCard", "listCard", "commerceCard", "itemCard")


def problems(body: object) -> list[str]:
    """Everything in `body` that is not a valid skill response (version 2.0) within the limits."""
    found: list[str] = []
    if not isinstance(body, dict) or body.get("version") != "2.0":
        return ["not a version 2.0 skill response"]
    _keys(body, {"version", "template", "context", "data"}, "response", found)
    template = body.get("template")
    if not isinstance(template, dict):
        return [*found, "no template"]
    _keys(template, {"outputs", "quickReplies"}, "template", found)
    outputs = template.get("outputs")
    if not isinstance(outputs, list) or not 1 <= len(outputs) <= LIMITS["outputs"]:
        found.append(f"outputs: 1 to {LIMITS['outputs']}, got {outputs!r:.80}")
        outputs = outputs if isinstance(outputs, list) else []
    for number, output in enumerate(outputs):
        _output(output, f"outputs[{number}]", found)
    quick = template.get("quickReplies", [])
    if not isinstance(quick, list) or len(quick) > LIMITS["quick_replies"]:
        found.append(f"quickReplies: at most {LIMITS['quick_replies']}, got {len(quick)}")
    for number, reply in enumerate(quick if isinstance(quick, list) else []):
        _action(
            reply,
            f"quickReplies[{number}]",
            found,
            ("message", "block"),
            {"label", "action", "messageText", "blockId", "extra"},
        )
    return found


def _keys(value: dict, allowed: set[str], where: str, found: list[str]) -> None:
    if unknown := set(value) - allowed:
        found.append(f"{where}: unknown fields {sorted(unknown)}")


def _output(output: object, where: str, found: list[str]) -> None:
    if not isinstance(output, dict) or len(output) != 1:
        found.append(f"{where}: one component per output")
        return
    ((kind, value),) = output.items()
    checks = {
        "simpleText": _simple_text,
        "textCard": _text_card,
        "listCard": _list_card,
        "carousel": _carousel,
    }
    if kind not in checks or not isinstance(value, dict):
        found.append(f"{where}: {kind} is not a component this bot may send")
        return
    checks[kind](value, f"{where}.{kind}", found)


def _text(value: object, limit: int, where: str, found: list[str], required=True) -> None:
    if value is None and not required:
        return
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        found.append(f"{where}: text of 1 to {limit} characters, got {value!r:.60}")


def _simple_text(value: dict, where: str, found: list[str]) -> None:
    _keys(value, {"text"}, where, found)
    _text(value.get("text"), LIMITS["text"], f"{where}.text", found)


def _text_card(value: dict, where: str, found: list[str]) -> None:
    _keys(value, {"title", "description", "buttons", "buttonLayout"}, where, found)
    if not value.get("title") and not value.get("description"):
        found.append(f"{where}: a title or a description")
    _text(value.get("title"), LIMITS["card_title"], f"{where}.title", found, required=False)
    _text(
        value.get("description"), LIMITS["card_text"], f"{where}.description", found, required=False
    )
    _buttons(value.get("buttons", []), LIMITS["card_buttons"], where, found)


def _list_card(value: dict, where: str, found: list[str], most: int = LIMITS["list_items"]) -> None:
    _keys(value, {"header", "items", "buttons"}, where, found)
    header = value.get("header")
    if not isinstance(header, dict):
        found.append(f"{where}: a header")
    else:
        _text(header.get("title"), LIMITS["card_title"], f"{where}.header.title", found)
    items = value.get("items")
    if not isinstance(items, list) or not 1 <= len(items) <= most:
        found.append(f"{where}.items: 1 to {most}")
        items = []
    for number, item in enumerate(items):
        at = f"{where}.items[{number}]"
        _keys(
            item,
            {
                "title",
                "description",
                "imageUrl",
                "link",
                "action",
                "blockId",
                "messageText",
                "extra",
            },
            at,
            found,
        )
        _text(item.get("title"), LIMITS["card_title"], f"{at}.title", found)
        if "action" in item:
            _press(item, at, found, ("message", "block"))
    _buttons(value.get("buttons", []), LIMITS["list_buttons"], where, found)


def _carousel(value: dict, where: str, found: list[str]) -> None:
    _keys(value, {"type", "items", "header"}, where, found)
    kind, items = value.get("type"), value.get("items")
    if kind not in CAROUSEL_TYPES:
        found.append(f"{where}.type: one of {CAROUSEL_TYPES}")
    if not isinstance(items, list) or not 1 <= len(items) <= LIMITS["carousel"]:
        found.append(f"{where}.items: 1 to {LIMITS['carousel']}")
        items = []
    for number, item in enumerate(items):
        if kind == "textCard":
            _text_card(item, f"{where}.items[{number}]", found)
        elif kind == "listCard":
            _list_card(item, f"{where}.items[{number}]", found, most=4)


def _buttons(buttons: object, most: int, where: str, found: list[str]) -> None:
    if not isinstance(buttons, list) or len(buttons) > most:
        found.append(f"{where}.buttons: at most {most}")
        return
    for number, button in enumerate(buttons):
        _action(
            button,
            f"{where}.buttons[{number}]",
            found,
            BUTTON_ACTIONS,
            {
                "label",
                "action",
                "webLinkUrl",
                "messageText",
                "phoneNumber",
                "blockId",
                "extra",
                "osLink",
            },
        )


def _action(value: object, where: str, found: list[str], actions, allowed: set[str]) -> None:
    if not isinstance(value, dict):
        found.append(f"{where}: an object")
        return
    _keys(value, allowed, where, found)
    _text(value.get("label"), LIMITS["label"], f"{where}.label", found)
    _press(value, where, found, actions)


def _press(value: dict, where: str, found: list[str], actions) -> None:
    action = value.get("action")
    if action not in actions:
        found.append(f"{where}.action: one of {actions}, got {action!r}")
    elif action == "webLink" and not str(value.get("webLinkUrl", "")).startswith("http"):
        found.append(f"{where}: a webLink needs webLinkUrl")
    elif action == "message" and not value.get("messageText"):
        found.append(f"{where}: a message action needs messageText")
    elif action == "block" and not value.get("blockId"):
        found.append(f"{where}: a block action needs blockId")
    if "extra" in value and not isinstance(value["extra"], dict):
        found.append(f"{where}.extra: an object")


# --- reading a response as a person sees it ---------------------------------------------------


def shown_text(body: dict) -> str:
    """Every text of the response, in order."""
    parts: list[str] = []
    for output in body["template"]["outputs"]:
        ((kind, value),) = output.items()
        cards = value["items"] if kind == "carousel" else [value]
        for card in cards:
            parts += [card.get("text", ""), card.get("title", ""), card.get("description", "")]
            parts.append(card.get("header", {}).get("title", ""))
            parts += [f"{i['title']}\n{i.get('description', '')}" for i in card.get("items", [])]
    return "\n".join(part for part in parts if part)


def pressables(body: dict) -> list[dict]:
    """Every quick reply, card button and list item, in order of appearance (quick replies
    last), each with its `label` (a list item's title)."""
    found: list[dict] = []
    for output in body["template"]["outputs"]:
        ((kind, value),) = output.items()
        cards = value["items"] if kind == "carousel" else [value]
        for card in cards:
            found += card.get("buttons", [])
            found += [
                {**item, "label": item["title"]}
                for item in card.get("items", [])
                if "action" in item
            ]
    return found + body["template"].get("quickReplies", [])


def still_working(body: dict) -> bool:
    """The answer to a request that missed the deadline: one text naming its one button."""
    outputs, quick = body["template"]["outputs"], body["template"].get("quickReplies", [])
    if len(outputs) != 1 or "simpleText" not in outputs[0] or len(quick) != 1:
        return False
    return quick[0].get("extra", {}).get("data") == "kakao:wait" or (
        f"“{quick[0]['label']}”" in outputs[0]["simpleText"]["text"]
    )


def links(body: dict) -> list[str]:
    return [b["webLinkUrl"] for b in pressables(body) if b.get("action") == "webLink"]


class KakaoUser:
    """A KakaoTalk user of the skill at `skill_url`, as Kakao relays her: a press of a block
    button sends its `extra` and says its `messageText`; a message button only says it."""

    def __init__(self, session: aiohttp.ClientSession, skill_url: str, user_key: str) -> None:
        self.session, self.skill_url, self.user_key = session, skill_url, user_key
        self.last: dict = {}
        self.seen: list[dict] = []
        self.late = 0  # answers that missed the deadline and were shown on a second tap
        self.patience = 40  # taps on "still working" before giving up; 0: take it as it is

    async def open(self) -> dict:
        return await self.post(skill_request(self.user_key, welcome=True))

    async def say(self, text: str) -> dict:
        return await self.post(skill_request(self.user_key, text))

    async def press(self, label: str) -> dict:
        """Press the button labelled `label` (or starting with it) on the last answer."""
        button = self.find(label)
        extra = button.get("extra") if button["action"] == "block" else None
        return await self.post(skill_request(self.user_key, button["messageText"], extra=extra))

    def find(self, label: str) -> dict:
        buttons = [b for b in pressables(self.last) if b.get("action") != "webLink"]
        for button in buttons:
            if button["label"] == label:
                return button
        for button in buttons:
            if button["label"].startswith(label) or button.get("messageText", "") == label:
                return button
        labels = [b["label"] for b in buttons]
        raise AssertionError(f"no button {label!r} in {labels}: {shown_text(self.last)[:300]}")

    async def post(self, body: dict) -> dict:
        """Post a request; an answer still being worked on is fetched with its button, the way
        a person taps it (a cold server loads its Korean analyser on the first search)."""
        answer = await self._post_once(body)
        for _tap in range(self.patience):
            if not still_working(answer):
                break
            self.late += 1
            await asyncio.sleep(0.25)
            answer = await self._post_once(self._again(answer))
        return answer

    async def _post_once(self, body: dict) -> dict:
        async with self.session.post(self.skill_url, json=body) as response:
            assert response.status == 200, await response.text()
            answer = await response.json()
        assert not problems(answer), (problems(answer), answer)
        self.last = answer
        self.seen.append(answer)
        return answer

    def _again(self, answer: dict) -> dict:
        (button,) = answer["template"]["quickReplies"]
        extra = button.get("extra") if button["action"] == "block" else None
        return skill_request(self.user_key, button["messageText"], extra=extra)

    async def read_all(self, limit: int = 10) -> list[dict]:
        """Press "more" until the answer is whole; every page read."""
        pages = [self.last]
        for _ in range(limit):
            more = [b for b in pressables(self.last) if b["label"].endswith("▶")]
            if not more:
                return pages
            pages.append(await self.press(more[0]["label"]))
        raise AssertionError("more pages than expected")


# --- the Event API double ---------------------------------------------------------------------


class FakeEventApi:
    """`POST /v2/bots/{bot_id}/talk` on 127.0.0.1: checks the key and the documented body
    (event name and data, 1 to 100 users), records `events`, answers a taskId."""

    def __init__(self, bot_id: str = BOT_ID, rest_api_key: str = REST_API_KEY) -> None:
        self.bot_id, self.rest_api_key = bot_id, rest_api_key
        self.events: list[dict] = []
        self.refused: list[str] = []
        self.fail_next: list[int] = []  # HTTP statuses to answer the next requests with
        self._arrived = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.url = ""

    async def __aenter__(self) -> FakeEventApi:
        app = web.Application()
        app.router.add_post("/v2/bots/{bot_id}/talk", self._talk)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.url = f"http://127.0.0.1:{self._runner.addresses[0][1]}"
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        assert self._runner is not None
        await self._runner.cleanup()

    def users_of(self, text_part: str = "") -> list[str]:
        return [
            user["id"]
            for event in self.events
            for user in event["user"]
            if text_part in event["event"]["data"]["text"]
        ]

    async def wait_for_users(self, count: int, within_s: float = 10) -> list[str]:
        async with self._arrived:
            await asyncio.wait_for(
                self._arrived.wait_for(lambda: len(self.users_of()) >= count), within_s
            )
        return self.users_of()

    async def _talk(self, request: web.Request) -> web.Response:
        if request.headers.get("Authorization") != f"KakaoAK {self.rest_api_key}":
            self.refused.append("authorization")
            return web.json_response({"code": -401, "msg": "unauthorized"}, status=401)
        if request.match_info["bot_id"] != self.bot_id:
            self.refused.append("bot")
            return web.json_response({"code": -404, "msg": "no such bot"}, status=404)
        body = await request.json()
        if why := _event_problem(body):
            self.refused.append(why)
            return web.json_response({"code": -400, "msg": why}, status=400)
        if self.fail_next:
            status = self.fail_next.pop(0)
            headers = {"Retry-After": "0.1"} if status == 429 else None
            return web.json_response({"code": -status}, status=status, headers=headers)
        async with self._arrived:
            self.events.append(body)
            self._arrived.notify_all()
        return web.json_response({"taskId": str(uuid.uuid4()), "status": "SUCCESS"})


def _event_problem(body: object) -> str | None:
    if not isinstance(body, dict) or set(body) - {"event", "user", "params"}:
        return "the body holds event, user and params only"
    event, users = body.get("event"), body.get("user")
    if not isinstance(event, dict) or not isinstance(event.get("name"), str):
        return "event.name is required"
    data = event.get("data", {})
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        return "event.data maps names to strings"
    if not isinstance(users, list) or not 1 <= len(users) <= 100:
        return "user: 1 to 100 users"
    for user in users:
        if not isinstance(user, dict) or user.get("type") not in USER_TYPES:
            return f"user.type: one of {USER_TYPES}"
        if not isinstance(user.get("id"), str) or not user["id"]:
            return "user.id is required"
    return None
