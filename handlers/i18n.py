"""Translation: gettext catalogues read with Babel, the current language in a ContextVar.

Message ids are English source strings. Placeholders are filled after translation
(`_("Hello {name}", name=...)`), never with f-strings inside translatable text. A message
that counts says so with `ngettext` ("{count} seat left" / "{count} seats left"), and each
language picks its form by its catalogue's plural rule (Korean, Vietnamese and Chinese have one).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from gettext import c2py
from pathlib import Path

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
    """All catalogues of `locales_dir`, read once; answers `gettext(language, msgid)`."""

    def __init__(self, locales_dir: Path) -> None:
        self._catalogues: dict[str, dict[str, str]] = {}
        self._plurals: dict[str, _Plurals] = {}
        for po_file in sorted(locales_dir.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
            language = po_file.parent.parent.name
            self._catalogues[language], self._plurals[language] = _read_catalogue(po_file, language)

    @property
    def languages(self) -> list[str]:
        return sorted(self._catalogues)

    def has(self, language: str) -> bool:
        return language in self._catalogues or language == SOURCE_LANGUAGE

    def gettext(self, language: str, msgid: str) -> str:
        return self._catalogues.get(language, {}).get(msgid) or msgid

    def ngettext(self, language: str, singular: str, plural: str, count: int) -> str:
        """The form of `singular`/`plural` for `count` in `language` (English's when missing)."""
        found = self._plurals.get(language)
        forms = found.forms.get(singular) if found else None
        index = found.rule(count) if found else 0
        if found and forms and index < len(forms) and forms[index]:
            return forms[index]
        return singular if count == 1 else plural


class _Plurals:
    """A catalogue's messages that count: their forms, and the rule that picks one."""

    def __init__(self, rule: str, forms: dict[str, tuple[str, ...]]) -> None:
        self.rule = c2py(rule)
        self.forms = forms


def _read_catalogue(po_file: Path, language: str) -> tuple[dict[str, str], _Plurals]:
    with po_file.open("rb") as handle:
        catalogue = read_po(handle, locale=language.replace("_Hans", ""), domain=DOMAIN)
    kept = [message for message in catalogue if message.id and message.string]
    kept = [message for message in kept if not message.fuzzy]
    plain = {m.id: m.string for m in kept if isinstance(m.id, str)}
    forms = {m.id[0]: tuple(m.string) for m in kept if isinstance(m.id, tuple | list)}
    return plain, _Plurals(catalogue.plural_expr, forms)


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


def ngettext(singular: str, plural: str, count: int, **values: object) -> str:
    """`singular` or `plural`, as `count` asks in the current language, translated, with
    `count` and `values` filled in: `ngettext("{count} seat left", "{count} seats left", n)`."""
    translator = _translator.get()
    if translator:
        text = translator.ngettext(_language.get(), singular, plural, count)
    else:
        text = singular if count == 1 else plural
    filled = {"count": count, **values}
    return attach_particles(text, filled).format(**filled)


def N_(msgid: str) -> str:
    """Marks a string for extraction where it is defined; `_()` translates it where it is used."""
    return msgid
