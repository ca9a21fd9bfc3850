"""A button's label typed instead of pressed is that press, in any language: the buttons of the
last reply are kept with the conversation, so it works in every process and after a restart.
Yes, no, skip and stop are understood as typed in Chinese and Vietnamese too."""

from __future__ import annotations

from tests.chat import Person, buttons_of, make_engine, text_of
from tests.handlers.fake_storage import the_fake_as_database  # noqa: F401

LANGUAGES = ("ko", "en", "vi", "zh_Hans")


async def chinese_reader(database, clock) -> Person:
    person = Person(make_engine(database, clock, LANGUAGES), "zh-1")
    await person.say("/start")
    await person.tap("中文")
    await person.tap("我同意")
    return person


async def test_a_typed_label_is_the_press_it_names(database, clock):
    person = await chinese_reader(database, clock)
    asked = await person.say("跳过")  # the "skip" button's label, typed: no region
    assert "(3/8)" in text_of(asked) and buttons_of(asked)["30岁以下"] == "in:a:20s"
    situation = await person.say("30岁以下")
    assert "(4/8)" in text_of(situation)
    label = next(label for label, data in buttons_of(situation).items() if data.startswith("in:a:"))
    assert "(5/8)" in text_of(await person.say(label))  # an answer's label, typed
    back = buttons_of(await person.say("返回"))  # "back": the situation question again
    assert back[label].startswith("in:a:")


async def test_a_new_engine_still_knows_the_last_buttons(database, clock):
    person = await chinese_reader(database, clock)
    await person.say("跳过")
    situation = await person.say("30岁以下")
    label = next(label for label, data in buttons_of(situation).items() if data.startswith("in:a:"))
    person.engine = make_engine(database, clock, LANGUAGES)  # another process, or a restart
    assert "(5/8)" in text_of(await person.say(label))


async def test_yes_typed_in_chinese_confirms_a_typed_region(database, clock):
    person = await chinese_reader(database, clock)
    asked = await person.say("광명")
    assert "경기도 광명시" in text_of(asked)
    assert "(3/8)" in text_of(await person.say("是"))


async def test_vietnamese_yes_and_skip_words_are_understood(database, clock):
    person = Person(make_engine(database, clock, LANGUAGES), "vi-1")
    await person.say("/start")
    await person.tap("Tiếng Việt")
    await person.tap("Tôi đồng ý")
    await person.say("gwangmyeong")
    assert "(3/8)" in text_of(await person.say("có"))
    assert "(4/8)" in text_of(await person.say("bo qua"))
