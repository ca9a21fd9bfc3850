"""The greeting's buttons: a language (`lang:ko`) and the answer to the privacy notice
(`consent:yes`, `consent:no`, `consent:more`)."""

from __future__ import annotations

from handlers.flows.button_data import Code, Named, decode_as


class Language(Code):
    prefix = "lang"


class Consent(Named):
    prefix = "consent"
    names = ("yes", "no", "more")


EXAMPLES = (Language("ko"), Language("zh_Hans"), *(Consent(name) for name in Consent.names))


def decode(data: str | None) -> Language | Consent | None:
    return decode_as((Language, Consent), data)
