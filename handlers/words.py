"""One home for the words that steer a conversation, and the one text normaliser.

Control words — yes, no, back, skip, stop, menu, help and "a person" — in Korean, English,
Vietnamese and Chinese. Every flow asks `control_word` (or `confirmation` where a typed yes
would act); none keeps a list of its own. A control word counts only as the whole message, or
as a phrase with its endings ("그만할래요", "그만하기", "이제 그만요"), never as the start of
another word: "그만뒀어요" is an answer, not a stop. "A person" is understood inside a
sentence too ("사람이랑 통화하고 싶어요").

The other words that steer live here too, so no flow keeps a list of its own: the menu's
words (`menu_entry`), the names of a language (`LANGUAGE_WORDS`), the intake answers a text
at its summary names (`answer_named`), a wish for a recommendation or to learn
(`asks_to_recommend`, `speaks_of_learning`) and a search that names no subject
(`names_a_subject`).

`normalise` is the one cleaning every reader starts from: only a bounded prefix of the text
(`PREFIX` characters, so a pasted essay costs no more than a sentence), NFC, half-width,
lower case, Latin accents folded (Vietnamese is matched with or without them), common
misspellings fixed (됬/됐, 되요/돼요, 괜찬아요), the vowel ㅡ typed for a dash between digits,
punctuation and emoji dropped, single spaces. `compact` is the same without spaces.
"""

from __future__ import annotations

import re
import unicodedata

PREFIX = 300  # characters of a message any reader looks at

_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_TYPOS = (
    ("됬", "됐"),
    ("돼", "되"),
    ("괜찬", "괜찮"),
    ("않되", "안되"),
    ("몰르", "모르"),
    ("할께", "할게"),
    ("줄께", "줄게"),
    ("업어요", "없어요"),
    ("업음", "없음"),
)
_DASHES = re.compile(r"(?<=\d)\s*[ㅡ_~\-–—,]\s*(?=\d)")
_NOT_WORD = re.compile(r"[^\w~.]+|_")
_LONE_MARK = re.compile(r"(?<!\d)[~.]|[~.](?!\d)")


