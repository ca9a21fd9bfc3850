"""The Bot API objects the fake sends and receives: users, chats, messages, updates, requests.

Plain dicts shaped like Telegram's JSON, so python-telegram-bot parses them with `de_json`.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.fakes.bot_api_limits import ApiError, bad_request


@dataclass(frozen=True, slots=True)
class UploadedFile:
    """A file part of a multipart request."""

    filename: str | None
    content_type: str
    content: bytes


@dataclass(slots=True)
class ApiCall:
    """One request the fake received, and the error it answered with (None when ok)."""

    method: str
    params: dict[str, Any]
    files: dict[str, UploadedFile] = field(default_factory=dict)
    error: str | None = None


@dataclass(slots=True)
class Webhook:
    """What setWebhook registered."""

    url: str = ""
    secret_token: str | None = None
    max_connections: int | None = None


def user(user_id: int, *, is_bot: bool = False, language_code: str | None = None) -> dict:
    found: dict[str, Any] = {"id": user_id, "is_bot": is_bot, "first_name": f"user{user_id}"}
    if language_code:
        found["language_code"] = language_code
    return found


def bot_user(bot_id: int, username: str) -> dict:
    return {
        "id": bot_id,
        "is_bot": True,
        "first_name": "ilteo",
        "username": username,
        "can_join_groups": False,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
    }


def private_chat(chat_id: int) -> dict:
    return {"id": chat_id, "type": "private", "first_name": f"user{chat_id}"}


def message(message_id: int, chat_id: int, sender: dict, content: dict) -> dict:
    return {
        "message_id": message_id,
        "date": int(time.time()),
        "chat": private_chat(chat_id),
        "from": sender,
        **content,
    }


def text_content(text: str) -> dict:
    content: dict[str, Any] = {"text": text}
    if text.startswith("/"):
        command = text.split(maxsplit=1)[0]
        content["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
    return content


def callback_query(query_id: str, sender: dict, data: str, origin: dict) -> dict:
    return {
        "id": query_id,
        "from": sender,
        "chat_instance": f"instance{sender['id']}",
        "data": data,
        "message": origin,
    }


def webhook_info(webhook: Webhook, pending: int) -> dict:
    return {"url": webhook.url, "has_custom_certificate": False, "pending_update_count": pending}


async def read_params(request: web.Request) -> tuple[dict[str, Any], dict[str, UploadedFile]]:
    """Read a Bot API call's parameters from a query string, JSON body, form or multipart."""
    if request.method == "GET" or not request.can_read_body:
        return dict(request.query), {}
    if request.content_type == "application/json":
        return await _json_params(request), {}
    if request.content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
        return _split_form(await request.post())
    raise bad_request("unsupported content type")


async def _json_params(request: web.Request) -> dict[str, Any]:
    try:
        body = json.loads(await request.text() or "{}")
    except ValueError as exc:
        raise bad_request("can't parse JSON object") from exc
    if not isinstance(body, dict):
        raise bad_request("can't parse JSON object")
    return body


def _split_form(form: Any) -> tuple[dict[str, Any], dict[str, UploadedFile]]:
    params: dict[str, Any] = {}
    files: dict[str, UploadedFile] = {}
    for name, value in form.items():
        if isinstance(value, web.FileField):
            files[name] = UploadedFile(value.filename, value.content_type, value.file.read())
        else:
            params[name] = value
    return params, files


def as_int(params: dict[str, Any], name: str) -> int:
    try:
        return int(params[name])
    except (KeyError, TypeError, ValueError) as exc:
        raise bad_request(f"{name} is invalid" if name in params else f"{name} is empty") from exc


def as_float(params: dict[str, Any], name: str) -> float:
    try:
        return float(params[name])
    except (KeyError, TypeError, ValueError) as exc:
        raise bad_request(f"{name} is invalid") from exc


def as_bool(value: Any) -> bool:
    return value in (True, "true", "True", "1", 1)


def too_many_requests(retry_after: int) -> ApiError:
    return ApiError(
        429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after}
    )


def injected_error(code: int, retry_after: int | None, description: str | None) -> ApiError:
    if code == 429:
        return too_many_requests(retry_after or 1)
    return ApiError(code, description or f"Injected error {code}")
