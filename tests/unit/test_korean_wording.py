"""Korean that reads like a kind counsellor, checked in what the user reads: the Korean
catalogue and the demo catalogue's text (`storage/demo.py`).

- no fixed particle right after a placeholder ("안내 #{id}를" is wrong for #3): write both
  forms (`{id}을/를`, `{language}(으)로`) for `handlers/korean.py` to choose, or rephrase;
- no "고마워요" from a public service to an older person (감사해요);
- no 한다체 ("운영한다", "받을 수 있다"): polite 해요체.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from handlers.korean import FIXED_PARTICLES

ROOT = Path(__file__).resolve().parents[2]
CLOSERS = "”\"’')\\]"
FIXED_AFTER_PLACEHOLDER = re.compile(
    r"\{\w*\}["
    + CLOSERS
    + r"]*(?:"
    + "|".join(sorted(FIXED_PARTICLES, key=len, reverse=True))
    + r")(?![/가-힣])"
)
# A sentence ending in -다 (한다, 있다, 이다, 된다…); 합쇼체 -니다 is not one.
HANDA = re.compile(r"[가-힣](?<!니)다(?=[\s.,!?\"'()\]]|$)")
TALKING_DOWN = ("고마워요", "고마워")


def korean_catalogue() -> dict[str, str]:
    with (ROOT / "locales/ko/LC_MESSAGES/ilteo.po").open("rb") as handle:
        messages = [m for m in read_po(handle) if m.id and m.string]
    # A plural message: its one Korean form, under its singular.
    return {
        (m.id if isinstance(m.id, str) else m.id[0]): (
            m.string if isinstance(m.string, str) else m.string[0]
        )
        for m in messages
    }


def demo_texts() -> list[str]:
    """Every string in storage/demo.py with Hangul in it (titles, summaries, names)."""
    tree = ast.parse((ROOT / "storage/demo.py").read_text(encoding="utf-8"))
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and re.search("[가-힣]", node.value)
    ]


def problems(text: str) -> list[str]:
    found = [f"fixed particle: {m.group(0)}" for m in FIXED_AFTER_PLACEHOLDER.finditer(text)]
    found += [f"talks down: {word}" for word in TALKING_DOWN if word in text]
    found += [f"한다체: …{text[max(0, m.start() - 4) : m.end()]}" for m in HANDA.finditer(text)]
    return found


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("안내 #{id}를 다 보냈어요.", "fixed particle"),
        ("{language}로 적어 주세요.", "fixed particle"),
        ("{slot}은 자리가 다 찼어요.", "fixed particle"),
        ("“{more}”를 눌러 주세요.", "fixed particle"),
        ("고마워요! 그때 만나요.", "talks down"),
        ("콜센터 기업과 협약해 운영한다.", "한다체"),
        ("채용 연계를 받을 수 있다.", "한다체"),
        ("협약해 운영한다(지난 과정).", "한다체"),
    ],
)
def test_the_check_finds_each_kind(text, kind):
    assert any(problem.startswith(kind) for problem in problems(text)), problems(text)


@pytest.mark.parametrize(
    "text",
    [
        "안내 #{id}을/를 다 보냈어요.",
        "{language}(으)로 적어 주세요.",
        "{count}명에게 보내요.",
        "{day}에는 예약할 수 없어요.",
        "감사해요! 그때 뵐게요.",
        "모두 다 골랐어요.",
        "이용해 주셔서 감사합니다.",
    ],
)
def test_the_check_lets_good_korean_pass(text):
    assert problems(text) == []


def test_the_korean_catalogue_reads_kindly():
    found = {msgid: problems(text) for msgid, text in korean_catalogue().items()}

    assert {msgid: p for msgid, p in found.items() if p} == {}


def test_the_demo_catalogue_reads_kindly():
    found = [(text[:40], problems(text)) for text in demo_texts()]

    assert [item for item in found if item[1]] == []
