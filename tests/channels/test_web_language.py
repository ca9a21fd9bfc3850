"""Which language the web chat's page speaks: her choice, else the first of her browser's
languages that we offer, else Korean; and the tag it writes in `lang`."""

from __future__ import annotations

import pytest

from bot.channels.web.language import bcp47, browser_hint, browser_languages, visitor_language

OFFERED = ("ko", "en", "vi", "zh_Hans")


def test_the_browsers_languages_are_read_most_wanted_first():
    header = "en;q=0.5, vi-VN, fr;q=0, *;q=0.1, ko;q=0.8, de;q=oops"
    assert browser_languages(header) == ["vi-VN", "ko", "en"]
    assert browser_languages("") == []


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7", "ko"),
        ("en-US,en;q=0.9", "en"),
        ("vi-VN,vi;q=0.9,en-US;q=0.8", "vi"),
        ("zh-CN,zh;q=0.9,en;q=0.8", "zh_Hans"),
        ("zh-Hans", "zh_Hans"),
        ("fr-FR,fr;q=0.9,vi;q=0.5", "vi"),  # the first one we offer
        ("fr-FR,fr;q=0.9", "ko"),  # none: the default
        ("", "ko"),
    ],
)
def test_a_newcomer_gets_her_browsers_language_when_we_offer_it(header, language):
    assert visitor_language(None, header, OFFERED) == language


def test_her_choice_in_the_chat_beats_her_browser():
    assert visitor_language("vi", "en-US,en;q=0.9", OFFERED) == "vi"
    assert visitor_language("fr", "en-US,en;q=0.9", OFFERED) == "en"  # no longer offered


def test_the_chat_is_hinted_the_same_language_as_the_page():
    assert browser_hint("fr-FR,fr;q=0.9,zh-TW;q=0.5", OFFERED) == "zh_Hans"
    assert browser_hint("fr-FR,fr;q=0.9", OFFERED) == "fr-FR"
    assert browser_hint("", OFFERED) is None


def test_the_lang_attribute_is_bcp47():
    assert [bcp47(code) for code in OFFERED] == ["ko", "en", "vi", "zh-Hans"]
