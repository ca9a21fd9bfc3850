"""Which of the offered languages a web visitor reads: the one she chose, else the first of her
browser's (Accept-Language) that we offer, else the default (the first offered)."""

from __future__ import annotations

from collections.abc import Sequence


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


def offered_match(tag: str, offered: Sequence[str]) -> str | None:
    """Our code for a browser's tag: the same one ("zh-Hans" -> zh_Hans), else the same
    language ("en-US" -> en, "zh-CN" -> zh_Hans), as the conversation engine matches hints."""
    wanted = tag.replace("-", "_").lower()
    for code in offered:
        if code.lower() == wanted:
            return code
    for code in offered:
        if code.split("_")[0].lower() == wanted.split("_")[0]:
            return code
    return None


def visitor_language(chosen: str | None, accept_language: str, offered: Sequence[str]) -> str:
    """Her stored choice when we offer it, else her browser's, else the default."""
    if chosen in offered:
        return chosen
    for tag in browser_languages(accept_language):
        if code := offered_match(tag, offered):
            return code
    return offered[0]


def browser_hint(accept_language: str, offered: Sequence[str]) -> str | None:
    """The language hint for the engine: the browser's first language we offer, else its first
    language at all (which the engine then answers in the default)."""
    tags = browser_languages(accept_language)
    for tag in tags:
        if code := offered_match(tag, offered):
            return code
    return tags[0] if tags else None


def bcp47(code: str) -> str:
    """Our code as a BCP 47 tag for `lang` and Content-Language: zh_Hans -> zh-Hans."""
    return code.replace("_", "-")
