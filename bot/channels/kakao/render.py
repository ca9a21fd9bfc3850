"""Pages (layout.py) as skill responses, version "2.0": simpleText, textCard, listCard, carousel
and quickReplies, each page with the `Labels` book of what its buttons say.

With KAKAO_BLOCK_ID a button is a block action carrying its data in `extra` (a press arrives as
`action.clientExtra`); without it a button is a message action and its `messageText` comes back
as the utterance, which the labels book turns back into the data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.channels.kakao.labels import Labels, label, message_texts
from bot.channels.kakao.outputs import Carousel, ListCard, Output, Page, Text, TextCard
from handlers.messages import Button

VERSION = "2.0"


@dataclass(frozen=True, slots=True)
class RenderedPage:
    body: dict[str, Any]
    labels: Labels


class SkillRenderer:
    def __init__(self, block_id: str | None) -> None:
        self._block_id = block_id or None

    def page(self, page: Page) -> RenderedPage:
        buttons = _data_buttons(page)
        said = message_texts((b.label, b.data or "", context) for b, context in buttons)
        saying = {id(button): text for (button, _c), text in zip(buttons, said, strict=True)}
        labels = Labels()
        for (button, _context), text in zip(buttons, said, strict=True):
            labels.add(text, button.data or "", button.label, label(button.label))
        template: dict[str, Any] = {"outputs": [self._output(o, saying) for o in page.outputs]}
        if page.quick:
            template["quickReplies"] = [self._action(b, saying) for b in page.quick]
        return RenderedPage({"version": VERSION, "template": template}, labels)

    # --- outputs ------------------------------------------------------------------------------

    def _output(self, output: Output, saying: dict[int, str]) -> dict[str, Any]:
        if isinstance(output, Text):
            return {"simpleText": {"text": output.text}}
        if isinstance(output, TextCard):
            return {"textCard": self._text_card(output, saying)}
        if isinstance(output, ListCard):
            return {"listCard": self._list_card(output, saying)}
        assert isinstance(output, Carousel)
        items = [self._text_card(card, saying) for card in output.cards]
        return {"carousel": {"type": "textCard", "items": items}}

    def _text_card(self, card: TextCard, saying: dict[int, str]) -> dict[str, Any]:
        body: dict[str, Any] = {}
        if card.title:
            body["title"] = card.title
        if card.description:
            body["description"] = card.description
        if card.buttons:
            body["buttons"] = [self._button(b, saying) for b in card.buttons]
        return body

    def _list_card(self, card: ListCard, saying: dict[int, str]) -> dict[str, Any]:
        items = []
        for item in card.items:
            body: dict[str, Any] = {"title": item.title}
            if item.description:
                body["description"] = item.description
            if item.button is not None:
                body.update(self._press(item.button, saying))
            items.append(body)
        return {"header": {"title": card.header}, "items": items}

    # --- buttons ------------------------------------------------------------------------------

    def _button(self, button: Button, saying: dict[int, str]) -> dict[str, Any]:
        if button.url:
            return {"label": label(button.label), "action": "webLink", "webLinkUrl": button.url}
        return self._action(button, saying)

    def _action(self, button: Button, saying: dict[int, str]) -> dict[str, Any]:
        """A quick reply or a card button that sends data back."""
        return {"label": label(button.label), **self._press(button, saying)}

    def _press(self, button: Button, saying: dict[int, str]) -> dict[str, Any]:
        said = saying[id(button)]
        if self._block_id:
            return {
                "action": "block",
                "blockId": self._block_id,
                "messageText": said,
                "extra": {"data": button.data},
            }
        return {"action": "message", "messageText": said}


def _data_buttons(page: Page) -> list[tuple[Button, str]]:
    """Every button of the page that sends data back, with its card's name, in reading order."""
    found: list[tuple[Button, str]] = []
    for output in page.outputs:
        cards = output.cards if isinstance(output, Carousel) else (output,)
        for card in cards:
            if isinstance(card, TextCard):
                found += [(b, card.context) for b in card.buttons if b.data and not b.url]
            elif isinstance(card, ListCard):
                found += [(item.button, item.title) for item in card.items if item.button]
    found += [(b, "") for b in page.quick if b.data]
    return found
