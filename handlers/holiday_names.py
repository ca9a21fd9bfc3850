"""Korea's public holidays by the English names the `holidays` package gives, marked for
translation: the package names them in Korean and English only, so Chinese and Vietnamese
readers get our catalogues' names."""

from __future__ import annotations

from handlers.i18n import N_, _

NAMES = (
    N_("New Year's Day"),
    N_("The day preceding Korean New Year"),
    N_("Korean New Year"),
    N_("The second day of Korean New Year"),
    N_("Independence Movement Day"),
    N_("Labor Day"),
    N_("Children's Day"),
    N_("Buddha's Birthday"),
    N_("Memorial Day"),
    N_("Constitution Day"),
    N_("Liberation Day"),
    N_("The day preceding Chuseok"),
    N_("Chuseok"),
    N_("The second day of Chuseok"),
    N_("National Foundation Day"),
    N_("Hangul Day"),
    N_("Christmas Day"),
    N_("Armed Forces Day"),
    N_("Local Election Day"),
    N_("National Assembly Election Day"),
    N_("Presidential Election Day"),
    N_("Temporary Public Holiday"),
)
ALTERNATIVE = "Alternative holiday for "


def holiday_name(name: str) -> str:
    """A holiday's name (as the package gives it) in the reader's language; "A; B" for two
    on one day, "Alternative holiday for A" for a substitute day."""
    return ", ".join(_one(part) for part in name.split("; "))


def _one(name: str) -> str:
    if name.startswith(ALTERNATIVE):
        return _("substitute holiday for {name}", name=_(name.removeprefix(ALTERNATIVE)))
    return _(name)
