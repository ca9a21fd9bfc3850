"""Charts drawn on the server as inline SVG: readable without JavaScript, printable, and with
every number written out as text (and a title for screen readers). Under each chart its numbers
as a table ("숫자로 보기"), the chart's text equivalent for screen readers and keyboards
(WCAG 1.1.1)."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

WIDTH = 320
BLUE, GREEN, RED, GREY = "#1f5bc4", "#17703f", "#b42318", "#c5cad3"
INK, FAINT = "#1d2433", "#555d6b"


def _svg(
    height: int, title: str, body: list[str], table: Markup, desc: str | None = None
) -> Markup:
    described = f"<desc>{escape(desc)}</desc>" if desc else ""
    return (
        Markup(
            f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
            f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">'
            f"<title>{escape(title)}</title>{described}{''.join(body)}</svg>"
        )
        + table
    )


def _table(title: str, items: Sequence[tuple[str, object]], headers: tuple[str, str]) -> Markup:
    """The chart's numbers as a table with headers, folded under the chart."""
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in headers)
    body = "".join(
        f'<tr><th scope="row">{escape(label)}</th><td>{escape(str(value))}</td></tr>'
        for label, value in items
    )
    return Markup(
        f'<details class="chart-data"><summary>숫자로 보기</summary><table>'
        f"<caption>{escape(title)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table></details>"
    )


def _text(
    x: float,
    y: float,
    value: object,
    *,
    size: int = 11,
    anchor: str = "start",
    fill: str = INK,
    weight: str = "normal",
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
        f'fill="{fill}" font-weight="{weight}">{escape(str(value))}</text>'
    )


def columns(
    bars: list[tuple[str, int]], title: str, headers: tuple[str, str] = ("날짜", "건수")
) -> Markup:
    """Vertical bars, one per label (a day), each with its number above it."""
    height, top, bottom = 170, 18, 22
    room = height - top - bottom
    step = WIDTH / max(len(bars), 1)
    most = max((value for _label, value in bars), default=0) or 1
    body = [
        f'<line x1="0" y1="{height - bottom}" x2="{WIDTH}" y2="{height - bottom}" stroke="{GREY}"/>'
    ]
    for index, (label, value) in enumerate(bars):
        bar = room * value / most
        x = index * step + step * 0.18
        y = height - bottom - bar
        body.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{step * 0.64:.1f}" '
            f'height="{bar:.1f}" rx="2" fill="{BLUE}"/>'
        )
        middle = index * step + step / 2
        body.append(_text(middle, y - 4, value, size=11, anchor="middle"))
        body.append(_text(middle, height - 6, label, size=11, anchor="middle", fill=FAINT))
    return _svg(height, title, body, _table(title, bars, headers))


def rows(
    items: list[tuple[str, int]],
    title: str,
    colour: str = BLUE,
    headers: tuple[str, str] = ("항목", "수"),
    desc: str | None = None,
) -> Markup:
    """Horizontal bars with their labels on the left; long labels are shortened. `desc`
    says in a sentence what the chart shows (its SVG `<desc>`)."""
    if not items:
        return Markup(f'<p class="empty">{escape(title)}: 아직 자료가 없어요.</p>')
    line, label_width = 26, 120
    height = line * len(items) + 6
    most = max(value for _label, value in items) or 1
    room = WIDTH - label_width - 34
    body = []
    for index, (label, value) in enumerate(items):
        y = index * line + 4
        short = label if len(label) <= 9 else label[:8] + "…"
        bar = max(room * value / most, 1)
        body.append(_text(0, y + 15, short, size=13))
        body.append(
            f'<rect x="{label_width}" y="{y + 3}" width="{bar:.1f}" height="15" '
            f'rx="2" fill="{colour}"><title>{escape(label)}: {value}</title></rect>'
        )
        body.append(_text(label_width + bar + 5, y + 15, value, size=13))
    return _svg(height, title, body, _table(title, items, headers), desc)


def attendance(attended: int, no_show: int, unmarked: int, title: str) -> Markup:
    """One stacked bar: came, did not come, not marked yet; the rate written large."""
    total = attended + no_show + unmarked
    marked = attended + no_show
    rate = f"{round(100 * attended / marked)}%" if marked else "—"
    body = [_text(0, 30, f"출석률 {rate}", size=24, weight="bold")]
    x = 0.0
    for value, colour in ((attended, GREEN), (no_show, RED), (unmarked, GREY)):
        width = WIDTH * value / total if total else 0
        if width:
            body.append(
                f'<rect x="{x:.1f}" y="44" width="{width:.1f}" height="22" fill="{colour}"/>'
            )
        x += width
    if not total:
        body.append(f'<rect x="0" y="44" width="{WIDTH}" height="22" fill="{GREY}"/>')
    legend = ((f"출석 {attended}", GREEN), (f"불참 {no_show}", RED), (f"확인 전 {unmarked}", GREY))
    for index, (label, colour) in enumerate(legend):
        left = index * 105
        body.append(f'<rect x="{left}" y="78" width="13" height="13" fill="{colour}"/>')
        body.append(_text(left + 17, 90, label, size=13))
    figures = [("출석률", rate), ("출석", attended), ("불참", no_show), ("확인 전", unmarked)]
    return _svg(100, title, body, _table(title, figures, ("구분", "상담 수")))
