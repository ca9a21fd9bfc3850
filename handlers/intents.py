"""What a typed message asks for when it is not an answer to the open question.

`intent_of` names one of: "person" (to reach a counsellor), "recommend" ("그냥 추천해 주세요"),
"bus", "booking", "mydata", "menu", "help", "language", "search" (a field, a course or a
job named: "바리스타 배우고 싶어요") or "employed" (she found a job: "취직됐어요"), or
None. The control words come from `handlers.words`, the menu's words from
`handlers.flows.menu`, the fields from `handlers.answers`; this module only decides between
them, so that every question reads the same text the same way.
"""

from __future__ import annotations

import re

from handlers import answers
from handlers.flows.menu import intent_of as menu_intent
from handlers.words import compact, control_word, normalise

_RECOMMEND = re.compile(
    r"추천|골라주|골라줘|알아서|뭐가좋을|뭐가맞을|맞는거|맞는걸|어울리는|적당한거|"
    r"recommend|suggest|pick for me|goi y|de xuat|推荐|建议"
)
_LEARN = re.compile(
    r"배우|배울|교육|과정|자격증|수업|강좌|훈련|되고싶|하고싶|일하고싶|있어요|있나요|있을까|찾아|알아봐|"
    r"learn|course|training|class|hoc|khoa|学|课程|培训"
)
_MENU_INTENTS = {"home": "menu", "programmes": "search"}
# She found a job, said as news ("취직됐어요", "일 구했어요", "다음주부터 출근해요"); never a wish
# ("취업하고 싶어요") or a job that ended ("취업했었는데 그만뒀어요").
_EMPLOYED = re.compile(
    r"(취업|취직|입사)(이|을|해|하|에)?(했|햇|됐|되었|됬|했습니다|합격|성공)|"
    r"(일|일자리|직장|일거리)(을|를|도)?(구했|구햇|찾았|잡았)|(회사|직장|공장|병원|요양원)에?들어갔|"
    r"부터출근|출근하게|"
    r"합격해서|gotajob|foundajob|hired|coviec|找到工作|被录用|上班了"
)
_NOT_EMPLOYED = re.compile(r"그만|퇴사|잘렸|잘리|관뒀|못했|못햇|안됐|안되|떨어|싶")


def intent_of(text: str | None) -> str | None:
    """The intent of a message that is not an answer (see the module docstring)."""
    word = control_word(text)
    if word in ("person", "menu", "help"):
        return word
    flat = compact(text)
    if not flat:
        return None
    if _EMPLOYED.search(flat) and not _NOT_EMPLOYED.search(flat):
        return "employed"
    if _RECOMMEND.search(flat) or _RECOMMEND.search(normalise(text)):
        return "recommend"
    named = menu_intent(text)
    if named in ("bus", "mydata", "language"):
        return named
    if named == "booking" and not _LEARN.search(flat):
        return "booking"
    if answers.read_interests(text) and _LEARN.search(flat):
        return "search"
    if named == "help" and re.search(r"어떻게|모르겠|도와", flat):
        return "help"
    return _MENU_INTENTS.get(named or "", named)
