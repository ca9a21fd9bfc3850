"""An installed ilteo has only compiled catalogues (`.mo`, see setup.py): they translate as the
`.po` files they come from."""

from __future__ import annotations

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from handlers.i18n import Translator
from tests.chat import LOCALES


def compiled_copy(tmp_path):
    for po_file in LOCALES.glob("*/LC_MESSAGES/ilteo.po"):
        language = po_file.parent.parent.name
        target = tmp_path / language / "LC_MESSAGES"
        target.mkdir(parents=True)
        with po_file.open("rb") as source:
            catalogue = read_po(source, locale=language.replace("_Hans", ""))
        with (target / "ilteo.mo").open("wb") as compiled:
            write_mo(compiled, catalogue)
    return tmp_path


def test_compiled_catalogues_translate_as_the_sources(tmp_path):
    sources, compiled = Translator(LOCALES), Translator(compiled_copy(tmp_path))
    assert compiled.languages == sources.languages == ["en", "ko", "vi", "zh_Hans"]
    for language in sources.languages:
        for msgid in ("Type a message", "Send", "Ilteo"):
            assert compiled.gettext(language, msgid) == sources.gettext(language, msgid)
    assert compiled.gettext("ko", "Type a message") == "메시지를 입력해 주세요"
    singular, plural = (
        "Stopped. {count} message was not sent.",
        "Stopped. {count} messages were not sent.",
    )
    for language in sources.languages:
        for count in (1, 2, 5):
            assert compiled.ngettext(language, singular, plural, count) == sources.ngettext(
                language, singular, plural, count
            )


def test_a_language_without_a_catalogue_is_not_offered(tmp_path):
    (tmp_path / "fr" / "LC_MESSAGES").mkdir(parents=True)
    assert Translator(tmp_path).languages == []
