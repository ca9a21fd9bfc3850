"""Reading what people type during intake into the codes of `handlers.vocabulary`.

Each reader takes the raw text and returns a code (or codes), or None when it cannot tell, so
the flow can ask again. Korean first, in the words people use ("마흔두 살", "6년 쉬었어요",
"주말만 돼요"), and English for the English catalogue. Text is cleaned cheaply first: full-width
characters, punctuation and emoji, letter case, spacing, and a few common misspellings (되요/돼요,
됬어요, 괜찬아요). Keyword tables are regular expressions: Korean ones match the text with its
spaces removed, English ones whole words of the spaced text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from handlers.numbers import NATIVE_TENS, NATIVE_UNITS, SINO, spelled_numbers
from handlers.vocabulary import AVAILABILITY, CONSTRAINTS, FIELDS
from handlers.words import compact, confirmation, normalise, starts_with_no

# code(s) a keyword stands for; () consumes the words without meaning anything
Table = dict[str, tuple[str, ...]]

clean = normalise  # the one normaliser (handlers.words), under the name these readers use


def _is_korean(pattern: str) -> bool:
    return bool(re.search(r"[가-힣ㄱ-ㅣ\u4e00-\u9fff]", pattern))


@cache
def _compiled(
    table: tuple[tuple[str, tuple[str, ...]], ...],
) -> list[tuple[re.Pattern, bool, tuple]]:
    return [
        (re.compile(p if _is_korean(p) else rf"\b(?:{p})\b"), _is_korean(p), codes)
        for p, codes in table
    ]


_WINDOW = 8  # how far after a Korean keyword its negation may come: "은 필요 없어요"
_NEGATORS_BEFORE = {"not", "no", "dont", "except", "without", "never"}


def _found(text: str, table: Table, negation: str = "") -> tuple[list[str], list[str]]:
    """The codes a text says yes to, and those it says no to ("주말은 안 돼요").

    Where keywords overlap the longest wins ("산후조리" is care, not cooking). A Korean keyword
    is negated by `negation` in the few letters after it; an English one by "not", "no",
    "dont", "except", "without" in the three words before it."""
    flat, spaced = compact(text), clean(text)
    yes: list[str] = []
    no: list[str] = []
    compiled = _compiled(tuple(table.items()))
    for korean, source in ((True, flat), (False, spaced)):
        matches = _longest_matches(source, [(p, c) for p, k, c in compiled if k == korean])
        next_starts = [start for start, _end, _codes in matches[1:]] + [len(source)]
        for (start, end, codes), next_start in zip(matches, next_starts, strict=False):
            if korean:
                after = source[end : min(next_start, end + _WINDOW)]
                negated = bool(negation) and re.search(negation, after) is not None
            else:
                negated = bool(_NEGATORS_BEFORE & set(_words_before(source, start, 3)))
            (no if negated else yes).extend(codes)
    return _ordered(yes), _ordered(no)


def _longest_matches(source: str, patterns: list) -> list[tuple[int, int, tuple[str, ...]]]:
    found = [(m.start(), m.end(), codes) for p, codes in patterns for m in p.finditer(source)]
    kept: list[tuple[int, int, tuple[str, ...]]] = []
    taken = bytearray(len(source))  # letters a kept match covers: linear, however many matches
    for start, end, codes in sorted(found, key=lambda f: (f[0] - f[1], f[0])):
        if end > start and not any(taken[start:end]):
            taken[start:end] = b"\x01" * (end - start)
            kept.append((start, end, codes))
    return sorted(kept)


def _words_before(source: str, start: int, count: int) -> list[str]:
    """The last `count` words before `start`, reading only a window, not the whole text."""
    window_start = max(0, start - 30 * count)
    words = source[window_start:start].split()
    if window_start and words and not source[window_start - 1].isspace():
        words = words[1:]  # the window cut a word in two
    return words[-count:]


def _ordered(codes: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(codes))


def _in_order(codes: Iterable[str], vocabulary: dict[str, str]) -> tuple[str, ...]:
    wanted = set(codes)
    return tuple(code for code in vocabulary if code in wanted)


# --- age -----------------------------------------------------------------------------------

# The tens of an age said in words: native from 스물 (열 is read by the units), Sino digits
# without the zeros (a spelled number's own tables, `handlers.numbers`).
_NATIVE_TENS = {word: value for word, value in NATIVE_TENS.items() if value >= 20}
_SINO_DIGITS = {word: value for word, value in SINO.items() if value}
_ENGLISH_TENS = {
    "twent": 20,
    "thirt": 30,
    "fort": 40,
    "fourt": 40,
    "fift": 50,
    "sixt": 60,
    "sevent": 70,
    "eight": 80,
    "ninet": 90,
}


_TURNING = {
    "환갑": 60,
    "회갑": 60,
    "진갑": 61,
    "칠순": 70,
    "고희": 70,
    "팔순": 80,
    "불혹": 40,
    "지천명": 50,
    "이순": 60,
}
_SOON = r"(?:낼모레|내일모레|곧|내년(?:에|이면)?|다음해|이제곧|몇달있으면|올해말)"


def read_age_band(text: str | None, this_year: int | None = None) -> str | None:
    """The age band ("20s" … "60s") of "42", "42살", "마흔두 살", "사십대", "50대", "육십",
    "60대 초반", "스무살", "in my 40s", "52 tuổi", "五十二岁"; under 30 is "20s", 60 and over
    "60s". Birth years ("72년생", "1965년생", "70년 개띠", "1968年出生") need `this_year`;
    without it they are not guessed at. "환갑" is 60 (this year), "내년에 환갑" 59."""
    spaced = spelled_numbers(clean(text), vietnamese=True)
    flat = spaced.replace(" ", "")
    born = (
        re.search(r"(?<!\d)(\d{2}|\d{4})년(?:생|도생|[가-힣]{1,2}띠|출생)", flat)
        or re.search(r"(?<!\d)(\d{4})年(?:生|出生)", flat)
        or re.search(r"born in (\d{4})|sinh nam (\d{4})", spaced)
    )
    if born:
        return _band(_age_from_birth(next(g for g in born.groups() if g), this_year))
    soon = 1 if re.search(_SOON, flat) else 0
    if found := re.search("|".join(_TURNING), flat):
        return _band(_TURNING[found[0]] - soon)
    age = _decade(flat, spaced) or _years_old(flat) or _spoken_age(flat, spaced)
    return _band(age - soon if age and soon and age % 10 == 0 else age)


def _band(age: int | None) -> str | None:
    if age is None or not 10 <= age <= 110:
        return None
    return f"{min(max(age // 10, 2), 6)}0s"


def _age_from_birth(year: str, this_year: int | None) -> int | None:
    if this_year is None:
        return None
    born = int(year) if len(year) == 4 else 1900 + int(year)
    return this_year - (born + 100 if this_year - born > 100 else born)


def _decade(flat: str, spaced: str) -> int | None:
    """A decade named as one: "40대", "사십대", "십대", "40s", "forties"."""
    if found := re.search(r"(?<!\d)([1-9]0)(?:대|多岁|几岁)", flat) or re.search(
        r"\b([1-9]0)s\b", spaced
    ):
        return int(found[1])
    if found := re.search(r"([이삼사오육륙칠팔구])?십대", flat):
        return _SINO_DIGITS[found[1]] * 10 if found[1] else 10
    if found := re.search(r"\b(twent|thirt|fort|fourt|fift|sixt|sevent|eight|ninet)ies\b", spaced):
        return _ENGLISH_TENS[found[1]]
    return None


def _years_old(flat: str) -> int | None:
    """A two-digit number that is not a date, time or length: "42", "42살", "만 42세"."""
    found = re.search(r"(?<![\d~])(\d{2})(?![\d~]|년|개월|시|분|월|일|번|층|호|kg|cm|년생)", flat)
    return int(found[1]) if found else None


def _spoken_age(flat: str, spaced: str) -> int | None:
    """An age in words: "마흔두", "쉰", "스무살", "열아홉", "육십", "칠십오", "forty-two"."""
    if found := re.search("|".join(_NATIVE_TENS), flat):
        return _NATIVE_TENS[found[0]]
    if re.search(r"열(하나|한|둘|두|셋|세|넷|네|다섯|여섯|일곱|여덟|아홉)", flat):
        return 15
    if found := re.search(r"([이삼사오육륙칠팔구])십", flat):
        return _SINO_DIGITS[found[1]] * 10
    if found := re.search(r"\b(twent|thirt|fort|fourt|fift|sixt|sevent|eight|ninet)y", spaced):
        return _ENGLISH_TENS[found[1]]
    return None


# --- career break ----------------------------------------------------------------------------

# A number starts where a run of digits starts: searching from inside a long run again and
# again made this quadratic (4,000 digits held the event loop for a second).
_NUMBER = (
    r"(?P<n>(?<!\d)\d+(?:\.\d+)?(?:~\d+(?:\.\d+)?)?"
    r"|(?<![가-힣])[일이삼사오육륙칠팔구십]+"
    r"|(?<![가-힣])(?:한|두|세|석|네|넉|다섯|여섯|일곱|여덟|아홉|열))"
)
# The native numbers `_NUMBER` admits (their forms before a counter, and 열).
_NATIVE_UNITS = {**NATIVE_UNITS, "열": NATIVE_TENS["열"]}
_ENGLISH_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "couple of": 2,
}
_LESS_AFTER = (
    r"^(이|가|도|은|는|쯤|정도)?채?(안|못|미만|덜|이내|가까이|다되어가|다되가|좀안|조금안)"
)
_MORE_AFTER = r"^(이|가|도|은|는|쯤|정도)?(좀|조금|훨씬|훌쩍|한참|더)?(넘|이상|초과|지났|지나)"
_EPSILON = 0.01


def read_break_length(text: str | None) -> str | None:
    """The break-length code: "6년" -> "5_10y", "3년쯤" -> "3_5y",
    "1년 안 됐어요" -> "under_1y", "십 년 넘었어요" -> "over_10y", "6개월" -> "under_1y";
    also "2년 반", "5~6년", "six years", "less than a year".

    The bands include their lower bound: 1, 3, 5 and 10 years open the next band."""
    years = _korean_years(clean(text))
    if years is None:
        years = _korean_years(spelled_numbers(clean(text)))
    if years is None:
        years = _english_years(clean(text))
    if years is None:
        return None
    for limit, code in ((1, "under_1y"), (3, "1_3y"), (5, "3_5y"), (10, "5_10y")):
        if years < limit:
            return code
    return "over_10y"


def _korean_years(spaced: str) -> float | None:
    if re.search(r"(?<![년\d])반\s*년", spaced):
        return 0.5
    if re.search(r"몇\s*(달|개월)", spaced):
        return 0.3
    found = re.search(_NUMBER + r"\s*(?P<unit>년|해(?!요)|개월|달|nam\b|年|个月)", spaced)
    if found is None:
        return None
    value = _korean_number(found["n"])
    if value is None:
        return None
    if found["unit"] in ("개월", "달", "个月"):
        value /= 12
    tail = spaced[found.end() :].replace(" ", "")
    if tail.startswith("반"):
        value += 0.5
        tail = tail[1:]
    head = spaced[: found.start()].replace(" ", "")
    if re.search(_LESS_AFTER, tail) or head.endswith("거의"):
        return value - _EPSILON
    if re.search(_MORE_AFTER, tail):
        return value + _EPSILON
    return value


def _korean_number(word: str) -> float | None:
    """A number of "6", "5~6", "1.5", "십", "이십", "오륙" (five or six), "두", "석"."""
    if word[0].isdigit():
        ends = [float(part) for part in word.split("~")]
        return sum(ends) / len(ends)
    if word in _NATIVE_UNITS:
        return float(_NATIVE_UNITS[word])
    if len(word) == 2 and all(char in _SINO_DIGITS for char in word):
        first, second = (_SINO_DIGITS[char] for char in word)
        return first + 0.5 if second == first + 1 else None  # 오륙 년: five or six years
    tens, _, units = word.partition("십")
    if "십" not in word:
        return float(_SINO_DIGITS[word]) if word in _SINO_DIGITS else None
    if len(tens) > 1 or len(units) > 1 or (tens and tens not in _SINO_DIGITS):
        return None
    if units and units not in _SINO_DIGITS:
        return None
    return float(_SINO_DIGITS.get(tens, 1) * 10 + _SINO_DIGITS.get(units, 0))


def _english_years(spaced: str) -> float | None:
    if re.search(r"\bhalf a year\b", spaced):
        return 0.5
    words = "|".join(sorted(_ENGLISH_NUMBERS, key=len, reverse=True))
    found = re.search(rf"\b(\d+(?:\.\d+)?|{words})\s+(years?|yrs?|months?)\b", spaced)
    if found is None:
        return None
    value = float(found[1]) if found[1][0].isdigit() else float(_ENGLISH_NUMBERS[found[1]])
    if found[2].startswith("month"):
        value /= 12
    if re.match(r"\s*and a half", spaced[found.end() :]):
        value += 0.5
    before = spaced[: found.start()]
    if re.search(r"\b(less than|under|almost|nearly|not even)\s*$", before):
        return value - _EPSILON
    if re.search(r"\b(more than|over|above|at least)\s*$", before):
        return value + _EPSILON
    return value


# --- situation --------------------------------------------------------------------------------

# First match wins, so the order settles mixed answers: "육아휴직 중" is still employed, and a
# break outweighs a wish to start a business or a search for work.
SITUATION_WORDS: tuple[tuple[str, str], ...] = (
    ("employed", r"육아휴직|출산휴가|휴직중"),
    (
        "career_break",
        r"경력단절|경단|경력(이|을)?(끊|단절)|경력공백|공백(기|이)|"
        r"쉬었|쉬고|쉬는|쉰지|쉬어|쉬다|육아|출산|임신|전업주부|가정주부|주부|살림|전업맘|"
        r"(아이|애|애기|아기)(를|들|들을|들은)?(다)?(키우|키웠|키워|길렀|기르)|"
        r"일(을)?안한지|일(을)?안했|일(을)?못한지|집에(만)?있|놀고있|놀아요|노는중|"
        r"그만둔지(가)?(오래|꽤|한참|\d)|그만둔게(오래|꽤)|손놓은지|"
        r"(모시느라|간병하느라|돌보느라|키우느라|수발하느라)",
    ),
    ("career_break", r"家庭主妇|带孩子|在家"),
    ("career_break", r"o nha|noi tro|cham con"),
    (
        "career_break",
        r"career break|took .{0,20}off|time off|stay.at.home|homemaker|housewife|"
        r"havent worked|have not worked|not worked|been at home",
    ),
    (
        "starting_business",
        r"창업|(가게|매장|카페|식당|공방|쇼핑몰|반찬가게|꽃집|미용실)(을|를)?"
        r"(하나|작게)?(열|차리|내|오픈|해보|하고싶|운영하고싶)|장사|"
        r"사업(을)?(하|시작|준비)|사업자(를)?(내|냈|등록)|자영업|개업|"
        r"사장(님)?(이)?되|차리려",
    ),
    (
        "starting_business",
        r"(start|starting|open|opening|run|running) (a |my own |an? own )?"
        r"(business|shop|store|cafe|restaurant)|own business|startup|"
        r"entrepreneur|self.employed",
    ),
    (
        "employed",
        r"재직|직장인|(직장|회사|공장|일터)(에|를|은|는)?(다니|다녀|다닙)|회사원|"
        r"근무(중|하고|해요|합니다)|일하고있|일하는중|일하는데|일해요|일합니다|출근|맞벌이|"
        r"(알바|아르바이트)(중|하고있|해요)|파트타임|정규직|계약직|"
        r"(가게|식당|농사|장사)(일)?(을|를)?(도와|돕|거들)|"
        r"(으)?로일하고있|로근무|에서일해|에서일하",
    ),
    ("employed", r"上班|在工作"),
    ("employed", r"dang lam viec|di lam"),
    ("employed", r"i work|im working|working (now|full|part)|employed|have a job|in work"),
    (
        "job_seeking",
        r"구직|(일자리|일|직장|일거리|알바|아르바이트|자리)(를|을|좀)?"
        r"(찾|구하|구해|구함|알아보|알아봐|알아봅)|"
        r"취업|취직|취준|일하고싶|일하려|일을하고싶|실업|실직|백수|무직|퇴사|그만두|그만뒀|그만둔|"
        r"잘렸|해고|재취업|이직|명퇴|명예퇴직|정년퇴직|퇴직|은퇴|희망퇴직|권고사직|계약만료",
    ),
    ("job_seeking", r"找工作|求职|失业"),
    ("job_seeking", r"tim viec|kiem viec|that nghiep"),
    (
        "job_seeking",
        r"looking for (a )?(job|work)|job ?seeking|job hunting|seeking (a )?job|"
        r"unemployed|between jobs|(need|want|find) (a )?(job|work)|lost my job",
    ),
)


def read_situation(text: str | None) -> tuple[str, str | None] | None:
    """(situation, break length or None): "경력단절 6년" -> ("career_break", "5_10y"),
    "구직 중" -> ("job_seeking", None), "회사 다녀요" -> ("employed", None),
    "가게 열려고요" -> ("starting_business", None); None when it cannot tell."""
    flat, spaced = compact(text), clean(text)
    for situation, pattern in SITUATION_WORDS:
        source = flat if _is_korean(pattern) else spaced
        if re.search(pattern if _is_korean(pattern) else rf"\b(?:{pattern})", source):
            length = read_break_length(text) if situation == "career_break" else None
            return situation, length
    return None


# --- fields of interest ---------------------------------------------------------------------

INTEREST_WORDS: Table = {
    r"상담|콜센터|콜센타|고객센터|고객상담|고객응대|고객서비스|텔레마케|전화상담|민원": (
        "call_centre",
    ),
    r"call cent(re|er)s?|customer (service|support)|counsel+ing|telemarketing|contact cent(re|er)|"
    r"cs|tm": ("call_centre",),
    r"요리|조리|한식|양식|중식|일식|제과|제빵|베이킹|빵|떡|셰프|쉐프|주방|급식|반찬|음식|"
    r"바리스타|커피|식당|세프|조리사|요리사|파티시에": ("cooking",),
    r"nau an|dau bep|lam banh": ("cooking",),
    r"烹饪|做饭|厨师|烘焙|咖啡": ("cooking",),
    r"cook(ing)?|chef|baking|bakery|kitchen|food|barista|catering": ("cooking",),
    r"요양|돌봄|돌보|간병|복지|보육|어린이집|베이비시터|산후도우미|산후조리|가사도우미|간호|"
    r"활동지원|활동보조|노인|어르신|방과후|효지도|보호사|케어": ("care",),
    r"care|caregiv(er|ing)|nursing|welfare|elderly|childcare|babysitt(er|ing)": ("care",),
    r"사무|경리|회계|세무|총무|행정|엑셀|컴활|컴퓨터활용|문서|전산|비서|오피스|워드": ("office",),
    r"office|admin(istration)?|accounting|bookkeeping|clerical|secretary|excel|erp|itq": (
        "office",
    ),
    r"생산|제조|품질|공장|조립|포장|검사원|기계|용접|전기|전자|물류|창고|반도체": (
        "manufacturing",
    ),
    r"manufactur(e|ing)|factory|production|quality|assembly|packaging|logistics|warehouse": (
        "manufacturing",
    ),
    r"창업|사업|가게|장사|자영업|쇼핑몰|스마트스토어|온라인판매": ("startup",),
    r"startup|start.up|business|entrepreneur(ship)?|own shop": ("startup",),
    r"디자인|공예|미술|그림|네일|미용|헤어|메이크업|플라워|꽃|캘리|뜨개|바느질|봉제|의류|패션|"
    r"한복|도자기|공방|인테리어|포토샵|일러스트|퀼트|비즈|미싱|재봉|손으로만드|만들기|손재주|"
    r"손으로하는": ("design",),
    r"design(er|ing)?|crafts?|art|drawing|sewing|knitting|nails?|beauty|florist|flowers|"
    r"fashion|interior": ("design",),
    r"아이티|코딩|프로그래밍|프로그래머|개발자|소프트웨어|웹|앱|디지털|데이터|인공지능|"
    r"유튜브|영상편집|영상|블로그|스마트폰": ("it",),
    r"it|ai|sns|coding|programming|software|digital|web|data|youtube|video|smartphone": ("it",),
    r"관리자|팀장|중간관리|관리직|리더": ("management",),
    r"manag(er|ers|ement)|team lead(er)?|supervis(or|ing)|leading a team": ("management",),
    # people mean office software by 컴퓨터 as often as IT
    r"컴퓨터": ("office", "it"),
    r"computers?": ("office", "it"),
    r"웹디자인": ("design", "it"),
}
_ANY_FIELD = r"다좋|아무거나|뭐든|다관심|전부|다괜찮|상관없|anything|all of them|any of them"
_NOT_INTERESTED = r"싫|별로|말고|빼고|제외|관심없|안좋|못하|아니"


def read_interests(text: str | None) -> tuple[str, ...] | None:
    """Field codes, several at once: "상담이랑 요리" -> ("call_centre", "cooking");
    "요리 말고 상담" -> ("call_centre",); "아무거나" -> every field; None when none is named."""
    # "IT" is a field only in capitals; "it" is a pronoun
    if not re.search(r"\bIT\b", text or ""):
        text = re.sub(r"\bit\b", " ", text or "", flags=re.IGNORECASE)
    yes, _no = _found(text or "", INTEREST_WORDS, _NOT_INTERESTED)
    if yes:
        return _in_order(yes, FIELDS)
    if re.search(_ANY_FIELD, compact(text)) and not _no:
        return tuple(FIELDS)
    return None


# --- free times -----------------------------------------------------------------------------

AVAILABILITY_WORDS: Table = {
    r"평일|주중|[월화수목금]요일|월수금|화목|월화|주5일": ("weekday",),
    r"weekdays?|mondays?|tuesdays?|wednesdays?|thursdays?|fridays?": ("weekday",),
    r"주말|토요일|일요일|토일": ("weekend",),
    r"weekends?|saturdays?|sundays?": ("weekend",),
    r"매일": ("weekday", "weekend"),
    r"every ?day|daily": ("weekday", "weekend"),
    r"오전|아침|점심전": ("morning",),
    r"mornings?": ("morning",),
    r"오후|점심이후|점심후|점심먹고|저녁|밤|야간": ("afternoon",),
    r"afternoons?|evenings?|nights?": ("afternoon",),
    r"낮(에|시간|엔|만|$)": ("morning", "afternoon"),
    r"학교(에)?(가|간)?(있는|가있는|간)동안|등교(하고|후|시키고)|학교보내고|유치원보내고": (
        "weekday",
        "morning",
    ),
    r"buoi sang|sang": ("morning",),
    r"buoi chieu|chieu": ("afternoon",),
    r"cuoi tuan": ("weekend",),
    r"ngay thuong|trong tuan": ("weekday",),
    r"周末|星期六|星期天": ("weekend",),
    r"平日|工作日|周一到周五": ("weekday",),
    r"上午|早上": ("morning",),
    r"下午|晚上": ("afternoon",),
    r"daytime": ("morning", "afternoon"),
}
_ANY_TIME = (
    r"아무때|아무시간|언제든|언제나|상관없|다되|다괜찮|다가능|다좋|전부|모두|"
    r"anytime|any time|whenever|flexible"
)
_NOT_FREE = r"안되|안돼|안됩|빼고|말고|제외|불가|어려|힘들|못"
_AXES = (("weekday", "weekend"), ("morning", "afternoon"))


def read_availability(text: str | None) -> tuple[str, ...] | None:
    """Codes of free times: "주말만 돼요" -> ("weekend",), "평일 오전" -> ("weekday", "morning"),
    "주말은 안 돼요" -> ("weekday",), "아무 때나" -> all four; None when it cannot tell."""
    flat = compact(text)
    yes, no = _found(text or "", AVAILABILITY_WORDS, _NOT_FREE)
    if not yes and not no and re.search(_ANY_TIME, flat + " " + clean(text)):
        return tuple(AVAILABILITY)
    picked = set(yes) - set(no)
    for axis in _AXES:  # "not weekends" means weekdays
        for code, other in (axis, axis[::-1]):
            if code in no and other not in no:
                picked.add(other)
    only = _only(flat)  # "평일엔 일해서 주말만": only weekends
    for axis in _AXES:
        if only & set(axis):
            picked -= set(axis) - only
    return _in_order(picked, AVAILABILITY) or None


def _only(flat: str) -> set[str]:
    """The codes a Korean text restricts itself to with 만: "주말만", "오후에만"."""
    return {
        code
        for pattern, codes in AVAILABILITY_WORDS.items()
        if _is_korean(pattern) and re.search(rf"(?:{pattern})(?:에|엔|에는|은|는)?만", flat)
        for code in codes
    }


# --- help needed ----------------------------------------------------------------------------

CONSTRAINT_WORDS: Table = {
    r"맡길|맡기|맡아|돌봄|돌봐|보육|어린이집|탁아|봐줄|봐주|육아|(아이|애)(를)?키우|"
    r"(?<!장)(아이|애|아기|애기)(를|들|가|들이|랑)?(둘|셋|하나|한명|두명|세명)?"
    r"(데리고|같이|있|어려|어리)": ("childcare",),
    r"childcare|child care|daycare|babysit\w*|kids?|children|my (son|daughter|baby)": (
        "childcare",
    ),
    r"부모님(을)?돌|어르신(을)?돌": (),  # caring for parents is not childcare
    r"손주|손자|손녀|조카": ("childcare",),  # many grandmothers mind their grandchildren
    r"翻译|通译|口译": ("interpreter",),
    r"托儿|带孩子|照顾孩子": ("childcare",),
    r"통역|번역|"
    r"한국(어|말)(이|가|를|은|는|도)?(잘|아직|좀|많이|너무)*(못|서툴|서툰|어려|부족|모르|몰라|안되|약)|"
    r"(베트남|중국|영|러시아|몽골|캄보디아|필리핀|태국|우즈벡|일본)(어|말)(로|만|밖에)": (
        "interpreter",
    ),
    r"interpret\w*|translat\w*|(dont|do not|cant|cannot) speak korean|korean is (not good|poor|bad|"
    r"weak|limited)|(little|no|some) korean": ("interpreter",),
}
_NOT_NEEDED = r"필요(없|하지않|치않|는없)|안필요|없어도|없이도|괜찮|안해도|됐어|필요없"
_NO_HELP = (
    r"없|괜찮|아니|아뇨|딱히|특별히|별로|됐어|해당없|^노$|노노|ㄴㄴ|khong can|不需要|没有|"
    r"\b(none|no|nothing|nope|not needed|no thanks|im fine|fine|all good|n a|na)\b"
)


def read_constraints(text: str | None) -> tuple[str, ...] | None:
    """Help needed: "아이 맡길 곳이 필요해요" -> ("childcare",), "통역이 필요해요" /
    "한국어가 서툴러요" -> ("interpreter",); "없어요" / "괜찮아요" -> () (no help needed, which is
    an answer); None when it cannot tell."""
    yes, no = _found(text or "", CONSTRAINT_WORDS, _NOT_NEEDED)
    if yes:
        return _in_order(yes, CONSTRAINTS)
    if no or re.search(_NO_HELP, compact(text) + " " + clean(text)):
        return ()
    return None


# --- yes or no, and consent -------------------------------------------------------------------


def read_yes_no(text: str | None) -> bool | None:
    """True for an unambiguous yes ("네", "맞아요", "응", "ㅇㅇ", "yes", "có", "是的"), False
    for a plain no ("아니요", "싫어요", "ㄴㄴ", "không", "不是"); None otherwise — "네 시로
    바꿔 주세요" names four o'clock and is not a yes (`handlers.words.confirmation`); a message
    that starts by saying no ("아니 강남이에요") is a no."""
    said = confirmation(text)
    if said is None and starts_with_no(text):
        return False
    return said


_MORE = (
    r"자세히|더알려|뭘모으|뭐모으|무엇을모으|어떤정보|무슨정보|어디에쓰|어디쓰|뭐에쓰|왜필요|"
    r"뭐가필요|보관기간|얼마나보관|tell me more|more|details|what do you keep|chi tiet|详细|更多|"
    r"什么信息"
)
_REFUSE = (
    r"동의(하지|는안|안|못|못하|하기싫|안할|안해|거부)|(안|못)동의|싫|거부|둘러볼|둘러보|"
    r"안할래|안할게|안해요|그냥볼|구경만|disagree|dont agree|do not agree|refuse|"
    r"khong dong y|tu choi|不同意|拒绝|不要"
)
_AGREE = r"동의|agree|dong y|同意|ok|오케이"


def read_consent(text: str | None) -> str | None:
    """ "yes", "no" or "more" typed at the privacy notice: "네, 동의합니다", "동의해요" and
    "알겠어요" agree; "싫어요", "동의 안 해요", "그냥 둘러볼게요" refuse; "뭘 모으는데요?"
    asks for the full notice; None when it cannot tell."""
    flat, spaced = compact(text), clean(text)
    if re.search(_MORE, flat) or re.search(rf"\b(?:{_MORE})\b", spaced):
        return "more"
    if re.search(_REFUSE, flat) or re.search(_REFUSE, spaced):
        return "no"
    said = confirmation(text)
    if said is not None:
        return "yes" if said else "no"
    if re.search(_AGREE, flat) or re.search(_AGREE, spaced):
        return "yes"
    return None
