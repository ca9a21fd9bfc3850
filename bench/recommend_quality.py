"""How good the recommendations are, measured on the evaluation set (`tests/recommend_personas.py`).

    .venv/bin/python bench/recommend_quality.py                 # demo, and demo + 5,000 generated
    .venv/bin/python bench/recommend_quality.py --programmes 10000 --seed 2 --misses

For each catalogue prints precision@1 and precision@3 (the share of people for whom one of the
programmes a counsellor would put first is the first shown, or among the first three shown),
and every "must never" that was shown, with the person and the reason. `--misses` also lists
the people whose first recommendation a counsellor would not have chosen.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.catalogue_factory import demo_listings, generated_listings
from tests.recommend_personas import PERSONAS, SHOWN, Report, evaluate

TODAY = date(2025, 8, 11)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--programmes", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--misses", action="store_true", help="list the first-place misses")
    args = parser.parse_args()
    demo = demo_listings(TODAY)
    catalogues = {
        "demo": demo,
        f"demo + {args.programmes:,} generated": demo
        + generated_listings(args.programmes, args.seed, TODAY),
    }
    print(f"{len(PERSONAS)} personas, the first {SHOWN} shown\n")
    print(f"| {'catalogue':<28} | programmes | precision@1 | precision@3 | must-never shown |")
    print(f"| {'-' * 28} | ---------- | ----------- | ----------- | ---------------- |")
    reports = {name: evaluate(listings, TODAY) for name, listings in catalogues.items()}
    for name, report in reports.items():
        print(
            f"| {name:<28} | {len(catalogues[name]):>10,} | {report.hit_at(1):>11.2f} "
            f"| {report.hit_at(3):>11.2f} | {len(report.breaches):>16} |"
        )
    for name, report in reports.items():
        _details(name, report, args.misses)


def _details(name: str, report: Report, misses: bool) -> None:
    for person, breach in report.breaches:
        print(f"[{name}] must never: {person} — {breach}")
    if misses:
        for outcome in report.misses(1):
            print(f"[{name}] first is not a counsellor's: {outcome.persona.name} — {outcome.keys}")


if __name__ == "__main__":
    main()
