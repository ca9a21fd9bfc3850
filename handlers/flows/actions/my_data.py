"""The buttons of "My data": `me:<action>`, `me:unlink:<chat id>` and a language chosen
there (`me-lang:ko`)."""

from __future__ import annotations

from handlers.flows.button_data import Code, Named, OnRow, decode_as

ACTIONS = (
    "language",
    "agree",
    "withdraw",
    "sms-on",
    "sms-off",
    "delete",
    "delete-yes",
    "link",
    "enter",
    "requests",
    "unlink",
)


class MyData(Named):
    prefix = "me"
    names = ACTIONS


class Unlink(OnRow):
    """Unlink this one of her chats."""

    prefix = "me:unlink"


class NewLanguage(Code):
    prefix = "me-lang"


AGREE = MyData("agree")
EXAMPLES = (
    *(MyData(action) for action in ACTIONS),
    Unlink(999_999_999_999_999_999),
    NewLanguage("vi"),
)


def decode(data: str | None) -> MyData | Unlink | NewLanguage | None:
    return decode_as((MyData, Unlink, NewLanguage), data)
