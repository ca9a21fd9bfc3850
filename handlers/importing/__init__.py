"""`ilteo import`: public-data files (HRD-Net, data.go.kr 새일센터) and our bus schedule, upserted.

`formats` reads a file (encoding, CSV or JSON, the kind); `rows` checks every row of it;
`service.import_file` writes them all, or nothing when any row is bad, and reports.
"""

from handlers.importing.formats import KIND_NAMES, UnreadableFile
from handlers.importing.report import ImportReport, Progress, Tally
from handlers.importing.rows import KINDS, RowError
from handlers.importing.service import import_file

__all__ = [
    "KINDS",
    "KIND_NAMES",
    "ImportReport",
    "Progress",
    "RowError",
    "Tally",
    "UnreadableFile",
    "import_file",
]
