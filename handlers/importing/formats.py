"""Reading an import file: its encoding, CSV or JSON, its rows with numbers, and its kind.

CSV comes as UTF-8 (with or without a byte-order mark) or CP949, as data.go.kr serves it; JSON
as the HRD-Net API answers (`srchList`, sometimes wrapped in a `returnJSON` string), as
data.go.kr's APIs answer (`data`, or `response.body.items.item`), or as a plain list of
objects. Rows are numbered as an operator finds them: in a CSV the header is row 1 and the
first data row is row 2, as in a spreadsheet; in JSON the first object is record 1.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# The columns that tell each kind apart; each kind's full column list is in `rows.py`.
SIGNATURES: dict[str, tuple[str, ...]] = {
    "hrd-courses": ("trprId", "trprDegr", "traStartDate"),
    "saeil-courses": ("nwrkCntrNm", "eduCrsNm", "eduBgngDt"),
    "saeil-centres": ("ctpvNm", "nwrkCntrNm"),
    "bus-visits": ("date", "start", "end", "zone", "site"),
    "outcomes": ("cohort", "number", "status"),
}
KIND_NAMES: dict[str, str] = {
    "hrd-courses": "HRD-Net training courses",
    "saeil-centres": "새일센터 centres (data.go.kr)",
    "saeil-courses": "새일센터 courses (data.go.kr)",
    "bus-visits": "counselling-bus visits",
    "outcomes": "participants' outcomes",
}
_LIST_KEYS = ("srchList", "data", "items", "item", "list", "rows")


class UnreadableFile(Exception):
    """The file cannot be read as an import file at all; the message says why, for operators."""


@dataclass(frozen=True)
class SourceRow:
    number: int  # as the operator counts: CSV row (header = 1), or JSON record (first = 1)
    values: dict[str, str]  # column -> stripped text, "" when empty
    extra_cells: int = 0  # CSV cells beyond the header's columns


@dataclass(frozen=True)
class SourceFile:
    path: Path
    format: str  # "CSV" or "JSON"
    encoding: str  # "UTF-8", "UTF-8 with BOM", "CP949", "UTF-16"
    columns: tuple[str, ...]
    rows: list[SourceRow] = field(default_factory=list)

    @property
    def unit(self) -> str:
        """What a row is called in messages: "row" in a CSV, "record" in JSON."""
        return "row" if self.format == "CSV" else "record"


def read_source(path: Path) -> SourceFile:
    """The file's rows; raises `UnreadableFile` when it is missing, not text, or not CSV/JSON."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableFile(f"Cannot read {path}: {error.strerror or error}.") from error
    text, encoding = decode(data, path)
    if path.suffix.lower() == ".json" or text.lstrip()[:1] in ("{", "["):
        return _read_json(path, text, encoding)
    return _read_csv(path, text, encoding)


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """The text and the name of its encoding: a byte-order mark, else UTF-8, else CP949."""
    if data.startswith(b"\xef\xbb\xbf"):
        attempts = [(data[3:], "utf-8", "UTF-8 with BOM")]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        attempts = [(data, "utf-16", "UTF-16")]
    else:
        attempts = [(data, "utf-8", "UTF-8"), (data, "cp949", "CP949")]
    for body, codec, name in attempts:
        try:
            return body.decode(codec), name
        except UnicodeDecodeError as error:
            failure = error
    raise UnreadableFile(
        f"{path.name} is neither UTF-8 nor CP949 (EUC-KR) text (byte {failure.start} cannot be "
        "read); save it as CSV UTF-8 and try again."
    )


def _read_csv(path: Path, text: str, encoding: str) -> SourceFile:
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, [])
        columns = tuple(name.strip() for name in header)
        rows = [
            _csv_row(number, columns, cells)
            for number, cells in enumerate(reader, start=2)
            if any(cell.strip() for cell in cells)
        ]
    except csv.Error as error:
        raise UnreadableFile(f"{path.name} is not a readable CSV file: {error}.") from error
    if not any(columns):
        raise UnreadableFile(f"{path.name} is empty: it has no header row.")
    return SourceFile(path, "CSV", encoding, columns, rows)


def _csv_row(number: int, columns: tuple[str, ...], cells: list[str]) -> SourceRow:
    values = {name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(columns)}
    extra = sum(1 for cell in cells[len(columns) :] if cell.strip())
    return SourceRow(number, values, extra)


def _read_json(path: Path, text: str, encoding: str) -> SourceFile:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise UnreadableFile(
            f"{path.name} is not valid JSON: {error.msg} at line {error.lineno}, "
            f"column {error.colno}."
        ) from error
    records = _records(document)
    if records is None:
        raise UnreadableFile(
            f"{path.name} holds no list of records: expected a list of objects, or an object "
            "with one under srchList (HRD-Net) or data (data.go.kr)."
        )
    columns: dict[str, None] = {}
    rows = []
    for number, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            raise UnreadableFile(f"Record {number} of {path.name} is not an object.")
        columns.update(dict.fromkeys(record))
        rows.append(SourceRow(number, {name: _text(value) for name, value in record.items()}))
    return SourceFile(path, "JSON", encoding, tuple(columns), rows)


def _records(document: Any) -> list | None:
    """The list of records in an API answer, wherever the known shapes put it."""
    if isinstance(document, list):
        return document
    if not isinstance(document, dict):
        return None
    if isinstance(document.get("returnJSON"), str):  # HRD-Net wraps its JSON in a string
        try:
            return _records(json.loads(document["returnJSON"]))
        except json.JSONDecodeError:
            return None
    for name in _LIST_KEYS:
        value = document.get(name)
        if isinstance(value, list):
            return value
        if isinstance(value, dict) and (inner := _records(value)) is not None:
            return inner
    for name in ("response", "body"):
        if isinstance(document.get(name), dict):
            return _records(document[name])
    return None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def canonical_columns(columns: tuple[str, ...], known: tuple[str, ...]) -> dict[str, str]:
    """The file's column name for each known column, matched without regard to case."""
    by_lower = {name.lower(): name for name in columns}
    return {name: by_lower[name.lower()] for name in known if name.lower() in by_lower}


def guess_kind(source: SourceFile) -> str:
    """The kind whose telling columns the file has; raises `UnreadableFile` when none fits."""
    fitting = [
        kind
        for kind, needed in SIGNATURES.items()
        if len(canonical_columns(source.columns, needed)) == len(needed)
    ]
    # The kind with more telling columns wins: a course file may also name its centre's 시/도.
    most = max((len(SIGNATURES[kind]) for kind in fitting), default=0)
    fitting = [kind for kind in fitting if len(SIGNATURES[kind]) == most]
    if len(fitting) == 1:
        return fitting[0]
    shown = ", ".join(source.columns) if source.columns else "none"
    expected = "; ".join(f"{kind}: {', '.join(cols)}" for kind, cols in SIGNATURES.items())
    if not fitting:
        raise UnreadableFile(
            f"Cannot tell what kind of file {source.path.name} is. Its columns are: {shown}.\n"
            f"Each kind has these columns: {expected}.\n"
            "Fix the header, or say which kind it is with --kind."
        )
    raise UnreadableFile(
        f"{source.path.name} could be any of {', '.join(fitting)}; say which with --kind."
    )
