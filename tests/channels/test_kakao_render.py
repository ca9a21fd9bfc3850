"""Replies rendered for KakaoTalk stay within Kakao's limits and lose nothing: long texts are
split, long lists paged behind "more", long labels shortened with the full text kept in what the
press says, and links, places and files become link buttons."""

from __future__ import annotations

import pytest

from bot.channels.kakao.labels import Labels, label, shorten
from bot.channels.kakao.layout import MORE, lay_out
from bot.channels.kakao.render import SkillRenderer
from bot.channels.kakao.words import Words
from handlers.messages import Attachment, Button, Card, Location, Message, Reply
from tests.fakes.kakao import pressables, problems, shown_text

WORDS = Words(
    more="더 보기 ▶",
    still_working="잠시만요",
    open_map="지도에서 보기",
    add_to_calendar="달력에 넣기",
    apology="죄송해요",
    main_menu="처음으로",
)


MAP = "https://map.kakao.com/link/map/"
WAY_OUT = (("이전", "back"), ("건너뛰기", "skip"), ("그만하기", "cancel"))


def rendered(reply: Reply, block_id: str | None = None) -> list[dict]:
    renderer = SkillRenderer(block_id)
    pages = [renderer.page(page) for page in lay_out(reply, WORDS)]
    for page in pages:
        assert not problems(page.body), problems(page.body)
    return [page.body for page in pages]


def everything(pages: list[dict]) -> tuple[str, list[dict]]:
    text = "\n".join(shown_text(page) for page in pages)
    return text, [button for page in pages for button in pressables(page)]


def reply_of(*messages: Message) -> Reply:
    return Reply(messages=messages, language="ko")


def test_a_long_text_is_split_at_lines_and_nothing_is_lost():
    lines = [f"{n}번째 줄: 교육 과정과 상담 일정을 안내해 드려요." for n in range(120)]
    pages = rendered(reply_of(Message(text="\n".join(lines))))
    text, _buttons = everything(pages)
    assert all(line in text for line in lines)
    texts = [o["simpleText"]["text"] for p in pages for o in p["template"]["outputs"]]
    assert len(texts) >= 4 and all(len(t) <= 1000 for t in texts)
    assert all(
        any(b["label"] == "더 보기 ▶" for b in p["template"]["quickReplies"]) for p in pages[:-1]
    )


def test_a_line_longer_than_a_bubble_is_split_at_words():
    line = " ".join(["상담"] * 700)
    pages = rendered(reply_of(Message(text=line)))
    text, _buttons = everything(pages)
    assert text.split() == line.split()


def test_many_buttons_are_paged_with_the_way_out_on_every_page():
    options = [Button(f"선택 {n}", f"in:a:{n}") for n in range(16)]
    controls = (
        Button("이전", "in:back"),
        Button("건너뛰기", "in:skip"),
        Button("그만하기", "in:cancel"),
    )
    rows = tuple(tuple(options[i : i + 3]) for i in range(0, 16, 3)) + (controls,)
    pages = rendered(reply_of(Message(text="골라 주세요.", buttons=rows)))
    assert len(pages) == 3
    for page in pages:
        labels = [b["label"] for b in page["template"]["quickReplies"]]
        assert labels[-3:] == ["이전", "건너뛰기", "그만하기"] and len(labels) <= 10
        assert "골라 주세요." in shown_text(page)
    _text, buttons = everything(pages)
    assert {f"선택 {n}" for n in range(16)} <= {b["label"] for b in buttons}


def test_more_than_ten_cards_become_carousels_and_pages():
    cards = tuple(
        Card(
            f"과정 {n}",
            "구직자 대상 · 광명시",
            ((Button("자세히", f"prog:{n}"), Button("알림 받기", f"sub:p:{n}")),),
        )
        for n in range(25)
    )
    pages = rendered(reply_of(Message(text="과정이에요.", cards=cards)))
    carousels = [o["carousel"] for p in pages for o in p["template"]["outputs"] if "carousel" in o]
    assert [len(c["items"]) for c in carousels] == [10, 10, 5]
    _text, buttons = everything(pages)
    said = {b["messageText"] for b in buttons if b["label"] == "자세히"}
    assert len(said) == 25  # each card's button names its card


def test_cards_with_one_button_each_become_a_list_card():
    cards = tuple(
        Card(f"과정 {n}", "구직자 대상 · 광명시", ((Button("자세히", f"prog:{n}"),),))
        for n in range(5)
    )
    (page,) = rendered(
        reply_of(Message(text="교육 과정이에요. (전체 12개 중 1~5)", cards=cards)),
        block_id="block-1",
    )
    (output,) = page["template"]["outputs"]
    items = output["listCard"]["items"]
    assert output["listCard"]["header"]["title"] == "교육 과정이에요. (전체 12개 중 1~5)"
    assert [item["extra"]["data"] for item in items] == [f"prog:{n}" for n in range(5)]


def test_many_messages_with_their_own_buttons_fit_in_pages_of_three_outputs():
    visits = [
        Message(
            text=f"{n}일 오전 10시\n가든파이브",
            location=Location(37.4, 127.1, "가든파이브", "서울 송파구", f"{MAP}{n}"),
            buttons=(
                (Button("하루 전에 알려 주세요", f"sub:v:{n}"), Button("상담 예약", f"bk:v:{n}")),
            ),
        )
        for n in range(12)
    ]
    last = Message(text="버스 문의: 1588-9142", buttons=((Button("처음으로", "menu:home"),),))
    pages = rendered(reply_of(Message(text="상담 버스 일정이에요."), *visits, last))
    _text, buttons = everything(pages)
    maps = [b for b in buttons if b["action"] == "webLink"]
    assert sorted(b["webLinkUrl"] for b in maps) == sorted(f"{MAP}{n}" for n in range(12))
    books = {b["messageText"] for b in buttons if b["label"] == "상담 예약"}
    assert len(books) == 12  # each visit's own button, told apart
    assert "버스 문의: 1588-9142" in shown_text(pages[-1])
    assert [b["label"] for b in pages[-1]["template"]["quickReplies"]] == ["처음으로"]


