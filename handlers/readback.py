"""Reading what she types after a read-back ("3월 12일(목) 오후 2시, 광명시여성새일센터 방문 상담
맞으세요?"): only an unambiguous yes confirms; text that names another time, day or place is a
correction, to be read back again; never is a correction taken for a yes.

"네 시로 바꿔 주세요" is four o'clock, not "네"; "네 두시 좋아요" names the time read back
and is a yes; "네 그런데 금요일이면 좋겠어요" and "광명 말고 부천센터로" are corrections;
"다른 시간 볼게요" and "아니요" are a no (show other times).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from handlers.dates import read_when
from handlers.words import compact, confirmation, normalise

_CHANGE = re.compile(
    r"말고|바꿔|바꾸|변경|미뤄|미루|옮겨|옮기|당겨|늦춰|늦게|일찍|어때|안되|안돼|될까|되나|가능할까|"
    r"이면좋|였으면|으면좋|(으)?로(해|할|요|하|부탁|가|주세요|바)|센터|instead|change|move|"
    r"doi|thay|改|换"
)
_BOOK_IT = re.compile(
    r"^예약(할게|할래|해주세요|해줘|해줘요|하기|하겠습니다|합니다|부탁해요|부탁드려요)?요?$"
)
_OTHER_TIMES = re.compile(r"다른(시간|날|때|요일)|딴(시간|날)|other (times?|days?)|khac|别的|其他")


def read_readback(text: str | None, now: datetime, tz: ZoneInfo, day: date, at: time) -> str | None:
    """ "yes", "no" (show other times), "change" (a correction to read back again) or None."""
    said = confirmation(text)
    flat = compact(text)
    if said or _BOOK_IT.match(flat):
        return "yes"
    when = read_when(text or "", now, tz)
    if when is not None:
        same = when.day in (None, day) and when.at in (None, at)
        first = normalise(text).split()[0] if normalise(text) else ""
        return "yes" if same and confirmation(first) else "change"
    if _OTHER_TIMES.search(flat) or _OTHER_TIMES.search(normalise(text)):
        return "no"
    if _CHANGE.search(flat):
        return "change"
    return None if said is None else "no"
