"""Translation: gettext catalogues read with Babel, the current language in a ContextVar.

Message ids are English source strings. Placeholders are filled after translation
(`_("Hello {name}", name=...)`), never with f-strings inside translatable text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from handlers.korean import attach_particles

DOMAIN = "ilteo"
SOURCE_LANGUAGE = "en"

# The names a language is offered under: always in the language itself.
LANGUAGE_NAMES = {"ko": "한국어", "en": "English", "vi": "Tiếng Việt", "zh_Hans": "中文"}


def matching_language(tag: str, offered: Sequence[str]) -> str | None:
    """Our code for a language tag a channel gives (Telegram's language_code, a browser's
    Accept-Language tag): the same code ("zh-Hans" -> zh_Hans), else the same language
    ("en-US" -> en, "zh-CN" -> zh_Hans); None when we don't offer it."""
    wanted = tag.replace("-", "_").lower()
    for code in offered:
        if code.lower() == wanted:
            return code
    for code in offered:
        if code.split("_")[0].lower() == wanted.split("_")[0]:
            return code
    return None


def offered_language(chosen: str | None, hints: Iterable[str], offered: Sequence[str]) -> str:
    """Her stored choice when we offer it, else the first of the channel's hints (most wanted
    first) that we offer, else the default (the first offered)."""
    if chosen in offered:
        return chosen
    for hint in hints:
        if code := matching_language(hint, offered):
            return code
    return offered[0]


class Translator:
    """All catalogues of `locales_dir`, read once; answers `gettext(language, msgid)`.

    A language's `.po` file is read where there is one (the source tree, where translators
    work); an installed ilteo has only the compiled `.mo` files its wheel was built with."""

    def __init__(self, locales_dir: Path) -> None:
        self._catalogues: dict[str, dict[str, str]] = {}
        for messages in sorted(locales_dir.glob("*/LC_MESSAGES")):
            language = messages.parent.name
            if catalogue := _read_catalogue(messages, language):
                self._catalogues[language] = catalogue

    @property
    def languages(self) -> list[str]:
        return sorted(self._catalogues)

    def has(self, language: str) -> bool:
        return language in self._catalogues or language == SOURCE_LANGUAGE

    def gettext(self, language: str, msgid: str) -> str:
        return self._catalogues.get(language, {}).get(msgid) or msgid


def _read_catalogue(messages: Path, language: str) -> dict[str, str] | None:
    po_file, mo_file = messages / f"{DOMAIN}.po", messages / f"{DOMAIN}.mo"
    if po_file.is_file():
        with po_file.open("rb") as handle:
            catalogue = read_po(handle, locale=language.replace("_Hans", ""), domain=DOMAIN)
    elif mo_file.is_file():
        with mo_file.open("rb") as handle:
            catalogue = read_mo(handle)
    else:
        return None
    return {
        message.id: message.string
        for message in catalogue
        if message.id and isinstance(message.id, str) and message.string and not message.fuzzy
    }


_translator: ContextVar[Translator | None] = ContextVar("translator", default=None)
_language: ContextVar[str] = ContextVar("language", default="ko")


@contextmanager
def speaking(translator: Translator, language: str) -> Iterator[None]:
    """Within the block, `_()` translates into `language`."""
    translator_token = _translator.set(translator)
    language_token = _language.set(language)
    try:
        yield
    finally:
        _language.reset(language_token)
        _translator.reset(translator_token)


def current_language() -> str:
    return _language.get()


def _(msgid: str, **values: object) -> str:
    """Translate `msgid` into the current language, then fill its placeholders."""
    translator = _translator.get()
    text = translator.gettext(_language.get(), msgid) if translator else msgid
    return attach_particles(text, values).format(**values) if values else text


def N_(msgid: str) -> str:
    """Marks a string for extraction where it is defined; `_()` translates it where it is used."""
    return msgid
