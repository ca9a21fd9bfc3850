"""Every message the code can say is translated in every catalogue, placeholders intact."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted((ROOT / "locales").glob("*/LC_MESSAGES/ilteo.po"))
PLACEHOLDER = re.compile(r"\{(\w*)\}")


def extracted_msgids(tmp_path: Path) -> set[str]:
    """What `make i18n` would extract from the code right now."""
    pot = tmp_path / "ilteo.pot"
    CommandLineInterface().run(
        [
            "pybabel",
            "-q",
            "extract",
            "-F",
            str(ROOT / "babel.cfg"),
            "-k",
            "_",
            "-k",
            "N_",
            "-o",
            str(pot),
            str(ROOT),
        ]
    )
    with pot.open("rb") as handle:
        return {message.id for message in read_po(handle) if message.id}


def translations(po_file: Path) -> dict[str | tuple[str, ...], str | tuple[str, ...]]:
    """msgid -> translation; a message that counts (`ngettext`) is (singular, plural) -> its
    forms, and is translated only when every form is."""
    with po_file.open("rb") as handle:
        catalogue = read_po(handle)
    return {m.id: m.string for m in catalogue if m.id and _complete(m.string) and not m.fuzzy}


def _complete(string: str | tuple[str, ...]) -> bool:
    return all(string) if isinstance(string, tuple) else bool(string)


def _forms(msgid, text) -> list[tuple[str, str]]:
    """(source, translation) pairs: each form of a message that counts against its msgid."""
    if isinstance(msgid, tuple):
        return [(msgid[0], form) for form in text]
    return [(msgid, text)]


def test_korean_and_english_catalogues_exist():
    languages = {path.parent.parent.name for path in CATALOGUES}
    assert {"ko", "en"} <= languages


@pytest.mark.parametrize("po_file", CATALOGUES, ids=lambda path: path.parent.parent.name)
def test_every_msgid_is_translated(po_file, tmp_path):
    missing = extracted_msgids(tmp_path) - set(translations(po_file))
    assert not missing, f"{po_file.parent.parent.name} lacks: {sorted(missing)[:5]}"


@pytest.mark.parametrize("po_file", CATALOGUES, ids=lambda path: path.parent.parent.name)
def test_placeholders_match_their_msgid(po_file):
    for msgid, text in translations(po_file).items():
        for source, form in _forms(msgid, text):
            assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(form)), msgid


def test_korean_is_written_in_korean():
    korean = translations(ROOT / "locales/ko/LC_MESSAGES/ilteo.po")
    hangul = re.compile("[가-힣]")
    # Date and time patterns hold pattern letters around Korean; everything else is Korean.
    pairs = [pair for msgid, text in korean.items() for pair in _forms(msgid, text)]
    untranslated = [m for m, t in pairs if not hangul.search(t) and "{" not in m]
    assert not untranslated, untranslated
