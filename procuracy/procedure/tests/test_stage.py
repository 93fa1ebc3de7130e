"""The stage of a person written with an imported package equals the stage after a replay."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from procuracy.procedure.choices import EventType
from procuracy.procedure.rules import ORIGIN, PersonState, Step, advance, stage_for, stage_of

TYPES = [t.value for t in EventType]


def replayed_stage(types: list[str]) -> str:
    state = PersonState()
    for t in types:
        advance(state, Step(t, ORIGIN))
    return stage_of(state)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(TYPES), max_size=12))
def test_stage_for_equals_the_stage_after_replaying_the_events(types: list[str]) -> None:
    assert stage_for([{"type": t, "date": "2020-01-01"} for t in types]) == replayed_stage(types)


def test_returns_stay_open_until_resubmitted() -> None:
    events = [{"type": t} for t in ("accepted", "returned", "resubmitted", "returned")]
    assert stage_for(events) == "returned"
    assert stage_for([*events, {"type": "resubmitted"}]) == "under_review"
    # A resubmission without an open return closes nothing.
    assert stage_for([{"type": "accepted"}, {"type": "resubmitted"}, {"type": "returned"}]) == "returned"
