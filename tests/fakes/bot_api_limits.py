"""The limits the fake Bot API enforces, worded like Telegram's own error descriptions.

Text is 1..4096 characters after entity parsing (counted in UTF-16 code units, as Telegram
counts entity offsets), HTML is parsed strictly (only Telegram's tags and entities), and
callback data is 1..64 bytes. A broken request raises `ApiError`, which the server turns into
`{"ok": false, "error_code": ..., "description": ...}`.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64

SIMPLE_TAGS = frozenset(
    {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "code", "pre", "tg-spoiler"}
)
NAMED_ENTITIES = frozenset({"lt", "gt", "amp", "quot"})

_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^<>]*)?)>")
_ENTITY = re.compile(r"&(#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z]+);")
_ATTRIBUTE = re.compile(r"""\s*([a-zA-Z-]+)\s*(?:=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+)))?""")
_SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")


class ApiError(Exception):
    """A refused call: becomes Telegram's error body with this code and description."""

    def __init__(self, code: int, description: str, parameters: dict | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.code,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(reason: str) -> ApiError:
    return ApiError(400, f"Bad Request: {reason}")


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def message_text(text: object, parse_mode: object) -> str:
    """Validate a sendMessage/editMessageText text; return the text the user would see."""
    if not isinstance(text, str) or not text.strip():
        raise bad_request("message text is empty")
    visible = parse_html(text) if _is_html(parse_mode) else text
    if not visible.strip():
        raise bad_request("message text is empty")
    if utf16_length(visible) > MAX_TEXT:
        raise bad_request("message is too long")
    return visible


def caption(text: object, parse_mode: object) -> str | None:
    if text is None or text == "":
        return None
    visible = parse_html(str(text)) if _is_html(parse_mode) else str(text)
    if utf16_length(visible) > MAX_CAPTION:
        raise bad_request("message caption is too long")
    return visible


def _is_html(parse_mode: object) -> bool:
    return isinstance(parse_mode, str) and parse_mode.lower() == "html"


def parse_html(text: str) -> str:
    """Parse Telegram HTML strictly and return the visible text, or raise `ApiError`."""
    visible: list[str] = []
    open_tags: list[str] = []
    position = 0
    while position < len(text):
        char = text[position]
        if char == "<":
            position = _read_tag(text, position, open_tags)
        elif char == "&":
            position = _read_entity(text, position, visible)
        elif char == ">":
            raise _cant_parse(f"Unexpected end tag at byte offset {_offset(text, position)}")
        else:
            visible.append(char)
            position += 1
    if open_tags:
        raise _cant_parse(f'Can\'t find end tag corresponding to start tag "{open_tags[-1]}"')
    return "".join(visible)


def _read_tag(text: str, position: int, open_tags: list[str]) -> int:
    match = _TAG.match(text, position)
    if match is None:
        raise _cant_parse(f"Unsupported start tag at byte offset {_offset(text, position)}")
    closing, name, attributes = match.group(1), match.group(2).lower(), match.group(3)
    if closing:
        _close_tag(name, open_tags, _offset(text, position))
    else:
        _check_start_tag(name, _attributes(attributes), _offset(text, position))
        open_tags.append(name)
    return match.end()


def _close_tag(name: str, open_tags: list[str], offset: int) -> None:
    if not open_tags:
        raise _cant_parse(f'Unexpected end tag "{name}" at byte offset {offset}')
    expected = open_tags.pop()
    if expected != name:
        raise _cant_parse(
            f'Unmatched end tag at byte offset {offset}, expected "</{expected}>", '
            f'found "</{name}>"'
        )


def _check_start_tag(name: str, attributes: dict[str, str], offset: int) -> None:
    if name in SIMPLE_TAGS or name == "blockquote":
        return
    if name == "span" and attributes.get("class") == "tg-spoiler":
        return
    if name == "a" and attributes.get("href"):
        return
    raise _cant_parse(f'Unsupported start tag "{name}" at byte offset {offset}')


def _attributes(raw: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for match in _ATTRIBUTE.finditer(raw):
        if match.group(1):
            value = next((group for group in match.groups()[1:] if group is not None), "")
            found[match.group(1).lower()] = html.unescape(value)
    return found


def _read_entity(text: str, position: int, visible: list[str]) -> int:
    match = _ENTITY.match(text, position)
    if match is None:
        raise _cant_parse(f"Can't find end of the entity at byte offset {_offset(text, position)}")
    name = match.group(1)
    if not name.startswith("#") and name not in NAMED_ENTITIES:
        raise _cant_parse(
            f'Unsupported HTML entity "&{name};" at byte offset {_offset(text, position)}'
        )
    visible.append(html.unescape(match.group(0)))
    return match.end()


def _offset(text: str, position: int) -> int:
    return len(text[:position].encode())


def _cant_parse(reason: str) -> ApiError:
    return bad_request(f"can't parse entities: {reason}")


def reply_markup(raw: object) -> dict | None:
    """Validate an inline keyboard (JSON text or object) and return it as an object."""
    if raw is None or raw == "":
        return None
    markup = json.loads(raw) if isinstance(raw, str) else raw
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    for row in markup.get("inline_keyboard", []):
        for button in row:
            inline_button(button)
    return markup


def inline_button(button: dict) -> None:
    if not button.get("text"):
        raise bad_request("text buttons are unallowed in the inline keyboard")
    if "callback_data" in button:
        size = len(str(button["callback_data"]).encode())
        if not 1 <= size <= MAX_CALLBACK_DATA:
            raise bad_request("BUTTON_DATA_INVALID")
    elif "url" in button:
        if not str(button["url"]).startswith(("http://", "https://", "tg://")):
            raise bad_request("BUTTON_URL_INVALID")
    else:
        raise bad_request("BUTTON_TYPE_INVALID")


def secret_token(raw: object) -> str | None:
    if raw is None or raw == "":
        return None
    if not isinstance(raw, str) or not _SECRET_TOKEN.fullmatch(raw):
        raise bad_request("secret token contains unallowed characters")
    return raw


def required(params: dict[str, Any], *names: str) -> None:
    for name in names:
        if params.get(name) in (None, ""):
            raise bad_request(f"{name} is empty")
