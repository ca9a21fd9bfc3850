"""The recommendation's evaluation set: people from the seeds' world and what a counsellor
would put first for each, and what must never be shown to her.

Written before the score was tuned (issue 16), from the five seed articles and PRODUCT.md's
"What the seeds say": every seed region (광명/경기, 인천, 완주/전북, 대전, 서울's bus), regions
with nothing near, people in work and not, 20s to 60s, and each group PRODUCT.md names
(경력단절여성, 신중년, youth, 결혼이민여성, call-centre staff seeking promotion).

`first`: any of these first is what a counsellor would do. `never`: programme keys that must
not be among the `SHOWN` first recommendations. Beside them, `rule_breaches` checks rules
that hold for every person and every catalogue (the generated one included):

- company consulting is never shown to a person;
- the Seoul bus only to people who live in Seoul;
- courses for people in work (`employed`, `managers`) only to people in work, and only in
  their own 시/도 (a city's course for its own workers);
- the managers' course only to someone who wants management training;
- a programme in another 시/도 only when nothing near fits: no far programme is shown while a
  fitting one in her 시/도 (or online / nationwide) is left out.

`evaluate(listings, today)` runs them all through `handlers.recommend.rank`; the test in
`tests/handlers/test_recommend_quality.py` and `bench/recommend_quality.py` both use it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from handlers.recommend import rank
from storage.records import Profile, ProgrammeListing

SHOWN = 3  # the chat's first page of recommendations
SEOUL = "서울특별시"
NATIONWIDE = frozenset({"전국", "온라인"})

G_CALL = "demo:gwangmyeong:callcentre"
G_CAREER = "demo:gwangmyeong:career-guidance"  # 직업진로 지도
G_AFTERCARE = "demo:gwangmyeong:aftercare"  # 사후관리 for women who found work
G_INTERN = "demo:gwangmyeong:immigrant-intern"  # 새일(결혼이민)여성인턴제
G_DESK = "demo:gwangmyeong:mobile-desk"  # 찾아가는 이동취업 상담실
I_WINK, I_WINK2, I_BOOM = "demo:incheon:wink-link", "demo:incheon:w-ink", "demo:incheon:w-boom-up"
W_MID = "demo:wanju:new-middle-age"
W_CHEF, W_QUAL = "demo:wanju:chef-master", "demo:wanju:quality"
W_UPC, W_FILIAL = "demo:wanju:upcycling", "demo:wanju:filial-care"
D_CALL, D_MGR = "demo:daejeon:callcentre", "demo:daejeon:callcentre-managers"
BUS = "demo:seoul-bus:counselling"
WORKERS_ONLY = (I_WINK, I_WINK2, G_AFTERCARE, D_MGR)


@dataclass(frozen=True)
class Persona:
    name: str
    profile: Profile
    first: frozenset[str]
    never: frozenset[str] = field(default_factory=frozenset)


def persona(name: str, first, never=(), **answers) -> Persona:
    first = frozenset({first} if isinstance(first, str) else first)
    return Persona(name, Profile(user_id=0, **answers), first, frozenset(never))


def _in(sido: str, sigungu: str | None = None) -> dict:
    return {"sido": sido, "sigungu": sigungu}


SEOUL_GEUMCHEON = _in(SEOUL, "금천구")
GWANGMYEONG = _in("경기도", "광명시")
DAEJEON = _in("대전광역시", "서구")
WANJU = _in("전북특별자치도", "완주군")
WEEKDAYS = ("weekday",)

PERSONAS: tuple[Persona, ...] = (
    # 서울: the bus stops in her zone on Thursdays; nothing else of the demo is in Seoul.
    persona(
        "issue: 27, 금천구, IT and 창업, weekdays",
        BUS,
        (W_UPC,),
        **SEOUL_GEUMCHEON,
        age_band="20s",
        situation="job_seeking",
        interests=("it", "startup"),
        availability=WEEKDAYS,
    ),
    persona(
        "58, 마포구, care work",
        BUS,
        **_in(SEOUL, "마포구"),
        age_band="50s",
        situation="job_seeking",
        interests=("care",),
        availability=WEEKDAYS,
    ),
    persona(
        "45, 노원구, 8 years out, call centre",
        BUS,
        (D_MGR,),
        **_in(SEOUL, "노원구"),
        age_band="40s",
        situation="career_break",
        break_length="5_10y",
        interests=("call_centre",),
    ),
    persona(
        "33, 송파구, out 2 years, cooking, childcare",
        BUS,
        **_in(SEOUL, "송파구"),
        age_band="30s",
        situation="career_break",
        break_length="1_3y",
        interests=("cooking",),
        constraints=("childcare",),
    ),
    persona(
        "62, 은평구, anything", BUS, **_in(SEOUL, "은평구"), age_band="60s", situation="job_seeking"
    ),
    persona(
        "38, 강남구, works in an office",
        BUS,
        (I_WINK, I_WINK2, D_MGR, I_BOOM),
        **_in(SEOUL, "강남구"),
        age_band="30s",
        situation="employed",
        interests=("office",),
    ),
    persona(
        "24, 관악구, IT, weekends too",
        BUS,
        **_in(SEOUL, "관악구"),
        age_band="20s",
        situation="job_seeking",
        interests=("it",),
        availability=("weekday", "weekend"),
    ),
    persona(
        "41, 영등포구, opening a shop",
        BUS,
        **_in(SEOUL, "영등포구"),
        age_band="40s",
        situation="starting_business",
        interests=("startup",),
    ),
    persona(
        "30, 구로구, marriage immigrant, interpreter",
        {BUS, G_INTERN},
        **_in(SEOUL, "구로구"),
        age_band="30s",
        situation="job_seeking",
        constraints=("interpreter",),
    ),
    # 경기 광명 and around: 광명시여성새일센터.
    persona(
        "issue: 42, 광명, 6 years out, call centre",
        G_CALL,
        (BUS, I_BOOM, D_MGR),
        **GWANGMYEONG,
        age_band="40s",
        situation="career_break",
        break_length="5_10y",
        interests=("call_centre",),
    ),
    persona(
        "35, 광명, out 2 years, undecided",
        {G_CALL, G_CAREER, G_DESK},
        (BUS,),
        **GWANGMYEONG,
        age_band="30s",
        situation="career_break",
        break_length="1_3y",
    ),
    persona(
        "31, 광명, marriage immigrant, interpreter",
        G_INTERN,
        (BUS,),
        **GWANGMYEONG,
        age_band="30s",
        situation="job_seeking",
        constraints=("interpreter",),
    ),
    persona(
        "44, 광명, found work last year",
        G_AFTERCARE,
        (BUS, D_MGR, I_BOOM),
        **GWANGMYEONG,
        age_band="40s",
        situation="employed",
        interests=("call_centre",),
    ),
    persona(
        "53, 수원, out 10 years, cooking",
        {G_CAREER, G_CALL, G_DESK},
        (BUS,),
        **_in("경기도", "수원시"),
        age_band="50s",
        situation="career_break",
        break_length="over_10y",
        interests=("cooking",),
    ),
    persona(
        "28, 부천, IT",
        {G_DESK},
        (BUS,),
        **_in("경기도", "부천시"),
        age_band="20s",
        situation="job_seeking",
        interests=("it",),
    ),
    persona(
        "61, 광명, care work",
        {G_DESK},
        (BUS,),
        **GWANGMYEONG,
        age_band="60s",
        situation="job_seeking",
        interests=("care",),
    ),
    persona(
        "39, 고양, works in an office",
        G_AFTERCARE,
        (BUS, I_WINK, I_WINK2),
        **_in("경기도", "고양시"),
        age_band="30s",
        situation="employed",
        interests=("office",),
    ),
    persona(
        "54, 광명, starting a business",
        {G_DESK},
        (BUS,),
        **GWANGMYEONG,
        age_band="50s",
        situation="starting_business",
        interests=("startup",),
    ),
    # 인천: 윙크 링크 and 위윙크 for women in work; no course for job seekers.
    persona(
        "36, 남동구, office worker, childcare",
        {I_WINK, I_WINK2},
        (I_BOOM, BUS),
        **_in("인천광역시", "남동구"),
        age_band="30s",
        situation="employed",
        interests=("office",),
        constraints=("childcare",),
    ),
    persona(
        "45, 부평구, call-centre agent",
        {I_WINK, I_WINK2},
        (I_BOOM, BUS, D_MGR),
        **_in("인천광역시", "부평구"),
        age_band="40s",
        situation="employed",
        interests=("call_centre",),
    ),
    persona(
        "40, 연수구, out 4 years, cooking",
        {W_CHEF, G_CAREER, G_DESK},
        (I_WINK, I_WINK2, I_BOOM, BUS),
        **_in("인천광역시", "연수구"),
        age_band="40s",
        situation="career_break",
        break_length="3_5y",
        interests=("cooking",),
    ),
    persona(
        "23, 인천 서구, IT",
        {G_DESK},
        (I_WINK, I_WINK2, I_BOOM, BUS),
        **_in("인천광역시", "서구"),
        age_band="20s",
        situation="job_seeking",
        interests=("it",),
    ),
    # 대전: the call-centre courses of 대전시 and 대전경제통상진흥원.
    persona(
        "issue: 대전, call centre, wants 관리자 교육 and 품질관리",
        D_MGR,
        (BUS, W_QUAL),
        **DAEJEON,
        age_band="40s",
        situation="employed",
        interests=("manufacturing", "management"),
    ),
    persona(
        "37, 대전, out 5 years, call centre",
        D_CALL,
        (D_MGR, BUS),
        **DAEJEON,
        age_band="30s",
        situation="career_break",
        break_length="3_5y",
        interests=("call_centre",),
    ),
    persona(
        "52, 유성구, office work",
        D_CALL,
        (D_MGR, BUS),
        **_in("대전광역시", "유성구"),
        age_band="50s",
        situation="job_seeking",
        interests=("office",),
    ),
    persona(
        "33, 대전, call-centre agent seeking promotion",
        {D_MGR, D_CALL},
        (BUS, I_BOOM),
        **DAEJEON,
        age_band="30s",
        situation="employed",
        interests=("call_centre", "management"),
    ),
    persona(
        "22, 대전, anything",
        D_CALL,
        (D_MGR, BUS),
        **DAEJEON,
        age_band="20s",
        situation="job_seeking",
    ),
    persona(
        "63, 대전, cooking",
        D_CALL,
        (W_CHEF, BUS),
        **DAEJEON,
        age_band="60s",
        situation="job_seeking",
        interests=("cooking",),
    ),
    persona(
        "34, 대전, marriage immigrant, cooking",
        D_CALL,
        (BUS,),
        **DAEJEON,
        age_band="30s",
        situation="job_seeking",
        interests=("cooking",),
        constraints=("interpreter",),
    ),
    # 전북 완주: 완주군일자리지원센터 (its seed courses have ended; next cohorts are examples).
    persona("55, 완주, anything", W_MID, (BUS,), **WANJU, age_band="50s", situation="job_seeking"),
    persona(
        "38, 완주, out 3 years, cooking",
        W_CHEF,
        (BUS,),
        **WANJU,
        age_band="30s",
        situation="career_break",
        break_length="1_3y",
        interests=("cooking",),
    ),
    persona(
        "41, 전주, out, production",
        W_QUAL,
        (BUS,),
        **_in("전북특별자치도", "전주시"),
        age_band="40s",
        situation="career_break",
        break_length="5_10y",
        interests=("manufacturing",),
    ),
    persona(
        "29, 완주, opening a design shop",
        W_UPC,
        (BUS,),
        **WANJU,
        age_band="20s",
        situation="starting_business",
        interests=("design",),
    ),
    persona(
        "63, 익산, care work",
        {W_FILIAL, W_MID},
        (BUS,),
        **_in("전북특별자치도", "익산시"),
        age_band="60s",
        situation="job_seeking",
        interests=("care",),
    ),
    persona(
        "46, 완주, factory worker",
        W_QUAL,
        (D_MGR, BUS, I_WINK),
        **WANJU,
        age_band="40s",
        situation="employed",
        interests=("manufacturing",),
    ),
    persona(
        "24, 군산, IT",
        {W_UPC, W_QUAL, W_CHEF, W_FILIAL},
        (BUS,),
        **_in("전북특별자치도", "군산시"),
        age_band="20s",
        situation="job_seeking",
        interests=("it",),
    ),
    # Regions the demo has nothing in: what is far says where it is; never the bus.
    persona(
        "45, 부산 해운대구, out, cooking",
        W_CHEF,
        (BUS, I_WINK, D_MGR),
        **_in("부산광역시", "해운대구"),
        age_band="40s",
        situation="career_break",
        break_length="5_10y",
        interests=("cooking",),
    ),
    persona(
        "57, 제주, care work",
        {W_FILIAL, W_MID},
        (BUS,),
        **_in("제주특별자치도", "제주시"),
        age_band="50s",
        situation="job_seeking",
        interests=("care",),
    ),
    persona(
        "33, 춘천, out, call centre",
        {G_CALL, D_CALL},
        (BUS, D_MGR),
        **_in("강원특별자치도", "춘천시"),
        age_band="30s",
        situation="career_break",
        break_length="1_3y",
        interests=("call_centre",),
    ),
    persona(
        "40, 포항, care worker",
        W_FILIAL,
        (BUS, D_MGR, I_WINK, I_WINK2),
        **_in("경상북도", "포항시"),
        age_band="40s",
        situation="employed",
        interests=("care",),
    ),
    persona(
        "28, 광주, starting a business",
        W_UPC,
        (BUS,),
        **_in("광주광역시", "광산구"),
        age_band="20s",
        situation="starting_business",
        interests=("startup",),
    ),
    persona(
        "64, 세종, anything",
        W_MID,
        (BUS,),
        sido="세종특별자치시",
        age_band="60s",
        situation="job_seeking",
    ),
    persona(
        "36, 천안, out 4 years, office, weekday mornings",
        {G_CAREER, G_CALL, D_CALL, G_DESK},
        (BUS,),
        **_in("충청남도", "천안시"),
        age_band="30s",
        situation="career_break",
        break_length="3_5y",
        interests=("office",),
        availability=("weekday", "morning"),
    ),
    persona(
        "44, no region given, out, call centre",
        {G_CALL, D_CALL},
        (BUS, D_MGR),
        age_band="40s",
        situation="career_break",
        break_length="5_10y",
        interests=("call_centre",),
    ),
    persona(
        "26, 창원, production",
        W_QUAL,
        (BUS,),
        **_in("경상남도", "창원시"),
        age_band="20s",
        situation="job_seeking",
        interests=("manufacturing",),
    ),
    persona(
        "34, 울산, marriage immigrant",
        G_INTERN,
        (BUS,),
        **_in("울산광역시", "남구"),
        age_band="30s",
        situation="job_seeking",
        constraints=("interpreter",),
    ),
    persona(
        "48, 대구, call-centre team leader",
        {G_CALL, D_CALL},
        (D_MGR, BUS, I_WINK),
        **_in("대구광역시", "수성구"),
        age_band="40s",
        situation="employed",
        interests=("call_centre", "management"),
    ),
)


@dataclass
class Outcome:
    persona: Persona
    shown: list[ProgrammeListing]
    breaches: list[str]

    @property
    def keys(self) -> list[str]:
        return [listing.programme.key for listing in self.shown]

    def hit(self, k: int) -> bool:
        return any(key in self.persona.first for key in self.keys[:k])


@dataclass
class Report:
    outcomes: list[Outcome]

    def hit_at(self, k: int) -> float:
        return sum(o.hit(k) for o in self.outcomes) / len(self.outcomes)

    @property
    def breaches(self) -> list[tuple[str, str]]:
        return [(o.persona.name, b) for o in self.outcomes for b in o.breaches]

    def misses(self, k: int) -> list[Outcome]:
        return [o for o in self.outcomes if not o.hit(k)]


def evaluate(listings: list[ProgrammeListing], today: date) -> Report:
    outcomes = []
    for someone in PERSONAS:
        shown = [r.listing for r in rank(someone.profile, listings, today, limit=SHOWN)]
        outcomes.append(Outcome(someone, shown, rule_breaches(someone, shown, listings)))
    return Report(outcomes)


def works(profile: Profile) -> bool:
    return profile.situation == "employed"


def is_near(profile: Profile, listing: ProgrammeListing) -> bool:
    return listing.centre.sido in NATIONWIDE or (
        profile.sido is not None and listing.centre.sido == profile.sido
    )


def may_see(profile: Profile, listing: ProgrammeListing) -> str | None:
    """Why she must never be shown this listing, or None."""
    programme, centre = listing.programme, listing.centre
    if programme.audience == "companies":
        return "company consulting"
    if centre.kind == "mobile" and centre.sido == SEOUL and profile.sido != SEOUL:
        return "the Seoul bus, outside Seoul"
    if programme.audience in ("employed", "managers"):
        if not works(profile):
            return "a course for people in work, to someone not working"
        if not is_near(profile, listing):
            return "a course for another 시/도's workers"
    if programme.audience == "managers" and "management" not in profile.interests:
        return "the managers' course, to someone who did not ask for management training"
    return None


def fits(profile: Profile, listing: ProgrammeListing) -> bool:
    """A programme a counsellor could offer her: she may see it, it is for her groups (or for
    anyone), and its next cohort is not full."""
    if may_see(profile, listing) is not None:
        return False
    groups = set(listing.programme.target_groups)
    if groups and not (groups & (_groups(profile) | {"vulnerable"})):
        return False
    cohort = listing.next_cohort
    return cohort is None or cohort.seats_left is None or cohort.seats_left > 0


def _groups(profile: Profile) -> set[str]:
    groups = set()
    if profile.situation == "career_break":
        groups.add("career_break")
    if profile.age_band in ("50s", "60s"):
        groups.add("middle_aged")
    if profile.age_band == "20s":
        groups.add("youth")
    if "interpreter" in profile.constraints:
        groups.add("immigrant")
    return groups


def rule_breaches(
    someone: Persona, shown: list[ProgrammeListing], listings: list[ProgrammeListing]
) -> list[str]:
    profile, breaches = someone.profile, []
    for listing in shown:
        key = listing.programme.key
        if key in someone.never:
            breaches.append(f"{key}: on her never list")
        if why := may_see(profile, listing):
            breaches.append(f"{key}: {why}")
    far = [listing for listing in shown if not is_near(profile, listing)]
    if far and profile.sido:
        shown_ids = {id(listing) for listing in shown}
        near = (listing for listing in listings if id(listing) not in shown_ids)
        near = (listing for listing in near if is_near(profile, listing))
        left_out = next((listing for listing in near if fits(profile, listing)), None)
        if left_out is not None:
            breaches.append(f"{far[0].programme.key}: far, while {left_out.programme.key} is near")
    return breaches
