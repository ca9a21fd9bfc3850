"""Search and recommendation over a large generated catalogue: build time and per-call latency.

    .venv/bin/python bench/search.py                    # 10,000 programmes, 1,000 calls each
    .venv/bin/python bench/search.py --programmes 5000 --calls 300 --seed 2

Builds the demo catalogue plus `--programmes` generated ones (`tests/catalogue_factory.py`),
times `SearchIndex.build` (the analyser's model load is timed apart), then runs `--calls`
searches from a realistic mix (plain requests, run-together words, typos, a place and a field,
single words, emoji) and `--calls` `rank()` calls for varied profiles, both with the 30 best
(what the chat pages through) and for the whole catalogue. Prints one table: operation, n,
p50 and p99 in ms, and whether p99 is under the 20 ms target. Stops by itself.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from handlers.recommend import rank
from handlers.search import SearchIndex, Tokenizer
from storage.records import Profile
from tests.catalogue_factory import (
    REGIONS,
    SUBJECTS,
    demo_listings,
    generated_listings,
)

TARGET_MS = 20.0
SHOWN = 30  # recommendations the chat can page through (3 a page)

FIELD_WORDS = {
    "call_centre": ("콜센터", "상담원", "고객센터", "CS", "텔레마케팅"),
    "cooking": ("요리", "조리", "한식", "셰프", "제빵"),
    "care": ("요양보호사", "돌봄", "간병", "복지"),
    "office": ("사무", "회계", "경리", "엑셀"),
    "manufacturing": ("생산", "품질관리", "공장", "용접"),
    "startup": ("창업", "가게", "스타트업", "쇼핑몰"),
    "design": ("디자인", "공예", "업사이클링", "디자이너"),
    "it": ("컴퓨터", "코딩", "디지털", "빅데이터"),
}
FORMS = (
    "{word} 교육 받고 싶어요",
    "{word} 배우고 싶어요",
    "{word}과정",
    "{word} 일 하고 싶은데 어디서 배울 수 있나요?",
    "{place} {word}",
    "{place}에서 {word} 교육",
    "{word}",
    "{subject}",
    "{subject} 과정 있나요",
)


def queries(rng: random.Random, count: int) -> list[str]:
    """A realistic mix: mostly requests about a field, some typos, a few with no words."""
    places = [name for sido, names in REGIONS.items() for name in (sido[:2], *names)]
    found = []
    for _ in range(count):
        field = rng.choice(tuple(FIELD_WORDS))
        word = rng.choice(FIELD_WORDS[field])
        text = rng.choice(FORMS).format(
            word=word, place=rng.choice(places), subject=rng.choice(SUBJECTS[field])
        )
        roll = rng.random()
        if roll < 0.1 and len(word) >= 3:  # a typo: one syllable doubled
            text = text.replace(word, word[:2] + word[1:], 1)
        elif roll < 0.2:
            text = text.replace(" ", "")
        elif roll < 0.23:
            text = rng.choice(("", "😀👍", "?", "안녕하세요"))
        found.append(text)
    return found


def profiles(rng: random.Random, count: int) -> list[Profile]:
    found = []
    for number in range(count):
        sido = rng.choice(tuple(REGIONS))
        sigungu = rng.choice(REGIONS[sido]) if REGIONS[sido] and rng.random() < 0.8 else None
        situation = rng.choice(
            (None, "career_break", "career_break", "job_seeking", "employed", "starting_business")
        )
        found.append(
            Profile(
                user_id=number,
                sido=sido if rng.random() < 0.9 else None,
                sigungu=sigungu,
                age_band=rng.choice((None, "20s", "30s", "40s", "50s", "60s")),
                situation=situation,
                break_length="3_5y" if situation == "career_break" else None,
                interests=tuple(rng.sample(tuple(SUBJECTS), rng.randint(0, 3))),
                availability=tuple(
                    a for a in ("weekday", "weekend", "morning", "afternoon") if rng.random() < 0.4
                ),
                constraints=("interpreter",) if rng.random() < 0.05 else (),
            )
        )
    return found


def timed(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def row(operation: str, samples: list[float]) -> str:
    ordered = sorted(samples)
    p50 = statistics.median(ordered)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    verdict = "yes" if p99 < TARGET_MS else "NO"
    return f"| {operation:<28} | {len(samples):>5} | {p50:>7.2f} | {p99:>7.2f} | {verdict:<13} |"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--programmes", type=int, default=10_000)
    parser.add_argument("--calls", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    today = date.today()
    rng = random.Random(args.seed)
    listings = demo_listings(today) + generated_listings(args.programmes, args.seed, today)
    start = time.perf_counter()
    tokenizer = Tokenizer()
    tokenizer.terms("준비")  # the analyser finishes loading on its first text
    loaded = time.perf_counter() - start
    start = time.perf_counter()
    index = SearchIndex.build(listings, tokenizer=tokenizer)
    built = time.perf_counter() - start
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} before the run")
    print(f"catalogue: {len(listings):,} programmes (demo + generated, seed {args.seed})")
    print(f"analyser model load: {loaded:.2f} s; index build: {built:.2f} s")

    texts = queries(rng, args.calls)
    people = profiles(rng, args.calls)
    for text in texts[:20]:  # warm-up
        index.search(text)
    search = [timed(lambda text=text: index.search(text)) for text in texts]
    top = [timed(lambda p=p: rank(p, listings, today, limit=SHOWN)) for p in people]
    few = people[: max(1, args.calls // 10)]  # explaining a whole catalogue is slow: fewer calls
    whole = [timed(lambda p=p: rank(p, listings, today)) for p in few]

    print()
    print(f"| {'operation':<28} | {'n':>5} | {'p50 ms':>7} | {'p99 ms':>7} | p99 < 20 ms   |")
    print(f"| {'-' * 28} | {'-' * 5}:| {'-' * 7}:| {'-' * 7}:| {'-' * 13} |")
    print(row("search (10 best)", search))
    print(row(f"rank ({SHOWN} best, with reasons)", top))
    print(row("rank (all, with reasons)", whole))
    return 0


if __name__ == "__main__":
    sys.exit(main())