def fold(text: str) -> str:
    """Latin letters without their accents ("dừng lại" -> "dung lai"); Hangul and Han kept."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", kept)


def normalise(text: str | None) -> str:
    """Lower case, half-width, folded, no punctuation or emoji, single spaces, typos fixed.

    Ranges and decimals between digits survive as "5~6" and "1.5"; dashes, the vowel ㅡ and
    underscores between digits become "~" ("010ㅡ1234" -> "010~1234")."""
    text = (text or "")[:PREFIX].translate(_FULL_WIDTH)
    text = fold(unicodedata.normalize("NFC", text)).lower().replace("'", "").replace("’", "")
    for wrong, right in _TYPOS:
        text = text.replace(wrong, right)
    text = _DASHES.sub("~", text)
    text = _NOT_WORD.sub(" ", text)
    text = _LONE_MARK.sub(" ", text)
    return " ".join(text.split())


def compact(text: str | None) -> str:
    """`normalise` without spaces: "주말 만 돼요" -> "주말만되요"."""
    return normalise(text).replace(" ", "")


# Endings a Korean control phrase may carry: 요, 용, 여, 염, 임, 함, ㅎ, ㅠ …
_TAIL = r"(?:요|용|여|염|임|함|욤|죠|ㅎ+|ㅠ+|ㅜ+|ㅋ+)*"
_POLITE = (
    r"(?:할래|할게|할래요|할게요|하기|해|해요|해주세요|해줘|해줘요|합니다|하겠습니다|"
    r"하고싶어|하고싶어요)?"
)


def _whole(*patterns: str) -> re.Pattern[str]:
    return re.compile(r"^(?:" + "|".join(patterns) + r")" + _TAIL + "$")


# Each action: a pattern the whole compact message must match. Checked in this order.
_CONTROL: dict[str, re.Pattern[str]] = {
    "stop": _whole(
        r"(?:이제|그냥|고만)?그만" + r"(?:할래|할게|하기|해|해요|하자|합시다|하고싶어|하고싶어요|"
        r"할께요|물어보세요|물어봐|묻세요|둘래|둘게)?",
        r"(?:이제)?(?:중단|종료|취소|끝|끝내기|끝낼래|끝낼게)" + _POLITE,
        # Ending a talk with a counsellor ("상담 끝내기", "연결 끊어 주세요").
        r"(?:상담|대화|연결|채팅)(?:을|를|은|는)?(?:끝내기|끝낼게|끝낼래|끝|종료|그만|끊기|끊어|끊을게|"
        r"끊어주세요|끝내주세요)" + _POLITE,
        r"연결(?:을|를)?취소" + _POLITE,
        r"안할래|안할게|안할래요|안할게요|안해요|다음에할게|나중에할게|다음에할래|나중에할래|"
        r"다음에할게요|나중에할게요|다음에요|나중에요",
        r"stop|cancel|quit|exit|enough|stop it|no more",
        r"end (?:the )?(?:chat|conversation)(?: please)?",
        r"dung|dung lai|dunglai|huy|thoi|ket thuc|ketthuc|ket thuc (?:tu van|(?:cuoc )?tro chuyen)",
        r"结束|停止|取消|不要了|算了|不用了|不做了|结束(?:咨询|对话|聊天)",
    ),
    "back": _whole(
        r"이전|뒤로|뒤로가기|뒤로가|뒤로갈래|뒤로갈게|이전으로|이전질문|이전질문으로|앞질문|"
        r"앞질문으로|아까질문|아까질문으로|전질문|전질문으로|돌아가기|되돌아가기|돌아갈래|돌아갈게",
        r"back|go back|previous|previousquestion|goback",
        r"quaylai|quay lai|trolai|tro lai|quaylaitruoc",
        r"返回|上一步|后退|回去|上一个",
    ),
    "skip": _whole(
        r"(?:모르겠어|몰라|잘모르겠어|글쎄)?(?:요)?"
        r"(?:건너뛰기|건너뛸게|건너뛸래|건너뛰어|건너뛰어주세요|건너뛸게요|넘어가|넘어가기|넘어갈게|"
        r"넘어갈래|넘어가주세요|넘어가죠|넘길게|넘길래|넘겨주세요|넘겨|패스|스킵|다음질문|"
        r"다음으로|나중에답할게|대답안할래|답안할래|말안할래|말하기싫어)",
        r"skip|pass|next|skip it|next question",
        r"bo qua|boqua|tiep|tiep theo|tieptheo",
        r"跳过|下一个|下一题|不回答|略过",
    ),
    "menu": _whole(
        r"처음|처음으로|처음부터|메뉴|메뉴보기|메뉴보여줘|메뉴보여주세요|메뉴보여줘요|메인|메인메뉴|"
        r"홈|홈으로|첫화면|첫화면으로",
        r"menu|main menu|home|start over|mainmenu",
        r"menu chinh|menuchinh|trang chu|trangchu",
        r"菜单|主菜单|首页|回到开始",
    ),
    "help": _whole(
        r"도움|도움말|도와주세요|도와줘|도와줘요|사용법|어떻게해|어떻게해요|어떻게하는거예요|"
        r"어떻게하는거에요|어떻게하나요|어떻게하면되요|어떻게하는건가요|잘모르겠어|모르겠어|"
        r"뭘해야되요|뭐해야되요|뭐해야하나요|사용방법",
        r"help|how does this work|what do i do|i dont understand",
        r"tro giup|trogiup|giup|giup toi|huong dan",
        r"帮助|帮忙|怎么用|不懂",
    ),
}

# Asking for a person: a person named with a wish to talk, or a few whole phrases.
_PERSON = re.compile(
    r"(?:사람|상담원|상담사|상담선생님|선생님|직원|담당자|실제사람|진짜사람|인간)(?:분|님)?"
    r"(?:이?랑|하고|과|와|한테|에게|께|을|를|이|가|으로|로|좀)?(?:직접|그냥|좀)?"
    r"(?:통화|얘기|이야기|연결|대화|말하|말할|상담하|바꿔|바꾸|전화|채팅|불러)"
    r"|(?:기계|로봇|챗봇|봇)(?:이?랑|하고|과|와|한테)?(?:말하기|대화|얘기|하기)?(?:가)?(?:답답|싫|힘들)"
    r"|(?:센터|상담|담당)?(?:전화번호|연락처)(?:좀)?(?:알려|가르쳐|주세요|뭐|어떻게)"
    r"|전화로(?:물어|문의|상담|여쭤)"
    r"|talk to (?:a )?(?:person|human|someone|counsel+or|staff)|real person|human please"
    r"|speak (?:to|with) (?:a )?(?:person|human|someone|counsel+or)"
    r"|(?:connect me|chat) (?:to|with) (?:a |the )?(?:person|human|someone|counsel+or|staff)"
    r"|nguoi that|gap nhan vien|noi chuyen voi nguoi|tu van vien"
    r"|人工|真人|转人工|找人|客服|联系工作人员|工作人员(?:说|聊|谈)|咨询师(?:说|聊|谈)"
)

# An unambiguous yes or no: the whole message, with its endings and a few polite words after.
_YES = re.compile(
    r"^(?:네|넵|넹|넴|녜|내|예|예예|네네|네네네|응|웅|응응|ㅇ+|ㅇㅋ|오케이|오키|콜|좋아|좋아요|"
    r"좋습니다|그래|그래요|그럽시다|그렇게해주세요|그렇게할게요|그걸로|그걸로할게|그걸로할게요|"
    r"맞아|맞아요|맞습니다|맞음|맞죠|맞네요|맞아용|당연하죠|물론이죠|물론|알겠어요|알겠습니다|"
    r"알았어요|yes|yeah|yep|yup|ok|okay|sure|correct|right|of course|"
    r"co|vang|da|dung|dung roi|duoc|u|ok a|"
    r"是|是的|对|对的|好|好的|可以|行|没错|嗯)"
    r"(?:네|예|응|그래|좋아요|좋아|맞아요|맞습니다|그걸로|그렇게|맞|맞아|"
    r"dung|dung roi|roi|没错|对|好的|好)*"
    r"(?:예약|예약할게|예약해주세요|예약해줘|예약할께|예약하기|예약부탁해요|예약부탁드려요|그걸로할게|"
    r"할게|할게요|해주세요|해요|부탁해요|부탁드려요|부탁합니다|옮겨주세요|바꿔주세요|취소해주세요|"
    r"삭제해주세요|지워주세요|연결해주세요|동의|동의해요|동의합니다|동의할게|진행|진행해주세요|"
    r"please|book it|go ahead|do it)*" + _TAIL + "$"
)
_NO = re.compile(
    r"^(?:아니|아니요|아니오|아뇨|아녀|아니에요|아니예요|아닙니다|아님|아니야|노|노노|ㄴ+|놉|"
    r"싫어|싫어요|싫습니다|틀려|틀려요|틀렸어요|틀림|안돼|안되요|안됩니다|됐어요|괜찮습니다|"
    r"no|nope|nah|no thanks|wrong|khong|khong dung|sai|不|不是|不要|不对|不用|没有)"
    r"(?:괜찮아요|괜찮습니다|됐어요|그대로둘게요|안할게요|안할래요|다른시간|다른날)*" + _TAIL + "$"
)
_EMOJI_YES, _EMOJI_NO = ("👍", "👌", "⭕", "🙆"), ("👎", "❌", "🙅")


# The kinds of counselling a booking offers, named inside a message ("전화로 할게요", "센터 방문").
_KINDS = {
    "phone": ("전화", "phone", "call"),
    "bus": ("버스", "bus"),
    "visit": ("방문", "센터", "visit", "centre", "center"),
}


def counselling_kind(text: str | None) -> str | None:
    """ "phone", "bus" or "visit" when the text names a kind of counselling, else None."""
    flat = compact(text)
    return next((kind for kind, keys in _KINDS.items() if any(key in flat for key in keys)), None)


_NO_START = re.compile(
    r"^(?:아니|아뇨|틀려|틀렸|틀림|안맞|그게아니|싫어|다른|ㄴㄴ|khong|ko|sai|不|没有|否)"
)


def starts_with_no(text: str | None) -> bool:
    """Whether a message begins by saying no ("아니 강남이에요", "안 맞아요", "다른 곳이에요",
    "không phải"): enough to undo a guess, never to act on."""
    spaced = normalise(text)
    return bool(_NO_START.match(spaced.replace(" ", ""))) or spaced.split()[:1] in (["ko"],)


def control_word(text: str | None) -> str | None:
    """ "yes", "no", "back", "skip", "stop", "menu", "help" or "person", when the whole
    message is that control word (a person: when it asks for one); else None."""
    raw = (text or "").strip()[:PREFIX]
    if raw[:1] in _EMOJI_YES:
        return "yes"
    if raw[:1] in _EMOJI_NO:
        return "no"
    spaced = normalise(raw)
    flat = spaced.replace(" ", "")
    if not flat:
        return None
    if _PERSON.search(flat) or _PERSON.search(spaced):
        return "person"
    answer = confirmation(raw)
    if answer is not None:
        return "yes" if answer else "no"
    for action, pattern in _CONTROL.items():
        if pattern.match(flat) or pattern.match(spaced):
            return action
    return None


def confirmation(text: str | None) -> bool | None:
    """True only for an unambiguous yes ("네", "네, 예약할게요", "맞아요", "좋아요 그걸로 할게요"),
    False for a plain no; None for anything else, including "네 시로 바꿔 주세요" (four
    o'clock), "네 그런데 금요일이면 좋겠어요" and anything that names a time, day or place."""
    raw = (text or "").strip()[:PREFIX]
    if raw[:1] in _EMOJI_YES and len(raw) <= 2:
        return True
    if raw[:1] in _EMOJI_NO and len(raw) <= 2:
        return False
    spaced = normalise(raw)
    flat = spaced.replace(" ", "")
    if not flat:
        return None
    if _YES.match(flat) or _YES.match(spaced):
        return True
    if _NO.match(flat) or _NO.match(spaced):
        return False
    return None


# --- the menu's words ------------------------------------------------------------------

# Words people type, in each language, mapped to the menu entry they most likely mean (matched
# as parts of the typed text once both are normalised; Vietnamese also without its accents).
MENU_WORDS: dict[str, tuple[str, ...]] = {
    "programmes": (
        "교육",
        "과정",
        "훈련",
        "배우",
        "강좌",
        "프로그램",
        "course",
        "training",
        "program",
        "课程",
        "培训",
        "学习",
        "khóa học",
        "khoa hoc",
        "đào tạo",
        "dao tao",
    ),
    "bus": (
        "버스",
        "이동상담",
        "찾아가는",
        "bus",
        "巴士",
        "咨询车",
        "xe buýt",
        "xe buyt",
        "xe tư vấn",
    ),
    "booking": (
        "예약",
        "상담",
        "booking",
        "book",
        "appointment",
        "预约",
        "咨询",
        "đặt lịch",
        "dat lich",
        "lịch hẹn",
        "lich hen",
        "tư vấn",
        "tu van",
    ),
    "mydata": (
        "내정보",
        "제정보",
        "나의정보",
        "개인정보",
        "정보삭제",
        "탈퇴",
        "mydata",
        "privacy",
        "delete",
        "我的信息",
        "个人信息",
        "删除",
        "thông tin của tôi",
        "thong tin cua toi",
        "xóa",
        "xoa du lieu",
    ),
    "language": (
        "언어",
        "language",
        "english",
        "영어",
        "语言",
        "中文",
        "ngôn ngữ",
        "ngon ngu",
        "tiếng việt",
        "tieng viet",
    ),
    "help": ("도움", "도와", "사용법", "help", "帮助", "trợ giúp", "tro giup", "giúp", "giup"),
    "home": (
        "메뉴",
        "처음",
        "안녕",
        "시작",
        "menu",
        "hello",
        "hi",
        "start",
        "菜单",
        "你好",
        "开始",
        "xin chào",
        "xin chao",
        "bắt đầu",
        "bat dau",
    ),
}
_MENU_KEYS = {intent: tuple(compact(key) for key in keys) for intent, keys in MENU_WORDS.items()}


def menu_entry(text: str | None) -> str | None:
    """The menu entry a typed text asks for, or None. A short Latin key ("hi", "bus") counts
    only as a word of its own, so "machine" or "thi" do not mean hello."""
    words = compact(text)
    if not words:
        return None
    tokens = set(re.findall(r"\w+", (text or "").lower()))
    for intent, keys in _MENU_KEYS.items():
        if any(key in tokens if _short(key) else key in words for key in keys):
            return intent
    return None


def _short(key: str) -> bool:
    return len(key) <= 3 and key.isascii()


# Typed answers that name a language, besides its own name.
LANGUAGE_WORDS = {
    "ko": ("한국어", "한국", "한글", "korean", "ko", "kr"),
    "en": ("영어", "english", "en", "eng", "영문"),
    "vi": ("베트남어", "vietnamese", "tiengviet", "vi", "viet"),
    "zh_Hans": ("중국어", "chinese", "中文", "汉语", "zh", "cn"),
}


# What a typed text at the intake's summary may name, to change that answer.
ANSWER_WORDS = {
    "sido": r"지역|사는곳|동네|주소|시군구|area|place|where",
    "age_band": r"나이|연세|연령|age",
    "situation": r"상황|경력|situation",
    "interests": r"관심|분야|interest|field",
    "availability": r"시간|요일|언제|time|day",
    "constraints": r"도움|돌봄|통역|help|childcare|interpreter",
}


def answer_named(text: str | None) -> str | None:
    """The intake answer a text at the summary names ("지역 바꿀래요" -> "sido"), or None."""
    flat = compact(text)
    return next((slot for slot, pattern in ANSWER_WORDS.items() if re.search(pattern, flat)), None)


# Words of a search that only ask for a course, naming no subject.
_ONLY_ASKING = re.compile(
    r"교육|과정|훈련|강좌|프로그램|수업|배우(고싶어요|고싶어|고싶|기|고|려고|ㄹ래요)?|배울|"
    r"알려주세요|알려줘|있어요|있나요|받고싶어요|받고싶|하고싶어요|싶어요|좀|뭐|어떤|무슨|"
    r"course|courses|training|learn|[?!.\s]"
)


def names_a_subject(text: str) -> bool:
    """Whether a search names a subject ("드론 조종 배우고 싶어요"), not only that she wants
    a course ("교육 알려주세요")."""
    return len(_ONLY_ASKING.sub("", compact(text))) >= 2


# --- wishes: a recommendation, something to learn -------------------------------------------

_RECOMMEND = re.compile(
    r"추천|골라주|골라줘|알아서|뭐가좋을|뭐가맞을|맞는거|맞는걸|어울리는|적당한거|"
    r"recommend|suggest|pick for me|goi y|de xuat|推荐|建议"
)
_LEARN = re.compile(
    r"배우|배울|교육|과정|자격증|수업|강좌|훈련|되고싶|하고싶|일하고싶|있어요|있나요|있을까|찾아|알아봐|"
    r"learn|course|training|class|hoc|khoa|学|课程|培训"
)


def asks_to_recommend(text: str | None) -> bool:
    """ "그냥 추천해 주세요", "pick for me", "推荐"."""
    return bool(_RECOMMEND.search(compact(text)) or _RECOMMEND.search(normalise(text)))


def speaks_of_learning(text: str | None) -> bool:
    """ "배우고 싶어요", "자격증", "course": wanting to learn, not to book."""
    return bool(_LEARN.search(compact(text)))


# --- news: she found a job ----------------------------------------------------------------------

# Said as news ("취직됐어요", "일 구했어요", "다음주부터 출근해요"); never a wish
# ("취업하고 싶어요") or a job that ended ("취업했었는데 그만뒀어요").
_EMPLOYED = re.compile(
    r"(취업|취직|입사)(이|을|해|하|에)?(했|햇|됐|되었|됬|했습니다|합격|성공)|"
    r"(일|일자리|직장|일거리)(을|를|도)?(구했|구햇|찾았|잡았)|(회사|직장|공장|병원|요양원)에?들어갔|"
    r"부터출근|출근하게|"
    r"합격해서|gotajob|foundajob|hired|coviec|找到工作|被录用|上班了"
)
_NOT_EMPLOYED = re.compile(r"그만|퇴사|잘렸|잘리|관뒀|못했|못햇|안됐|안되|떨어|싶")


def says_employed(text: str | None) -> bool:
    """ "취직됐어요", "got a job": news of a job found, not a wish nor a job that ended."""
    flat = compact(text)
    return bool(_EMPLOYED.search(flat)) and not _NOT_EMPLOYED.search(flat)


def asks_how(text: str | None) -> bool:
    """ "어떻게 해요?", "모르겠어요", "도와주세요": a help word that asks how, not a topic."""
    return bool(re.search(r"어떻게|모르겠|도와", compact(text)))


# --- what a search names ----------------------------------------------------------------------

SUBJECT_MAX = 40  # characters of her words quoted back
_FILLER = frozenset({"저", "저는", "제가", "나", "난", "혹시", "그냥", "좀", "음", "어", "그"})
# A word that asks rather than names: the wish ("배우고 싶어여", "되고 싶어요", "따고"), the
# course words, "있나요", "알려주세요", "수"/"곳" of "배울 수 있는 곳".
_ASKING = re.compile(
    r"(?:배우|배울|배워|되고|되려|되는|따고|따려|받고|받을|받으|듣고|들을|하고싶|알려|"
    r"있나|있어|있는|있을|있으|싶|찾고|찾아|교육|과정|훈련|강좌|프로그램|수업)"
    r"|(?:수|곳|데)$"
)
_OBJECT_PARTICLE = re.compile(r"(?<=..)[을를]$")


def subject_of(text: str) -> str:
    """The subject she named in a search, to quote back ("바리스타 배우고 싶어여" ->
    "바리스타"): the words before the first that asks, without the filler before them or the
    object particle after them. Her words as typed when they are not Korean or name nothing."""
    typed = " ".join(text.split())
    words = [normalise(word) for word in typed.split()] if re.search("[가-힣]", typed) else []
    while words and words[0] in _FILLER:
        words.pop(0)
    subject = []
    for word in words:
        if not word or _ASKING.match(word):
            break
        subject.append(word)
    if subject:
        subject[-1] = _OBJECT_PARTICLE.sub("", subject[-1])
    return (" ".join(subject) or typed)[:SUBJECT_MAX]
