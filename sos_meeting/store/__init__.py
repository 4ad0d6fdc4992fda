"""Reading and writing meetings. Every write is one durable transaction; reads return plain objects.

Each function that records something commits before it returns, so a screen that
shows "saved" after calling it is telling the truth.
"""

from sos_meeting.store._base import (
    UNCHECKED,
    ServerGone,
    StaleEntry,
    StorageError,
    Unchecked,
    amending,
    applied,
    computer_user,
    keyed,
    now,
)
from sos_meeting.store.conflicts import conflicts_in, record_conflict
from sos_meeting.store.decisions import add_dissent, save_decision
from sos_meeting.store.families import (
    TrendPoint,
    close_meeting,
    family_meetings,
    start_review,
    team_trend_points,
    trend_points,
)
from sos_meeting.store.letters import letter_review, record_letter_review
from sos_meeting.store.mapping import (
    add_item,
    decide_next_step,
    delete_item,
    edit_item,
    move_item,
    move_item_to,
    restore_item,
    set_next_step,
)
from sos_meeting.store.meetings import (
    create_meeting,
    list_meetings,
    load,
    set_place,
    set_question,
    update_meeting,
)
from sos_meeting.store.pairs import delete_pair, save_pair
from sos_meeting.store.people import (
    add_participant,
    move_participant,
    remove_participant,
    set_attendance,
    set_reflection,
    set_report,
    set_session_role,
    update_participant,
)
from sos_meeting.store.scales import (
    agree_to_differ,
    close_round,
    corrections,
    record_score,
    reopen_round,
    reveal,
    save_scale,
    score_history,
    start_round,
    withdraw_differ,
)
from sos_meeting.store.voices import add_voice, change_voice, move_voice, remove_voice

__all__ = [
    "UNCHECKED",
    "ServerGone",
    "StaleEntry",
    "StorageError",
    "TrendPoint",
    "Unchecked",
    "add_dissent",
    "add_item",
    "add_participant",
    "add_voice",
    "agree_to_differ",
    "amending",
    "applied",
    "change_voice",
    "close_meeting",
    "close_round",
    "computer_user",
    "conflicts_in",
    "corrections",
    "create_meeting",
    "decide_next_step",
    "delete_item",
    "delete_pair",
    "edit_item",
    "family_meetings",
    "keyed",
    "letter_review",
    "list_meetings",
    "load",
    "move_item",
    "move_item_to",
    "move_participant",
    "move_voice",
    "now",
    "record_conflict",
    "record_letter_review",
    "record_score",
    "remove_participant",
    "remove_voice",
    "reopen_round",
    "restore_item",
    "reveal",
    "save_decision",
    "save_pair",
    "save_scale",
    "score_history",
    "set_attendance",
    "set_next_step",
    "set_place",
    "set_question",
    "set_reflection",
    "set_report",
    "set_session_role",
    "start_review",
    "start_round",
    "team_trend_points",
    "trend_points",
    "update_meeting",
    "update_participant",
    "withdraw_differ",
]
