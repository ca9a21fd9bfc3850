"""Which of the offered languages a web visitor reads: the one she chose, else the first of her
browser's (Accept-Language) that we offer, else the default (the first offered)."""

from __future__ import annotations

from collections.abc import Sequence

from handlers.i18n import matching_language, offered_language


def browser_languages(accept_language: str) -> list[str]:
    """The header's language tags, most wanted first: "ko-KR,ko;q=0.9,en;q=0.8" -> ko-KR, ko,
    en. Tags with q=0 (refused) and "*" are left out."""
    weighted = []
    for position, part in enumerate(accept_language.split(",")):
        tag, _semicolon, params = part.partition(";")
        tag, quality = tag.strip(), 1.0
        for param in params.split(";"):
            key, _equals, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if tag and tag != "*" and quality > 0:
            weighted.append((-quality, position, tag))
    return [tag for _quality, _position, tag in sorted(weighted)]


def visitor_language(chosen: str | None, accept_language: str, offered: Sequence[str]) -> str:
    """Her stored choice when we offer it, else her browser's, else the default."""
    return offered_language(chosen, browser_languages(accept_language), offered)


def browser_hint(accept_language: str, offered: Sequence[str]) -> str | None:
    """The language hint for the engine: the browser's first language we offer, else its first
    language at all (which the engine then answers in the default)."""
    tags = browser_languages(accept_language)
    for tag in tags:
        if code := matching_language(tag, offered):
            return code
    return tags[0] if tags else None


def bcp47(code: str) -> str:
    """Our code as a BCP 47 tag for `lang` and Content-Language: zh_Hans -> zh-Hans."""
    return code.replace("_", "-")
