"""The understanding corpus (tests/corpus/) is big enough and read well enough: at least 400
phrases, 15 per question, every kind used; 95 % read right overall and 90 % at every question.
`bench/understanding.py` prints the same figures, by kind, with the phrases read wrong."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.corpus.phrases import KINDS, load
from tests.corpus.readings import is_right, readers


@pytest.fixture(scope="module")
def results() -> list[tuple]:
    table = readers()
    return [(p, is_right(p.question, p.expected, table[p.question](p.text))) for p in load()]


def test_the_corpus_is_large_and_covers_every_question_and_kind():
    phrases = load()
    per_question = Counter(phrase.question for phrase in phrases)
    assert len(phrases) >= 400
    assert min(per_question.values()) >= 15, per_question
    assert {phrase.kind for phrase in phrases} == set(KINDS)


def test_at_least_95_percent_are_read_right_and_90_at_every_question(results):
    right = sum(ok for _phrase, ok in results) / len(results)
    assert right >= 0.95
    for question in {phrase.question for phrase, _ok in results}:
        rows = [ok for phrase, ok in results if phrase.question == question]
        assert sum(rows) / len(rows) >= 0.90, question
