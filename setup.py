"""Packaging: the one build step pyproject.toml cannot say — compiling the catalogues.

`locales/<language>/LC_MESSAGES/ilteo.po` (kept at the top of the source tree, where
`make i18n` and translators work) are compiled to `.mo` files inside the wheel, under
`bot/locales/`, where `bot.resources` finds them in an installed ilteo.
"""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from setuptools import setup
from setuptools.command.build_py import build_py

LOCALES = Path(__file__).parent / "locales"
DOMAIN = "ilteo"


class BuildWithCatalogues(build_py):
    """build_py, plus every catalogue compiled into the package being built."""

    def run(self) -> None:
        super().run()
        for po_file in sorted(LOCALES.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
            language = po_file.parent.parent.name
            target = Path(self.build_lib) / "bot" / "locales" / language / "LC_MESSAGES"
            target.mkdir(parents=True, exist_ok=True)
            with po_file.open("rb") as source:
                catalogue = read_po(source, locale=language.replace("_Hans", ""), domain=DOMAIN)
            with (target / f"{DOMAIN}.mo").open("wb") as compiled:
                write_mo(compiled, catalogue)


setup(cmdclass={"build_py": BuildWithCatalogues})
