"""Translation: gettext catalogues read with Babel, the current language in a ContextVar.

Message ids are English source strings. Placeholders are filled after translation
(`_("Hello {name}", name=...)`), never with f-strings inside translatable text. A message
with a number in it takes its plural form by the language's own rule through `ngettext`
("1 seat left", "2 seats left"; Korean, Vietnamese and Chinese have one form).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from gettext import c2py
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
    if chosen is not None and chosen in offered:
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
        self._plurals: dict[str, dict[str, tuple[str, ...]]] = {}
        self._rules: dict[str, Callable[[int], int]] = {}
        for messages in sorted(locales_dir.glob("*/LC_MESSAGES")):
            language = messages.parent.name
            if catalogue := _read_catalogue(messages, language):
                self._catalogues[language], self._plurals[language], self._rules[language] = (
                    catalogue
                )

    @property
    def languages(self) -> list[str]:
        return sorted(self._catalogues)

    def has(self, language: str) -> bool:
        return language in self._catalogues or language == SOURCE_LANGUAGE

    def gettext(self, language: str, msgid: str) -> str:
        return self._catalogues.get(language, {}).get(msgid) or msgid

    def ngettext(self, language: str, singular: str, plural: str, count: int) -> str:
        """The form of a plural message `count` takes in `language` (English's without one)."""
        forms = self._plurals.get(language, {}).get(singular)
        if not forms:
            return singular if count == 1 else plural
        return forms[min(self._rules[language](count), len(forms) - 1)]


def _read_catalogue(
    messages_dir: Path, language: str
) -> tuple[dict[str, str], dict[str, tuple[str, ...]], Callable[[int], int]] | None:
    """A catalogue's messages, its plural messages (by their singular) and its plural rule;
    None when the language has neither a `.po` nor a compiled `.mo` file."""
    po_file, mo_file = messages_dir / f"{DOMAIN}.po", messages_dir / f"{DOMAIN}.mo"
    if po_file.is_file():
        with po_file.open("rb") as handle:
            catalogue = read_po(handle, locale=language.replace("_Hans", ""), domain=DOMAIN)
    elif mo_file.is_file():
        with mo_file.open("rb") as handle:
            catalogue = read_mo(handle)
    else:
        return None
    messages = [m for m in catalogue if m.id and m.string and not m.fuzzy]
    singles = {
        m.id: m.string for m in messages if isinstance(m.id, str) and isinstance(m.string, str)
    }
    plurals = {
        m.id[0]: tuple(m.string)
        for m in messages
        if isinstance(m.id, tuple | list) and isinstance(m.string, tuple | list) and all(m.string)
    }
    return singles, plurals, c2py(catalogue.plural_expr)


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


def ngettext(singular: str, plural: str, count: int, /, **values: object) -> str:
    """`_` for a message with a number: the form `count` takes in the current language, then
    its placeholders filled (the number among them: `ngettext("{n} seat", "{n} seats", n, n=n)`)."""
    translator = _translator.get()
    if translator:
        text = translator.ngettext(_language.get(), singular, plural, count)
    else:
        text = singular if count == 1 else plural
    return attach_particles(text, values).format(**values) if values else text


def N_(msgid: str) -> str:
    """Marks a string for extraction where it is defined; `_()` translates it where it is used."""
    return msgid
