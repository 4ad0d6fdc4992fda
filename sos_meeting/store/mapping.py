"""The mapping columns: items added, changed, moved, deleted and brought back."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from sos_meeting import text as checks
from sos_meeting.conflicts import EditConflict, Version
from sos_meeting.database import Database
from sos_meeting.domain import (
    Category,
    Column,
    MapItem,
    StepStatus,
)
from sos_meeting.store._base import _get, _next_position, _reorder, _touch, _write, now
from sos_meeting.store.describe import DELETED, describe
from sos_meeting.tables import (
    MapItemRow,
)


def _item(row: MapItemRow) -> MapItem:
    return MapItem(
        id=row.id or 0,
        column=Column(row.column),
        category=Category(row.category) if row.category else None,
        text=row.text,
        position=row.position,
        owner=row.owner,
        due=row.due,
        status=StepStatus(row.status),
        carried_from_id=row.carried_from_id,
        version=row.version,
    )


def _check_category(column: Column, category: Category | None) -> str | None:
    if category is None:
        return None
    category = Category(category)
    if category.column is not Column(column):
        raise checks.InputError(f"“{category.label}” does not belong in “{column.heading}”.")
    return category.value


def add_item(
    db: Database,
    meeting_id: int,
    column: Column,
    text: str,
    category: Category | None = None,
    *,
    owner: str = "",
    due: date | None = None,
) -> MapItem:
    """Add an item at the bottom of a mapping column (a next step with who and by when)."""
    kind = Column(column).value
    category_value = _check_category(column, category)
    said = checks.required(text, "what to add", limit=checks.LONG_TEXT, multiline=True)
    who = checks.optional(owner, "who will do it")

    def work(session: Session) -> MapItem:
        # Made inside the transaction, so a retried transaction starts from a fresh row.
        row = MapItemRow(
            meeting_id=meeting_id,
            column=kind,
            category=category_value,
            text=said,
            position=_next_position(
                session,
                col(MapItemRow.position),
                col(MapItemRow.meeting_id) == meeting_id,
                col(MapItemRow.column) == kind,
            ),
            created_at=now(),
            updated_at=now(),
            owner=who,
            due=due,
        )
        session.add(row)
        _touch(session, meeting_id, "a map item added", after=describe(row))
        session.flush()
        return _item(row)

    return _write(db, work)


def edit_item(
    db: Database,
    item_id: int,
    text: str,
    category: Category | None = None,
    *,
    owner: str | None = None,
    due: date | None = None,
    started_from: int | None = None,
) -> MapItem:
    """Change an item's words and category (and, given `owner`, who and by when).

    `started_from` is the version the edit began from: if someone else has saved other words
    since, `EditConflict` is raised and nothing is saved."""
    cleaned = checks.required(text, "the item's words", limit=checks.LONG_TEXT, multiline=True)
    who = None if owner is None else checks.optional(owner, "who will do it")

    def work(session: Session) -> MapItem:
        row = _get(session, MapItemRow, item_id)
        before = describe(row)
        mine = (cleaned, row.owner if who is None else who)
        if (
            started_from is not None
            and row.version != started_from
            and (row.text, row.owner) != mine
        ):
            who_too = bool(mine[1] or row.owner)  # a next step's owner, where there is one
            raise EditConflict(
                "map item",
                item_id,
                Version(_words(*mine, who_too), started_from),
                Version(_words(row.text, row.owner, who_too), row.version),
            )
        if (row.text, row.owner) != mine:
            row.version += 1
        row.text = cleaned
        row.category = _check_category(Column(row.column), category)
        if who is not None:
            row.owner, row.due = who, due
        row.updated_at = now()
        _touch(session, row.meeting_id, "a map item's words", before=before, after=describe(row))
        return _item(row)

    return _write(db, work)


def _words(text: str, owner: str, who_too: bool) -> tuple[tuple[str, str], ...]:
    """An item's words as a conflict shows them (and who will do it, for a next step)."""
    return (("words", text), ("who", owner)) if who_too else (("words", text),)


def delete_item(db: Database, item_id: int) -> None:
    """Take an item off the map; it is kept so that `restore_item` can undo this."""

    def work(session: Session) -> None:
        row = _get(session, MapItemRow, item_id)
        before = describe(row)
        row.deleted_at = now()
        _touch(session, row.meeting_id, "a map item deleted", before=before, after=DELETED)

    _write(db, work)


def restore_item(db: Database, item_id: int) -> MapItem:
    """Put a deleted item back where it was."""

    def work(session: Session) -> MapItem:
        row = _get(session, MapItemRow, item_id)
        row.deleted_at = None
        _touch(session, row.meeting_id, "a deleted map item brought back", after=describe(row))
        return _item(row)

    return _write(db, work)


def move_item(db: Database, item_id: int, steps: int) -> None:
    """Move an item up (negative) or down its column."""

    def work(session: Session) -> None:
        row = _get(session, MapItemRow, item_id)
        rows = list(
            session.scalars(
                select(MapItemRow)
                .where(
                    col(MapItemRow.meeting_id) == row.meeting_id,
                    col(MapItemRow.column) == row.column,
                    col(MapItemRow.deleted_at).is_(None),
                )
                .order_by(col(MapItemRow.position), col(MapItemRow.id))
            )
        )
        before = describe(row)
        _reorder(rows, rows.index(row), steps, "position")
        _touch(session, row.meeting_id, "a map item moved", before=before, after=describe(row))

    _write(db, work)


def move_item_to(db: Database, item_id: int, column: Column) -> MapItem:
    """Move an item to the bottom of another column, clearing a category that no longer fits."""

    def work(session: Session) -> MapItem:
        row = _get(session, MapItemRow, item_id)
        before = describe(row)
        position = _next_position(
            session,
            col(MapItemRow.position),
            col(MapItemRow.meeting_id) == row.meeting_id,
            col(MapItemRow.column) == Column(column).value,
        )
        row.column = Column(column).value
        if row.category and Category(row.category).column is not Column(column):
            row.category = None
        row.position = position
        row.updated_at = now()
        _touch(session, row.meeting_id, "a map item moved", before=before, after=describe(row))
        return _item(row)

    return _write(db, work)


def set_next_step(db: Database, item_id: int, *, owner: str, due: date | None) -> MapItem:
    """Say who will do a next step, and by when."""
    who = checks.optional(owner, "who will do it")

    def work(session: Session) -> MapItem:
        row = _get(session, MapItemRow, item_id)
        before = describe(row)
        row.owner, row.due, row.updated_at = who, due, now()
        _touch(
            session,
            row.meeting_id,
            "a next step's owner or date",
            before=before,
            after=describe(row),
        )
        return _item(row)

    return _write(db, work)


def decide_next_step(db: Database, item_id: int, status: StepStatus) -> MapItem:
    """Record what became of a next step: done, not done or carried over (or open again)."""

    def work(session: Session) -> MapItem:
        row = _get(session, MapItemRow, item_id)
        before = describe(row)
        row.status, row.updated_at = StepStatus(status).value, now()
        _touch(session, row.meeting_id, "a next step's outcome", before=before, after=describe(row))
        return _item(row)

    return _write(db, work)
