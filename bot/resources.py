"""Where the files that are not Python live, in a source tree and in an installed ilteo.

Templates, static files and migrations sit inside their packages and are found next to their
modules. The catalogues are kept at the top of the source tree (`locales/`, for `make i18n`);
the wheel carries them compiled under `bot/locales/` (see setup.py).
"""

from __future__ import annotations

from pathlib import Path

PACKAGED_LOCALES = Path(__file__).resolve().parent / "locales"
SOURCE_LOCALES = Path(__file__).resolve().parent.parent / "locales"


def locales_dir() -> Path:
    """The installed package's compiled catalogues, else the source tree's."""
    return PACKAGED_LOCALES if PACKAGED_LOCALES.is_dir() else SOURCE_LOCALES
