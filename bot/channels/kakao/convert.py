"""Read a Kakao i Open Builder skill request (the SkillPayload: `intent`, `userRequest`, `bot`,
`action`, `contexts`) into what the channel needs, or refuse it as malformed.

The person is `userRequest.user`: her botUserKey (the id the Event API sends to), taken from
`properties.botUserKey` when given, else `user.id`. What she did is `userRequest.utterance` (what
she typed, or what a message button said) and `action.clientExtra` (the `extra` of a pressed
block button: our data). An empty utterance, or Kakao's welcome block, means she opened the chat.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

MAX_USER_KEY = 100  # users.external_id
MAX_UTTERANCE = 2000
MAX_DATA = 64
WELCOME_BLOCKS = ("웰컴 블록", "welcome")
LANGUAGES = {"kr": "ko"}  # Kakao's `lang` "kr" is Korean


class BadSkillRequest(ValueError):
    """The body is not a skill request we can read."""


@dataclass(frozen=True, slots=True)
class SkillRequest:
    user_key: str
    utterance: str
    data: str | None  # a pressed block button's data
    language_hint: str | None
    opened: bool  # she opened the chat (welcome block, or nothing said)


def read_skill_request(payload: object) -> SkillRequest:
    if not isinstance(payload, dict):
        raise BadSkillRequest("the body must be a JSON object")
    request = _object(payload.get("userRequest"), "userRequest")
    user = _object(request.get("user"), "userRequest.user")
    utterance = request.get("utterance", "")
    if utterance is None:
        utterance = ""
    if not isinstance(utterance, str) or len(utterance) > MAX_UTTERANCE:
        raise BadSkillRequest(f"userRequest.utterance must be text of at most {MAX_UTTERANCE}")
    action = payload.get("action") or {}
    if not isinstance(action, dict):
        raise BadSkillRequest("action must be an object")
    data = _data(action.get("clientExtra"))
    opened = data is None and (not utterance.strip() or _welcome(payload.get("intent")))
    return SkillRequest(_user_key(user), utterance.strip(), data, _language(request), opened)


def _object(value: object, name: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise BadSkillRequest(f"{name} must be an object")
    return value


def _user_key(user: dict[str, Any]) -> str:
    properties = user.get("properties")
    key = properties.get("botUserKey") if isinstance(properties, dict) else None
    if not isinstance(key, str) or not key.strip():
        key = user.get("id")
    if not isinstance(key, str) or not key.strip() or len(key) > MAX_USER_KEY:
        raise BadSkillRequest("userRequest.user.id must be the user's key")
    return key.strip()


def _data(extra: object) -> str | None:
    """Our data from a block button's `extra`; anything else there (Kakao sends `{}`, older
    bots the string "null") is no data."""
    if not isinstance(extra, dict):
        return None
    data = extra.get("data")
    if isinstance(data, str) and 0 < len(data) <= MAX_DATA:
        return data
    return None


def _welcome(intent: object) -> bool:
    name = intent.get("name") if isinstance(intent, dict) else None
    return isinstance(name, str) and name.strip().lower() in WELCOME_BLOCKS


def _language(request: dict[str, Any]) -> str | None:
    lang = request.get("lang")
    if not isinstance(lang, str) or not lang.strip():
        return None
    lang = lang.strip().lower()
    return LANGUAGES.get(lang, lang)
