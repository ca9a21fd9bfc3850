"""A strict double of SOLAPI's REST API (an aiohttp server), like the fake Bot API.

    async with FakeSolapi() as solapi:          # settings: solapi.environment()
        solapi.refuse_alimtalk = True           # 알림톡 fails: SOLAPI sends the text as SMS/LMS
        solapi.report_to(url)                   # post delivery reports back, as SOLAPI's webhook
        solapi.hold_next(3)                     # take the next 3, never answer (a crash mid-send)
        solapi.sent                             # every message taken, duplicates and all

It checks what the real API checks and a little more: the HMAC-SHA256 signature (`apiKey`,
`date` within 15 minutes, a `salt` never used before, `signature` = HMAC of date + salt with the
secret), the body of `POST /messages/v4/send-many/detail` (only known fields; the registered
sender; a Korean mobile number; an 알림톡 with the registered `pfId`, an approved template, its
variables exactly and its text exactly the template filled in), and answers like SOLAPI,
including `GET /messages/v4/list?criteria=customFields.outboxKey&cond=eq&value=…`. It never
drops a duplicate itself, so a test sees every message sent twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import re
import time
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta

import aiohttp
from aiohttp import web

from handlers.phone.templates import REMINDER, fill, variables_in

API_KEY = "NCSFAKEAPIKEY0001"
API_SECRET = "fake-solapi-secret-0123456789abcdef"
SENDER = "0215889142"
PF_ID = "KA01PF2026120600000000000000001"
TEMPLATES = {f"KA01TP-{language}": text for language, text in REMINDER.items()}
TEMPLATE_IDS = {language: f"KA01TP-{language}" for language in REMINDER}
MOBILE = re.compile(r"^01[016789]\d{7,8}$")
REQUEST_FIELDS = {
    "messages",
    "allowDuplicates",
    "showMessageList",
    "scheduledDate",
    "agent",
    "appId",
}
MESSAGE_FIELDS = {
    "to",
    "from",
    "text",
    "type",
    "autoTypeDetect",
    "subject",
    "customFields",
    "kakaoOptions",
    "country",
}
KAKAO_FIELDS = {"pfId", "templateId", "variables", "disableSms", "buttons", "imageId"}
SKEW = timedelta(minutes=15)


class Refused(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code = status, code


def check_signature(header: str, used_salts: set[str], now: datetime) -> None:
    scheme, _sep, rest = header.partition(" ")
    if scheme != "HMAC-SHA256":
        raise Refused(401, "InvalidAuthorizationScheme", "HMAC-SHA256 only")
    fields = {}
    for part in rest.split(","):
        name, sep, value = part.strip().partition("=")
        if sep:
            fields[name.lower()] = value
    if fields.get("apikey") != API_KEY:
        raise Refused(403, "InvalidAPIKey", "unknown apiKey")
    try:
        date = datetime.fromisoformat(fields.get("date", "").replace("Z", "+00:00"))
    except ValueError:
        raise Refused(401, "InvalidDate", "date is not ISO 8601") from None
    if date.tzinfo is None or abs(now - date) > SKEW:
        raise Refused(401, "RequestTimeTooSkewed", "date too far from now")
    salt = fields.get("salt", "")
    if not 12 <= len(salt) <= 64 or salt in used_salts:
        raise Refused(401, "DuplicatedSignature", "salt missing or used before")
    expected = hmac.new(
        API_SECRET.encode(), (fields["date"] + salt).encode(), hashlib.sha256
    ).hexdigest()
    if not hmac.compare_digest(fields.get("signature", ""), expected):
        raise Refused(403, "SignatureDoesNotMatch", "signature does not match")
    used_salts.add(salt)


def check_message(message: object) -> str | None:
    """What is wrong with one message, or None."""
    if not isinstance(message, dict) or set(message) - MESSAGE_FIELDS:
        return f"unknown fields {sorted(set(message) - MESSAGE_FIELDS)}"
    if not MOBILE.match(str(message.get("to", ""))):
        return "to is not a Korean mobile number"
    if message.get("from") != SENDER:
        return "from is not the registered sender"
    custom = message.get("customFields")
    if custom is not None and not (
        isinstance(custom, dict) and all(isinstance(v, str) for v in custom.values())
    ):
        return "customFields must map names to strings"
    if message.get("type") == "ATA":
        return check_alimtalk(message)
    if not isinstance(message.get("text"), str) or not message["text"]:
        return "text is empty"
    return (
        None
        if message.get("autoTypeDetect") or message.get("type") in ("SMS", "LMS")
        else ("no type")
    )


def check_alimtalk(message: dict) -> str | None:
    options = message.get("kakaoOptions")
    if not isinstance(options, dict) or set(options) - KAKAO_FIELDS:
        return "kakaoOptions missing or with unknown fields"
    if options.get("pfId") != PF_ID:
        return "pfId is not the registered channel"
    template = TEMPLATES.get(options.get("templateId"))
    if template is None:
        return "templateId is not an approved template"
    variables = options.get("variables")
    if not isinstance(variables, dict) or set(variables) != variables_in(template):
        return "variables do not match the template"
    if not all(isinstance(v, str) and v for v in variables.values()):
        return "a variable is empty"
    if message.get("text") != fill(template, variables):
        return "text is not the template filled in"
    return None


def fallback_type(text: str) -> str:
    return "SMS" if len(text.encode("cp949", errors="replace")) <= 90 else "LMS"


class FakeSolapi:
    def __init__(self) -> None:
        self.sent: list[dict] = []  # every message taken, in order
        self.requests: list[str] = []  # "send" / "list" per request that passed the signature
        self.refused: list[str] = []  # why requests were refused
        self.refuse_alimtalk = False
        self.lookups_fail = False
        self.fail_sends = 0  # the next sends answer 500 and take nothing
        self.report_delay_s = 0.05
        self.hold_rest = False  # once the holds run out, take nothing and never answer
        self._report_url: str | None = None
        self._holds: list[bool] = []  # per next send: True = taken first, False = not taken
        self._salts: set[str] = set()
        self._runner: web.AppRunner | None = None
        self._tasks: set[asyncio.Task] = set()
        self._release = asyncio.Event()
        self.url = ""

    async def __aenter__(self) -> FakeSolapi:
        app = web.Application()
        app.router.add_post("/messages/v4/send-many/detail", self._send)
        app.router.add_get("/messages/v4/list", self._list)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        self._release.set()
        for task in list(self._tasks):
            task.cancel()
        if self._runner is not None:
            await self._runner.cleanup()

    def environment(self, templates: dict[str, str] | None = None) -> dict[str, str]:
        """The settings that point ilteo at this fake."""
        chosen = TEMPLATE_IDS if templates is None else templates
        return {
            "SMS_PROVIDER": "solapi",
            "SOLAPI_API_KEY": API_KEY,
            "SOLAPI_API_SECRET": API_SECRET,
            "SOLAPI_API_URL": self.url,
            "SMS_SENDER": "02-1588-9142",
            "KAKAO_PF_ID": PF_ID,
            "ALIMTALK_TEMPLATES": ",".join(f"{k}:{v}" for k, v in chosen.items()),
        }

    def report_to(self, url: str | None) -> None:
        self._report_url = url

    def hold_next(self, count: int, taken: bool = True, after: int = 0) -> None:
        """After `after` answered sends, the next `count` are never answered; `taken`: the
        message is taken first (it will reach the phone), else not."""
        self._holds += [None] * after + [taken] * count

    def count_by_id(self) -> Counter:
        return Counter(m["customFields"].get("outboxKey") for m in self.sent)

    def to(self, number: str) -> list[dict]:
        return [m for m in self.sent if m["to"] == number]

    # --- the API ---------------------------------------------------------------------------

    def _authorised(self, request: web.Request) -> web.Response | None:
        try:
            check_signature(
                request.headers.get("Authorization", ""), self._salts, datetime.now(UTC)
            )
        except Refused as error:
            self.refused.append(error.code)
            return web.json_response(
                {"errorCode": error.code, "errorMessage": str(error)}, status=error.status
            )
        return None

    async def _send(self, request: web.Request) -> web.Response:
        if refusal := self._authorised(request):
            return refusal
        body = await request.json()
        problem = self._body_problem(body)
        if problem:
            self.refused.append(problem)
            return web.json_response(
                {"errorCode": "ValidationError", "errorMessage": problem}, status=400
            )
        self.requests.append("send")
        if self.fail_sends > 0:
            self.fail_sends -= 1
            return web.json_response({"errorCode": "InternalError"}, status=500)
        hold = self._holds.pop(0) if self._holds else (False if self.hold_rest else None)
        if hold is False:
            await self._release.wait()
        taken = [self._take(message) for message in body["messages"]]
        if hold:
            await self._release.wait()
        group = {
            "groupId": "G4V" + uuid.uuid4().hex[:20].upper(),
            "count": {"total": len(taken), "registeredSuccess": len(taken), "registeredFailed": 0},
        }
        listed = [
            {
                "messageId": m["messageId"],
                "statusCode": "2000",
                "statusMessage": "정상 접수",
                "customFields": m["customFields"],
            }
            for m in taken
        ]
        return web.json_response(
            {"groupInfo": group, "failedMessageList": [], "messageList": listed}
        )

    def _body_problem(self, body: object) -> str | None:
        if not isinstance(body, dict) or set(body) - REQUEST_FIELDS:
            return "unknown request fields"
        messages = body.get("messages")
        if not isinstance(messages, list) or not 1 <= len(messages) <= 10_000:
            return "messages must be a list of 1 to 10000"
        for message in messages:
            if problem := check_message(message):
                return problem
        return None

    def _take(self, message: dict) -> dict:
        kind = message.get("type") or fallback_type(message["text"])
        status, final = "4000", kind
        if kind == "ATA" and self.refuse_alimtalk:
            disabled = message["kakaoOptions"].get("disableSms")
            fallback = fallback_type(message["text"])
            status, final = ("3104", "ATA") if disabled else ("4000", fallback)
        taken = {
            **message,
            "customFields": dict(message.get("customFields") or {}),
            "messageId": "M4V" + uuid.uuid4().hex[:20].upper(),
            "type": final,
            "requestedType": kind,
            "statusCode": status,
            "receivedAt": time.time(),
        }
        self.sent.append(taken)
        if self._report_url:
            task = asyncio.create_task(self._report(taken))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        return taken

    async def _report(self, message: dict) -> None:
        await asyncio.sleep(self.report_delay_s)
        data = {
            k: message[k] for k in ("messageId", "type", "to", "from", "statusCode", "customFields")
        }
        data["dateReported"] = datetime.now(UTC).isoformat()
        body = [{"eventDataId": uuid.uuid4().hex, "data": data, "retryCount": 0}]
        with contextlib.suppress(aiohttp.ClientError):
            async with aiohttp.ClientSession() as session:
                await session.post(self._report_url, json=body)

    async def _list(self, request: web.Request) -> web.Response:
        if refusal := self._authorised(request):
            return refusal
        self.requests.append("list")
        if self.lookups_fail:
            return web.json_response({"errorCode": "InternalError"}, status=500)
        query = request.query
        if query.get("criteria") != "customFields.outboxKey" or query.get("cond") != "eq":
            return web.json_response({"errorCode": "ValidationError"}, status=400)
        found = {
            m["messageId"]: m
            for m in self.sent
            if m["customFields"].get("outboxKey") == query.get("value")
        }
        return web.json_response(
            {"limit": 20, "messageList": found, "startKey": None, "nextKey": None}
        )