def test_a_long_label_is_shortened_at_a_word_and_the_press_says_it_whole():
    long = "다른 시간 보기 또는 다른 센터 고르기"
    (page,) = rendered(
        reply_of(Message(text="언제가 좋으세요?", buttons=((Button(long, "bk:other"),),)))
    )
    (quick,) = page["template"]["quickReplies"]
    assert len(quick["label"]) <= 14 and quick["label"].endswith("…")
    assert quick["label"].removesuffix("…") in long and " " not in quick["label"][-2:]
    assert quick["messageText"] == long


def test_the_calendar_file_and_a_link_become_link_buttons():
    ics = Attachment(
        "ilteo-booking.ics",
        b"BEGIN:VCALENDAR",
        "text/calendar",
        url="https://ilteo.example/ics/7_abc.ics",
    )
    booked = Message(
        text="예약했어요! 11월 26일(목) 오후 2시",
        attachment=ics,
        buttons=(
            (Button("예약 변경", "bk:m:7"), Button("예약 취소", "bk:c:7")),
            (Button("텔레그램에서 계속", url="https://t.me/ilteo_bot?start=w1"),),
            (Button("처음으로", "menu:home"),),
        ),
    )
    (page,) = rendered(reply_of(booked), block_id="block-1")
    card = page["template"]["outputs"][0]["textCard"]
    assert card["description"].startswith("예약했어요!")
    assert {b["webLinkUrl"] for b in card["buttons"]} == {
        "https://ilteo.example/ics/7_abc.ics",
        "https://t.me/ilteo_bot?start=w1",
    }
    data = [b["extra"]["data"] for b in page["template"]["quickReplies"]]
    assert data == ["bk:m:7", "bk:c:7", "menu:home"]


def test_without_a_block_id_buttons_say_their_text_and_the_book_reads_it_back():
    row, book = (Button("처음으로", "menu:home"),), Button("예약", "menu:booking")
    cards = tuple(
        Card(f"과정 {n}", "설명", ((Button("자세히", f"prog:{n}"), book),)) for n in range(2)
    )
    renderer = SkillRenderer(None)
    (layout,) = lay_out(reply_of(Message(text="추천", cards=cards, buttons=(row,))), WORDS)
    page = renderer.page(layout)
    assert not problems(page.body)
    for button in pressables(page.body):
        assert button["action"] == "message" and "extra" not in button
        assert (
            page.labels.lookup(button["messageText"])
            == {
                "자세히 · 과정 0": "prog:0",
                "자세히 · 과정 1": "prog:1",
                "예약": "menu:booking",
                "처음으로": "menu:home",
            }[button["messageText"]]
        )
    assert page.labels.lookup("  처음으로 ") == "menu:home"
    assert page.labels.lookup("자세히") is None  # two cards have it: read as typed text


def test_the_more_button_is_the_channels_own():
    cards = tuple(
        Card(f"과정 {n}", "설명", ((Button("자세히", f"prog:{n}"),) * 2,)) for n in range(40)
    )
    pages = rendered(reply_of(Message(text="목록", cards=cards)), block_id="block-1")
    for page in pages[:-1]:
        assert page["template"]["quickReplies"][-1]["extra"] == {"data": MORE}


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("상담 예약", 14, "상담 예약"),
        ("동의하지 않고 둘러볼게요", 14, "동의하지 않고 둘러볼게요"),
        ("Tell me about new cohorts", 14, "Tell me about…"),
        ("가나다라마바사아자차카타파하거너", 14, "가나다라마바사아자차카타파…"),
    ],
)
def test_shortening(text, limit, expected):
    assert shorten(text, limit) == expected and len(expected) <= limit


def test_labels_prefer_the_exact_text_then_an_unambiguous_loose_spelling():
    book = Labels()
    book.add("네, 예약할게요", "bk:y:1")
    book.add("✓ 요리", "in:t:cooking", "요리")
    assert book.lookup("네, 예약할게요") == "bk:y:1"
    assert book.lookup("네 예약할게요") == "bk:y:1"
    assert book.lookup("요리") == "in:t:cooking"
    assert book.lookup("다음주 목요일") is None
    assert label("새 기수 알림 받기") == "새 기수 알림 받기"


def test_a_place_without_a_map_link_gets_a_kakao_map_link_and_unusable_buttons_are_left_out():
    place = Location(37.4785, 126.8845, "가산디지털단지 패션아일랜드 앞", "서울 금천구")
    odd = (Button("텔레그램", url="tg://resolve?domain=ilteo_bot"), Button("  ", "menu:home"))
    (page,) = rendered(reply_of(Message(text="버스가 와요.", location=place, buttons=(odd,))))
    (link,) = [b for b in pressables(page) if b["action"] == "webLink"]
    assert link["webLinkUrl"].startswith(MAP) and link["webLinkUrl"].endswith("37.4785%2C126.8845")
    assert len(pressables(page)) == 1
