"""The understanding corpus as data: every phrase with its question, expected reading and kind.

The files beside this module hold the phrases (see README.md); `load()` reads them all."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
SEOUL = ZoneInfo("Asia/Seoul")
NOW = datetime(2026, 3, 10, 10, 0, tzinfo=SEOUL)  # a Tuesday: the moment every phrase is read at
KINDS = ("typo", "spacing", "casual", "numwords", "digression", "correction", "hard")


@dataclass(frozen=True)
class Phrase:
    question: str
    text: str
    expected: str
    kind: str
    language: str = "ko"


def load() -> list[Phrase]:
    phrases = []
    for path in sorted(HERE.glob("*.txt")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split(" | ")]
            if len(parts) not in (3, 4) or parts[2] not in KINDS:
                raise ValueError(f"{path.name}:{number}: {line!r}")
            phrases.append(Phrase(path.stem, *parts))
    return phrases
