"""The broadcast's typed draft keeps the stored shape: a draft stored before it was typed loads
and goes on, and what it stores reads back the same."""

from __future__ import annotations

from dataclasses import replace

from handlers.flows.broadcast.state import BroadcastDraft

# As /broadcast stored it before the draft was typed: a translation asked for after the preview.
OLD = {
    "texts": {"ko": "내일 버스가 와요."},
    "programme": None,
    "visit": 7,
    "kind": "region",
    "audience": {"kind": "region", "target": "경기도 광명시", "centres": [3, 5]},
    "writing": "vi",
}


def test_a_draft_stored_before_it_was_typed_loads_and_is_stored_with_the_same_keys():
    draft = BroadcastDraft.from_data(OLD)
    assert draft.texts == {"ko": "내일 버스가 와요."}
    assert (draft.programme, draft.visit, draft.kind, draft.writing) == (None, 7, "region", "vi")
    assert draft.audience == OLD["audience"]
    assert draft.language == "vi"
    assert draft.to_data() == {key: value for key, value in OLD.items() if value is not None}
    assert BroadcastDraft.from_data(draft.to_data()) == draft


def test_a_new_draft_is_written_in_korean_and_stores_nothing():
    assert BroadcastDraft.from_data({}) == BroadcastDraft()
    assert BroadcastDraft().language == "ko"
    assert BroadcastDraft().to_data() == {}


def test_a_sent_translation_clears_the_language_being_written():
    draft = BroadcastDraft.from_data(OLD)
    done = replace(draft, texts={**draft.texts, "vi": "Xe buýt đến vào ngày mai."}, writing=None)
    assert "writing" not in done.to_data() and done.language == "ko"
    assert draft.writing == "vi"  # the draft is never changed in place
    assert BroadcastDraft.from_data(done.to_data()).texts == {
        "ko": "내일 버스가 와요.",
        "vi": "Xe buýt đến vào ngày mai.",
    }


def test_unreadable_stored_fields_are_dropped_not_an_error():
    draft = BroadcastDraft.from_data(
        {
            "texts": ["ko"],
            "programme": "abc",
            "visit": True,
            "kind": 3,
            "audience": {"target": "경기도"},
            "writing": "",
        }
    )
    assert draft == BroadcastDraft()
    assert BroadcastDraft.from_data(None) == BroadcastDraft()
    assert BroadcastDraft.from_data({"programme": "12"}).programme == 12  # an id kept as text
