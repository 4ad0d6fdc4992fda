"""Words two people change at once (the store, without screens): an edit begun from an older
version than the saved one is refused with both versions; the same change twice is not a
conflict; saving again from the newer version goes through."""

from __future__ import annotations

import pytest

from sos_meeting import store
from sos_meeting.conflicts import EditConflict, Resolution
from sos_meeting.database import Database
from sos_meeting.domain import Column, Group

from .conftest import seed_meeting


def test_a_pair_edited_from_an_older_version_is_refused_with_both(db: Database) -> None:
    meeting_id = seed_meeting(db)
    pair = store.save_pair(db, meeting_id, "Dad hits Mum.", "Mum is safe.")
    assert pair.version == 1
    theirs = store.save_pair(
        db, meeting_id, "Dad hits Mum at night.", "Mum is safe.", pair.id, started_from=1
    )
    assert theirs.version == 2
    with pytest.raises(EditConflict) as caught:
        store.save_pair(
            db, meeting_id, "Dad hits Mum often.", "Mum is safe.", pair.id, started_from=1
        )
    assert dict(caught.value.mine.fields)["statement"] == "Dad hits Mum often."
    assert dict(caught.value.theirs.fields)["statement"] == "Dad hits Mum at night."
    assert caught.value.theirs.version == 2
    # The same words from an older version: nothing to choose between.
    store.save_pair(
        db, meeting_id, "Dad hits Mum at night.", "Mum is safe.", pair.id, started_from=1
    )
    kept = store.save_pair(
        db, meeting_id, "Dad hits Mum often.", "Mum is safe.", pair.id, started_from=2
    )
    assert kept.version == 3
    store.record_conflict(db, meeting_id, caught.value, Resolution.KEPT_MINE)
    [row] = store.conflicts_in(db, meeting_id)
    assert (row.choice, row.what) == ("kept mine", f"statement and goal {pair.id}")
    assert "Dad hits Mum often." in row.mine and "Dad hits Mum at night." in row.theirs


def test_an_item_and_a_person_edited_from_older_versions_are_refused(db: Database) -> None:
    meeting_id = seed_meeting(db)
    item = store.add_item(db, meeting_id, Column.WORRIES, "Dad drinks")
    store.edit_item(db, item.id, "Dad drinks daily", started_from=item.version)
    with pytest.raises(EditConflict):
        store.edit_item(db, item.id, "Dad drinks and drives", started_from=item.version)
    sam = store.load(db, meeting_id).participants[0]
    store.update_participant(
        db, sam.id, name="Samantha", role=sam.role, group=sam.group, started_from=sam.version
    )
    with pytest.raises(EditConflict) as caught:
        store.update_participant(
            db, sam.id, name="Sam", role="Mother", group=Group.FAMILY, started_from=sam.version
        )
    assert dict(caught.value.theirs.fields)["name"] == "Samantha"
    record = store.load(db, meeting_id)
    assert [i.text for i in record.items] == ["Dad drinks daily"]
    assert record.participants[0].name == "Samantha"
