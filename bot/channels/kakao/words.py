"""The few words the Kakao channel says itself, in the reader's language: the "more" button of a
paged answer, "still working" when the 5-second deadline comes first, the map and calendar
link buttons (Kakao cannot show a map pin or send a file), and the apology of last resort."""

from __future__ import annotations

from dataclasses import dataclass

from handlers.i18n import Translator, _, offered_language, speaking


@dataclass(frozen=True, slots=True)
class Words:
    more: str
    still_working: str
    open_map: str
    add_to_calendar: str
    apology: str
    main_menu: str


class Vocabulary:
    """`Words` for each language, translated once."""

    def __init__(self, translator: Translator, languages: tuple[str, ...]) -> None:
        self._translator = translator
        self._languages = languages
        self._known: dict[str, Words] = {}

    def language_for(self, chosen: str | None, hint: str | None) -> str:
        """The reader's language if we know it, else the channel's hint if offered, else the
        first language on offer."""
        return offered_language(chosen, [hint] if hint else [], self._languages)

    def __call__(self, language: str) -> Words:
        if language not in self._known:
            with speaking(self._translator, language):
                more = _("More") + " ▶"
                self._known[language] = Words(
                    more=more,
                    still_working=_(
                        "Still working on it… Tap “{more}” in a moment to see the answer.",
                        more=more,
                    ),
                    open_map=_("Open the map"),
                    add_to_calendar=_("To my calendar"),
                    apology=_(
                        "Sorry, something went wrong on our side.\nPlease try again in a moment."
                    ),
                    main_menu=_("Main menu"),
                )
        return self._known[language]
