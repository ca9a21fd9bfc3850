"""Free-text search as a person types it, over the demo catalogue alone and mixed into a
generated catalogue of 5,000 programmes, and over the demo as the database returns it."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from handlers.catalogue import CatalogueSnapshot
from handlers.search import SearchIndex, Tokenizer
from handlers.search.synonyms import SYNONYM_GROUPS
from storage.demo import load_demo
from storage.tables import programmes
from storage.uow import UnitOfWork
from tests.catalogue_factory import demo_listings, generated_listings

TODAY = date(2025, 8, 11)  # a Monday
GWANGMYEONG = "demo:gwangmyeong:callcentre"
DAEJEON = "demo:daejeon:callcentre"
MANAGERS = "demo:daejeon:callcentre-managers"
CHEF = "demo:wanju:chef-master"
UPCYCLING = "demo:wanju:upcycling"
FILIAL_CARE = "demo:wanju:filial-care"


@pytest.fixture(scope="module")
def tokenizer() -> Tokenizer:
    return Tokenizer()  # the analyser's model loads once for the module


@pytest.fixture(scope="module")
def demo(tokenizer) -> SearchIndex:
    return SearchIndex.build(demo_listings(TODAY), tokenizer=tokenizer)


@pytest.fixture(scope="module")
def mixed(tokenizer) -> SearchIndex:
    listings = demo_listings(TODAY) + generated_listings(5000, seed=1, today=TODAY)
    return SearchIndex.build(listings, tokenizer=tokenizer)


def keys(index: SearchIndex, query: str, limit: int = 10) -> list[str]:
    return [hit.listing.programme.key for hit in index.search(query, limit=limit)]


def everything(index: SearchIndex, query: str) -> list:
    return index.search(query, limit=len(index.listings))


def fields_before(hits: list, key: str) -> list[tuple[str, ...]]:
    """The fields of every programme ranked above the one with `key`."""
    position = [hit.listing.programme.key for hit in hits].index(key)
    return [hit.listing.programme.fields for hit in hits[:position]]


# The demo catalogue alone


@pytest.mark.parametrize(
    "query", ["콜센터 상담원 교육 받고 싶어요", "콜센터상담원과정", "콜센터 상담원 과정 있나요?"]
)
def test_a_call_centre_request_finds_gwangmyeong_and_daejeon_before_anything_else(demo, query):
    found = keys(demo, query)

    assert set(found[:2]) == {GWANGMYEONG, DAEJEON}
    assert MANAGERS not in found[:2]


def test_a_cooking_request_finds_the_korean_chef_course_first(demo):
    assert keys(demo, "요리 배우고 싶어요")[0] == CHEF


def test_starting_a_business_finds_the_upcycling_designer_course_first(demo):
    assert keys(demo, "창업")[0] == UPCYCLING


@pytest.mark.parametrize("query", ["쉐프 되고 싶어요", "조리사 자격증", "한식"])
def test_a_synonym_of_cooking_finds_the_chef_course(demo, query):
    assert keys(demo, query)[0] == CHEF


@pytest.mark.parametrize("query", ["CS 교육", "고객센터 일", "고객상담", "텔레마케팅"])
def test_words_for_call_centre_work_find_the_call_centre_courses(demo, query):
    assert set(keys(demo, query)[:2]) == {GWANGMYEONG, DAEJEON}


def test_a_typo_still_finds_the_call_centre_courses(demo):
    assert set(keys(demo, "콜쎈터 상담원")[:2]) == {GWANGMYEONG, DAEJEON}


@pytest.mark.parametrize("query", ["효 지도사", "효지도사 과정", "요양 돌봄 일"])
def test_care_requests_find_the_filial_care_course(demo, query):
    assert keys(demo, query)[0] == FILIAL_CARE


def test_words_run_together_that_the_analyser_does_not_know_still_find_the_course(demo):
    assert keys(demo, "업사이클링디자이너")[0] == UPCYCLING


def test_a_place_in_the_query_brings_that_place_first(demo):
    assert keys(demo, "광명 콜센터")[0] == GWANGMYEONG
    assert keys(demo, "대전에서 콜센터 교육")[0] == DAEJEON


@pytest.mark.parametrize("query", ["", "   ", "😀", "😀👍🎉", "?!", "ㅋㅋㅋ", "안녕하세요"])
def test_a_query_with_no_searchable_word_finds_nothing(demo, mixed, query):
    assert demo.search(query) == []
    assert mixed.search(query) == []


def test_a_course_for_companies_never_outranks_one_for_people(demo):
    found = keys(demo, "윙크")

    assert len(found) == 3
    assert found[-1] == "demo:incheon:w-boom-up"


def test_audiences_keep_only_programmes_for_those_audiences(demo):
    found = demo.search("콜센터", audiences={"job_seekers"})

    assert all(hit.listing.programme.audience == "job_seekers" for hit in found)
    assert [hit.listing.programme.key for hit in found[:2]] == [GWANGMYEONG, DAEJEON]


def test_hits_come_best_first_within_the_limit(demo):
    hits = demo.search("교육", limit=3)

    assert len(hits) == 3
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)


def test_an_index_rebuilt_with_the_same_tokenizer_searches_the_new_catalogue(demo):
    smaller = [listing for listing in demo.listings if listing.programme.key != GWANGMYEONG]
    rebuilt = SearchIndex.build(smaller, tokenizer=demo.tokenizer)

    assert rebuilt.tokenizer is demo.tokenizer
    assert keys(rebuilt, "콜센터 상담원 교육 받고 싶어요")[0] == DAEJEON


def test_every_word_of_the_synonym_list_survives_the_analyser(tokenizer):
    lost = [word for group in SYNONYM_GROUPS for word in group if not tokenizer.terms(word)]

    assert lost == []


# Mixed into 5,000 generated programmes (about 650 of them call-centre courses)


@pytest.mark.parametrize("query", ["콜센터 상담원 교육 받고 싶어요", "콜센터상담원과정"])
def test_among_thousands_the_call_centre_courses_come_first(mixed, query):
    # 광명's counselling desk (찾아가는 이동취업 상담실, a service) may be found among them
    hits = [hit for hit in everything(mixed, query) if hit.listing.programme.kind != "service"]
    call_centre = [hit for hit in hits if "call_centre" in hit.listing.programme.fields]

    assert len(call_centre) > 500
    assert hits[: len(call_centre)] == call_centre  # nothing else before the last of them
    found = [hit.listing.programme.key for hit in hits]
    assert found.index(GWANGMYEONG) < found.index(MANAGERS)
    assert found.index(DAEJEON) < found.index(MANAGERS)


def test_among_thousands_the_korean_chef_course_comes_first_for_cooking(mixed):
    hits = everything(mixed, "요리 배우고 싶어요")

    assert hits[0].listing.programme.key == CHEF
    assert all("cooking" in hit.listing.programme.fields for hit in hits[:50])


def test_among_thousands_starting_a_business_finds_the_upcycling_course_with_the_startups(
    mixed,
):
    hits = everything(mixed, "창업")

    assert all("startup" in fields for fields in fields_before(hits, UPCYCLING))
    assert all("startup" in hit.listing.programme.fields for hit in hits[:100])


def test_among_thousands_a_place_and_a_field_find_courses_of_that_field_there(mixed):
    hits = mixed.search("광명 콜센터", limit=5)

    assert hits[0].listing.programme.key == GWANGMYEONG
    assert all(hit.listing.centre.sigungu == "광명시" for hit in hits)
    assert all("call_centre" in hit.listing.programme.fields for hit in hits)


def test_among_thousands_a_typo_finds_call_centre_courses(mixed):
    hits = mixed.search("콜쎈터", limit=20)

    assert hits
    assert all("call_centre" in hit.listing.programme.fields for hit in hits)


# As the database returns the demo (SQLite and PostgreSQL)


async def test_the_demo_as_stored_is_searched_alike(engine, tokenizer):
    seoul = ZoneInfo("Asia/Seoul")
    async with UnitOfWork(engine) as uow:
        await load_demo(uow, TODAY, seoul)
        await uow.commit()
    async with UnitOfWork(engine) as uow:
        listings = await uow.catalogue.listings(TODAY)
    index = SearchIndex.build(listings, tokenizer=tokenizer)

    assert set(keys(index, "콜센터 상담원 교육 받고 싶어요")[:2]) == {GWANGMYEONG, DAEJEON}
    assert keys(index, "요리 배우고 싶어요")[0] == CHEF
    assert keys(index, "창업")[0] == UPCYCLING


async def test_people_searching_at_once_share_one_index_built_once(database, tokenizer):
    """Fifty searches at the moment the index is missing wait for one build; a minute later
    the unchanged catalogue keeps that index, and a changed one gets a new index."""
    snapshot = CatalogueSnapshot(tokenizer=tokenizer)
    now = datetime.now(UTC)
    today = now.astimezone(ZoneInfo("Asia/Seoul")).date()

    async def index_at(moment: datetime):
        async with UnitOfWork(database) as uow:
            return await snapshot.index(uow, today, moment)

    built = await asyncio.gather(*(index_at(now) for _ in range(50)))
    assert len({id(index) for index in built}) == 1
    later = now + timedelta(minutes=2)
    assert await index_at(later) is built[0]
    async with UnitOfWork(database) as uow:
        await uow.connection.execute(programmes.update().values(title=programmes.c.title + " 2기"))
        await uow.commit()
    assert await index_at(later + timedelta(minutes=2)) is not built[0]
