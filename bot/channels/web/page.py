"""The chat page itself, in the visitor's language: its title, the composer's words, the help
bar ("Main menu", "Talk to a counsellor"), the larger-text switch and the status lines (sending,
a dropped connection). The same words go with every answer of the JSON API, so the
page changes language, without a reload, as soon as she chooses another."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from bot.channels.web.language import bcp47
from handlers.i18n import N_, Translator

TEMPLATES = Path(__file__).parent / "templates"

# The keys are chat.js's; the values are msgids, translated per request.
PAGE_WORDS = {
    "bot_name": N_("Ilteo"),
    "message_label": N_("Message"),
    "placeholder": N_("Type a message"),
    "send": N_("Send"),
    "connection_error": N_("The connection dropped for a moment. Please try again."),
    "sending": N_("Sending…"),
    "offline": N_("This device is offline. Please check its internet connection."),
    "larger_text": N_("Larger text"),
    "help_label": N_("Help"),
    "start_over": N_("Main menu"),
    "ask_person": N_("Talk to a counsellor"),
    "conversation": N_("Conversation"),
    "composer": N_("Your reply"),
    "new_window": N_("Opens in a new window"),
    "counsellor": N_("Counsellor"),
    "forget_device": N_("End the chat on this device"),
    "forget_confirm": N_(
        "End the chat on this device? The next person using it will not see it.\n"
        "To delete your information too, choose My data, then Delete all my data, first."
    ),
}


def page_words(translator: Translator, language: str) -> dict[str, str]:
    return {key: translator.gettext(language, msgid) for key, msgid in PAGE_WORDS.items()}


class ChatPage:
    """Renders templates/chat.html; the template is read once, when the server starts."""

    def __init__(self, translator: Translator) -> None:
        self._translator = translator
        self._words: dict[str, dict[str, str]] = {}
        environment = Environment(
            loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True)
        )
        self._template = environment.get_template("chat.html")

    def words(self, language: str) -> dict[str, str]:
        """The page's words in `language`, looked up once per language (every answer has them)."""
        if language not in self._words:
            self._words[language] = page_words(self._translator, language)
        return self._words[language]

    def render(self, language: str) -> str:
        return self._template.render(lang=bcp47(language), ui=self.words(language))
