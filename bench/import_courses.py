"""Importing a 10,000-row HRD-Net course file into a fresh SQLite database, then again.

    .venv/bin/python bench/import_courses.py [--rows 10000] [--database-url URL]

The file is generated (HRD-Net's columns, 300 institutions, about 2,500 courses with up to
seven cohorts each) in a temporary directory; the database is a fresh migrated SQLite file
there unless `--database-url` names an empty database. Each run is timed as `ilteo import`
does it: read, check every row, upsert in one unit of work, commit. The second run finds
every row unchanged. The target (PRODUCT.md / issue 3) is under 30 s for 10,000 rows.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import random
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

from handlers.importing import ImportReport, import_file
from storage.database import create_engine
from storage.migrate import upgrade
from storage.uow import UnitOfWork

TARGET_S = 30.0
COLUMNS = (
    "trprId,trprDegr,title,subTitle,address,telNo,traStartDate,traEndDate,trainTarget,"
    "trainTargetCd,ncsCd,courseMan,realMan,yardMan,titleLink"
).split(",")
PLACES = (
    ("서울특별시", ("강남구", "마포구", "금천구", "송파구", "중구")),
    ("경기도", ("광명시", "수원시", "성남시", "부천시", "고양시")),
    ("인천광역시", ("연수구", "남동구", "부평구")),
    ("대전광역시", ("서구", "중구", "유성구")),
    ("전북특별자치도", ("완주군", "전주시", "군산시")),
    ("부산광역시", ("해운대구", "부산진구")),
)
SUBJECTS = (
    ("고객상담(콜센터) 실무자 양성", "24010101"),
    ("한식조리기능사 취득", "13010101"),
    ("생산품질관리 실무", "19020101"),
    ("업사이클링 디자인 창업", "08010101"),
    ("전산회계 실무", "02030201"),
    ("요양보호사 양성", "07010101"),
    ("웹 개발자 양성", "20010201"),
    ("바리스타 자격", "13010201"),
)
TARGETS = (("국민내일배움카드", "C0061"), ("국가기간전략산업직종", "C0054"), ("재직자", "C0041"))


def write_courses(path: Path, rows: int, seed: int = 7) -> None:
    """An HRD-Net-shaped CSV of `rows` cohorts, the same every time for a seed."""
    rng = random.Random(seed)
    institutions = [_institution(rng, n) for n in range(300)]
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(COLUMNS)
        course, written = 0, 0
        while written < rows:
            course += 1
            name, address, phone = rng.choice(institutions)
            subject, ncs = rng.choice(SUBJECTS)
            target, target_code = rng.choice(TARGETS)
            cost = rng.choice((0, 240_000, 1_420_000, 1_850_000, 2_100_000))
            for degree in range(1, min(rng.randint(1, 7), rows - written) + 1):
                start = 20270101 + rng.randint(0, 11) * 100 + rng.randint(0, 27)
                end = start + 100 if start % 10_000 < 1200 else start + 1
                writer.writerow(
                    [
                        f"AIG2027{course:07d}",
                        degree,
                        f"{subject} 과정 {course}",
                        name,
                        address,
                        phone,
                        start,
                        end,
                        target,
                        target_code,
                        ncs,
                        cost,
                        cost // 5,
                        rng.choice((15, 18, 20, 24, 30)),
                        f"https://example.invalid/{course}",
                    ]
                )
                written += 1


def _institution(rng: random.Random, number: int) -> tuple[str, str, str]:
    sido, districts = rng.choice(PLACES)
    return (
        f"예시직업전문학교 {number}",
        f"{sido} {rng.choice(districts)} 예시로 {number}",
        f"02-000-{number:04d}",
    )


async def timed_import(engine, path: Path) -> tuple[ImportReport, float]:
    started = time.perf_counter()
    async with UnitOfWork(engine) as uow:
        report = await import_file(uow, path, "hrd-courses", ZoneInfo("Asia/Seoul"))
        if report.ok:
            await uow.commit()
    return report, time.perf_counter() - started


async def main(rows: int, database_url: str | None) -> int:
    with tempfile.TemporaryDirectory(prefix="ilteo-import-bench-") as folder:
        path = Path(folder) / "hrd-courses.csv"
        write_courses(path, rows)
        url = database_url or f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
        engine = create_engine(url)
        try:
            await upgrade(engine)
            results = [("first import", *await timed_import(engine, path))]
            results.append(("again, unchanged", *await timed_import(engine, path)))
        finally:
            await engine.dispose()
    print(f"HRD-Net course import into {engine.dialect.name}, one unit of work per run")
    header = (
        f"| {'run':<17} | {'rows':>6} | {'seconds':>7} | {'rows/s':>7} | {'cohorts':<30} "
        f"| < {TARGET_S:.0f} s |"
    )
    print(header)
    print("|" + "|".join("-" * len(part) for part in header.split("|")[1:-1]) + "|")
    ok = True
    for name, report, seconds in results:
        tally = report.tallies.get("cohorts")
        counts = f"{tally.added} added, {tally.changed} changed, {tally.unchanged} same"
        under = seconds < TARGET_S and report.ok
        ok = ok and under
        print(
            f"| {name:<17} | {report.rows:>6,} | {seconds:>7.2f} | {report.rows / seconds:>7,.0f} "
            f"| {counts:<30} | {'yes' if under else 'NO':<6} |"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--database-url", help="an empty, migratable database (default: SQLite)")
    args = parser.parse_args()
    raise SystemExit(asyncio.run(main(args.rows, args.database_url)))
