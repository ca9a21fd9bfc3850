"""SOLAPI (https://api.solapi.com), called with aiohttp (its Python SDK is synchronous).

Every request is signed: `Authorization: HMAC-SHA256 apiKey=KEY, date=ISO-8601, salt=RANDOM,
signature=HEX(HMAC-SHA256(API_SECRET, date + salt))`. One message goes as
`POST /messages/v4/send-many/detail` with `{"messages": [message]}`: an 알림톡 is `type: ATA`
with `kakaoOptions: {pfId, templateId, variables, disableSms: false}` (SOLAPI sends the `text`
as SMS/LMS when the 알림톡 fails), a plain message `autoTypeDetect` (SMS up to 90 bytes, else
LMS). The outbox key travels as `customFields.outboxKey`; `GET /messages/v4/list` with
`criteria=customFields.outboxKey&cond=eq&value=KEY` finds it again. Delivery reports arrive as
a JSON array of `{"data": {messageId, type, statusCode, customFields, …}}`; status 4000 is
delivered, 2000/3000 are still on their way, anything else failed.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime
from typing import Any

import aiohttp

from bot.channels.sms.provider import ProviderError, Report
from bot.ratelimit import SlowDown
from handlers.phone.notices import PhoneNotice

CUSTOM_ID = "outboxKey"
DELIVERED, ON_THE_WAY = "4000", ("2000", "3000")
TIMEOUT_S = 10.0


def authorization(api_key: str, api_secret: str, date: str, salt: str) -> str:
    signature = hmac.new(api_secret.encode(), (date + salt).encode(), hashlib.sha256).hexdigest()
    return f"HMAC-SHA256 apiKey={api_key}, date={date}, salt={salt}, signature={signature}"


def national(e164: str) -> str:
    """+821012345678 -> 01012345678, as SOLAPI takes Korean numbers."""
    return "0" + e164.removeprefix("+82") if e164.startswith("+82") else e164.lstrip("+")


class Solapi:
    def __init__(
        self, api_url: str, api_key: str, api_secret: str, sender: str, pf_id: str | None
    ) -> None:
        self._url = api_url.rstrip("/")
        self._key, self._secret = api_key, api_secret
        self._sender = sender.replace("-", "")
        self._pf_id = pf_id
        self._session: aiohttp.ClientSession | None = None

    def message(self, notice: PhoneNotice, template_id: str | None) -> dict[str, Any]:
        message: dict[str, Any] = {
            "to": national(notice.to),
            "from": self._sender,
            "text": notice.text,
            "customFields": {CUSTOM_ID: notice.custom_id},
        }
        if template_id and self._pf_id:
            message["type"] = "ATA"
            options = {
                "pfId": self._pf_id,
                "templateId": template_id,
                "variables": notice.variables,
                "disableSms": False,
            }
            message["kakaoOptions"] = options
        else:
            message["autoTypeDetect"] = True
        return message

    async def send(self, notice: PhoneNotice, template_id: str | None) -> None:
        body = {"messages": [self.message(notice, template_id)]}
        answer = await self._call("POST", "/messages/v4/send-many/detail", json=body)
        failed = answer.get("failedMessageList") or []
        if failed:
            first = failed[0]
            raise ProviderError(f"{first.get('statusCode')} {first.get('statusMessage', '')}")

    async def sent_already(self, custom_id: str) -> bool:
        query = {
            "criteria": f"customFields.{CUSTOM_ID}",
            "cond": "eq",
            "value": custom_id,
            "limit": "20",
        }
        answer = await self._call("GET", "/messages/v4/list", params=query)
        found = answer.get("messageList") or {}
        if not isinstance(found, dict):
            raise ProviderError("unexpected look-up answer")
        return any(
            str(item.get("statusCode")) == DELIVERED or str(item.get("statusCode")) in ON_THE_WAY
            for item in found.values()
            if (item.get("customFields") or {}).get(CUSTOM_ID) == custom_id
        )

    def reports(self, body: object) -> list[Report]:
        if not isinstance(body, list):
            raise ValueError("a report is a JSON array")
        reports = []
        for item in body:
            data = item.get("data", item) if isinstance(item, dict) else None
            if not isinstance(data, dict) or not isinstance(data.get("customFields"), dict):
                continue  # not one of ours (sent from the console, say)
            custom_id, code = data["customFields"].get(CUSTOM_ID), str(data.get("statusCode"))
            if not custom_id or code in ON_THE_WAY:
                continue
            state = "delivered" if code == DELIVERED else "failed"
            error = None if state == "delivered" else code
            reports.append(
                Report(str(custom_id), state, str(data.get("type") or "") or None, error)
            )
        return reports

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def _call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=TIMEOUT_S))
        date = datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        headers = {
            "Authorization": authorization(self._key, self._secret, date, secrets.token_hex(16))
        }
        try:
            async with self._session.request(
                method, self._url + path, headers=headers, **kwargs
            ) as response:
                if response.status == 429:
                    raise SlowDown(float(response.headers.get("Retry-After", "1")))
                answer = await response.json(content_type=None)
        except (aiohttp.ClientError, TimeoutError, ValueError) as error:
            raise ProviderError(type(error).__name__) from None
        if response.status >= 400 or not isinstance(answer, dict):
            code = answer.get("errorCode") if isinstance(answer, dict) else None
            raise ProviderError(f"HTTP {response.status} {code or ''}".strip())
        return answer
