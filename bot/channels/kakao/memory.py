"""What this process remembers of each Kakao user between two requests: the labels of the page
on her screen, the pages still to show after "more", an answer still being worked on when the
5-second deadline came, and her language.

It lives in memory on purpose: it is a convenience on top of the conversation state, which is in
the database. When it is gone (a restart, another process answering), a typed or pressed label
reaches the conversation as text, which every step reads too, and "more" or "show the answer"
shows where she is. The least recently seen users are forgotten past `size`.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from bot.channels.kakao.labels import Labels
from bot.channels.kakao.outputs import Page
from bot.channels.kakao.render import RenderedPage
from handlers.messages import Reply

DEFAULT_SIZE = 20_000


@dataclass
class Visitor:
    labels: Labels = field(default_factory=Labels)
    pages: list[Page] = field(default_factory=list)  # laid out; rendered when asked for
    pending: asyncio.Task[Reply | None] | None = None
    language: str | None = None

    def show(
        self, page: RenderedPage, language: str, later: list[Page] | None = None
    ) -> dict[str, Any]:
        """Answer with `page`; the `later` pages wait for "more"."""
        self.labels, self.language, self.pages = page.labels, language, list(later or [])
        return page.body


class Visitors:
    def __init__(self, size: int = DEFAULT_SIZE) -> None:
        self._size = size
        self._known: OrderedDict[str, Visitor] = OrderedDict()

    def __call__(self, user_key: str) -> Visitor:
        visitor = self._known.get(user_key)
        if visitor is not None:
            self._known.move_to_end(user_key)
            return visitor
        visitor = self._known[user_key] = Visitor()
        while len(self._known) > self._size:
            self._known.popitem(last=False)
        return visitor
