"""The meeting as plain, immutable objects: what the screens, export and tests work with."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from sos_meeting.decision import Decision
from sos_meeting.supervision import RoleTurn, SessionRole
from sos_meeting.voices import Voice
from sos_meeting.words import listed


class MeetingKind(StrEnum):
    """The kinds of meeting the app leads."""

    MULTI_AGENCY = "multi_agency"
    CONFERENCE = "conference"
    SUPERVISION = "supervision"
    EARLY_HELP = "early_help"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]

    @property
    def lead(self) -> str:
        """Who leads the meeting: 'chair' (an IRO chairs a conference) or 'facilitator'."""
        return "chair" if self is MeetingKind.CONFERENCE else "facilitator"


_KIND_LABELS = {
    MeetingKind.MULTI_AGENCY: "Multi-agency meeting / core group",
    MeetingKind.CONFERENCE: "Child protection conference",
    MeetingKind.SUPERVISION: "Group supervision",
    MeetingKind.EARLY_HELP: "Early help",
}


class Wording(StrEnum):
    """Signs of Safety or Signs of Wellbeing words for the statement and goal."""

    SAFETY = "safety"
    WELLBEING = "wellbeing"

    @property
    def statement(self) -> str:
        """'danger statement' or 'worry statement'."""
        return "danger statement" if self is Wording.SAFETY else "worry statement"

    @property
    def goal(self) -> str:
        """'safety goal' or 'wellbeing goal'."""
        return "safety goal" if self is Wording.SAFETY else "wellbeing goal"

    @property
    def label(self) -> str:
        return "Signs of Safety" if self is Wording.SAFETY else "Signs of Wellbeing"

    @property
    def ten_means_example(self) -> str:
        """An example of what 10 means, in these words."""
        if self is Wording.SAFETY:
            return "everyone knows the children are safe enough for the case to close"
        return "everyone knows the children are doing well enough for early help to end"

    @property
    def zero_means_example(self) -> str:
        """An example of what 0 means, in these words."""
        if self is Wording.SAFETY:
            return "the children will certainly be harmed again"
        return "things will get much worse for the children, and soon"


class Group(StrEnum):
    """Where a participant sits in the meeting."""

    FAMILY = "family"
    NETWORK = "network"
    PROFESSIONAL = "professional"
    CHILD = "child"
    """A child or young person scoring for themselves: never averaged into the family."""

    @property
    def label(self) -> str:
        return {
            "family": "Family",
            "network": "Network",
            "professional": "Professional",
            "child": "Child or young person",
        }[self.value]


class Attendance(StrEnum):
    """Whether a participant takes part in the rounds from now on; for a conference, also
    whether they were invited and, if they did not come, whether they sent apologies."""

    PRESENT = "present"
    ABSENT = "absent"
    LEFT = "left"
    APOLOGIES = "apologies"
    NOT_INVITED = "not_invited"

    @property
    def label(self) -> str:
        return _ATTENDANCE[self.value]

    def label_in(self, kind: MeetingKind) -> str:
        """The word for it in a meeting of `kind`: a conference minute says 'Attended'."""
        if kind is MeetingKind.CONFERENCE:
            return _CONFERENCE_ATTENDANCE[self.value]
        return self.label

    def next_in(self, kind: MeetingKind) -> Attendance:
        """The next mark as the facilitator steps through them (ctrl+t)."""
        order = _CONFERENCE_ORDER if kind is MeetingKind.CONFERENCE else _ORDER
        at = order.index(self) if self in order else -1
        return order[(at + 1) % len(order)]


_ATTENDANCE = {
    "present": "Here",
    "absent": "Absent",
    "left": "Has left",
    "apologies": "Apologies",
    "not_invited": "Not invited",
}
_CONFERENCE_ATTENDANCE = {
    **_ATTENDANCE,
    "present": "Attended",
    "absent": "Did not come",
    "left": "Left early",
}
_ORDER = (Attendance.PRESENT, Attendance.LEFT, Attendance.ABSENT)
_CONFERENCE_ORDER = (
    Attendance.PRESENT,
    Attendance.LEFT,
    Attendance.APOLOGIES,
    Attendance.ABSENT,
    Attendance.NOT_INVITED,
)


class Column(StrEnum):
    """The three mapping columns, plus the list of what is not known yet."""

    WORRIES = "worries"
    WORKING_WELL = "working_well"
    NEEDS = "needs"
    GREY = "grey"

    @property
    def heading(self) -> str:
        return _COLUMN_HEADINGS[self]

    @property
    def short(self) -> str:
        """A short name for tight places: 'worries', 'working well'."""
        return _COLUMN_SHORT[self]

    def heading_in(self, kind: MeetingKind) -> str:
        """The heading in a meeting of `kind`: group supervision does not decide, so its
        next steps are ideas for the accountable manager to agree."""
        if self is Column.NEEDS and kind is MeetingKind.SUPERVISION:
            return "Ideas for the accountable manager to agree"
        return self.heading


_COLUMN_SHORT = {
    Column.WORRIES: "worries",
    Column.WORKING_WELL: "working well",
    Column.NEEDS: "needs to happen",
    Column.GREY: "not known yet",
}
_COLUMN_HEADINGS = {
    Column.WORRIES: "What are we worried about?",
    Column.WORKING_WELL: "What's working well?",
    Column.NEEDS: "What needs to happen?",
    Column.GREY: "What we don't know yet",
}


class Category(StrEnum):
    """The finer categories of the mapping, each belonging to one column."""

    HARM = "harm"
    COMPLICATING = "complicating"
    STRENGTH = "strength"
    SAFETY = "existing_safety"
    NEXT_STEP = "next_step"
    GREY_AREA = "grey_area"

    @property
    def label(self) -> str:
        return _CATEGORY_LABELS[self]

    def label_in(self, wording: Wording) -> str:
        """As `label`, in the meeting's words: early help speaks of past worries, not harm."""
        if self is Category.HARM and wording is Wording.WELLBEING:
            return "Past worry"
        return self.label

    @property
    def column(self) -> Column:
        return _CATEGORY_COLUMNS[self]


_CATEGORY_LABELS = {
    Category.HARM: "Harm",
    Category.COMPLICATING: "Complicating factor",
    Category.STRENGTH: "Strength",
    Category.SAFETY: "Existing safety",
    Category.NEXT_STEP: "Next step",
    Category.GREY_AREA: "Grey area",
}
_CATEGORY_COLUMNS = {
    Category.HARM: Column.WORRIES,
    Category.COMPLICATING: Column.WORRIES,
    Category.STRENGTH: Column.WORKING_WELL,
    Category.SAFETY: Column.WORKING_WELL,
    Category.NEXT_STEP: Column.NEEDS,
    Category.GREY_AREA: Column.GREY,
}


def categories_for(column: Column) -> tuple[Category, ...]:
    """The categories an item in `column` may carry (it may also carry none)."""
    return tuple(c for c in Category if c.column is column)


class Step(StrEnum):
    """The steps of a meeting, in the order the app leads through them."""

    PEOPLE = "people"
    VOICES = "voices"
    """The parents' and the child's views (conferences only)."""
    QUESTION = "question"
    """The presenter's question for the group (group supervision only)."""
    MAPPING = "mapping"
    STATEMENTS = "statements"
    SCALING = "scaling"
    SPREAD = "spread"
    DECISION = "decision"
    """A child protection conference's decision (conferences only)."""
    REFLECTION = "reflection"
    """What each team member found useful (group supervision only)."""

    @property
    def label(self) -> str:
        return _STEP_LABELS[self]

    def for_kind(self, kind: MeetingKind) -> bool:
        """Whether a meeting of `kind` has this step."""
        if self in CONFERENCE_STEPS:
            return kind is MeetingKind.CONFERENCE
        if self in SUPERVISION_STEPS:
            return kind is MeetingKind.SUPERVISION
        return True


CONFERENCE_STEPS = frozenset({Step.VOICES, Step.DECISION})
"""Steps only a child protection conference has."""
SUPERVISION_STEPS = frozenset({Step.QUESTION, Step.REFLECTION})
"""Steps only group supervision has."""

_STEP_LABELS = {
    Step.PEOPLE: "People",
    Step.VOICES: "Views",
    Step.QUESTION: "Question",
    Step.MAPPING: "Mapping",
    Step.STATEMENTS: "Statements",
    Step.SCALING: "Scaling",
    Step.SPREAD: "How far apart",
    Step.DECISION: "Decision",
    Step.REFLECTION: "Reflection",
}


@dataclass(frozen=True, slots=True)
class MeetingSummary:
    """One line of the home screen's list."""

    id: int
    held_on: date
    kind: MeetingKind
    title: str
    case_ref: str
    step: Step
    participants: int
    items: int
    pairs: int
    scales: int
    scored: bool
    """Whether anyone has given a score yet."""


@dataclass(frozen=True, slots=True)
class Meeting:
    """A meeting's details."""

    id: int
    kind: MeetingKind
    title: str
    case_ref: str
    held_on: date
    facilitator: str
    wording: Wording
    step: Step
    scale_id: int | None
    created_at: datetime
    family_id: int | None = None
    previous_id: int | None = None
    """The meeting this one reviews, if it is a review."""
    closed_at: datetime | None = None
    close_note: str = ""
    question: str = ""
    """For group supervision: the presenter's question for the group."""
    version: int = 1
    """How many times the details have been saved (an edit names the one it began from)."""

    @property
    def closed(self) -> bool:
        return self.closed_at is not None


class StepStatus(StrEnum):
    """What became of a next step, decided at the review."""

    OPEN = ""
    DONE = "done"
    NOT_DONE = "not_done"
    CARRIED = "carried"

    @property
    def label(self) -> str:
        return {"": "open", "done": "done", "not_done": "not done", "carried": "carried over"}[
            self.value
        ]


@dataclass(frozen=True, slots=True)
class Participant:
    """Someone in the room, in seating order."""

    id: int
    name: str
    role: str
    agency: str
    group: Group
    seat: int
    attendance: Attendance
    carried_from_id: int | None = None
    sent_report: bool = False
    """For a conference: whether they sent a report (whether or not they came)."""
    session_role: SessionRole = SessionRole.NONE
    """For group supervision: their role in this session."""
    reflection: str = ""
    """For group supervision: what they found useful, one line."""
    version: int = 1
    """How many times their details have been saved (an edit names the one it began from)."""

    @property
    def label(self) -> str:
        """Name and role, as shown in lists: 'Sam (Mum)'."""
        return f"{self.name} ({self.role})" if self.role else self.name

    @property
    def speaking_for(self) -> str:
        """Name and the agency (else the role) they speak for: 'Jo (Children's services)'."""
        speaks_for = self.agency or self.role
        return f"{self.name} ({speaks_for})" if speaks_for else self.name


@dataclass(frozen=True, slots=True)
class MapItem:
    """One entry in a mapping column."""

    id: int
    column: Column
    category: Category | None
    text: str
    position: int
    owner: str = ""
    """For a next step: who will do it."""
    due: date | None = None
    """For a next step: by when."""
    status: StepStatus = StepStatus.OPEN
    carried_from_id: int | None = None
    """The item of the meeting before that this carries over."""
    version: int = 1
    """How many times its words have been saved (an edit names the one it started from)."""

    @property
    def is_next_step(self) -> bool:
        return self.category is Category.NEXT_STEP


@dataclass(frozen=True, slots=True)
class StatementPair:
    """A danger (worry) statement with the safety (wellbeing) goal that answers it."""

    id: int
    position: int
    statement: str
    goal: str
    coach_asked: tuple[str, ...] = ()
    """What the statement coach still asked when these words were saved."""
    coach_reason: str = ""
    """Why the words were kept as written although the coach asked (one line)."""
    version: int = 1
    """How many times these words have been saved (an edit names the one it started from)."""

    @property
    def settled(self) -> bool:
        """Done, as far as the coach goes: it asked nothing, or a reason was given."""
        return not self.coach_asked or bool(self.coach_reason)

    @property
    def coach_note(self) -> str:
        """What the record says of the coach's questions: '' when it asked nothing."""
        if not self.coach_asked:
            return ""
        asked = " / ".join(self.coach_asked)
        if self.coach_reason:
            reason = self.coach_reason.rstrip(".")
            return f"Kept as written: {reason}. The statement coach had asked: {asked}"
        return f"The statement coach still asks: {asked}"


@dataclass(frozen=True, slots=True)
class Score:
    """A participant's current entry in a round: a number and reason, or a pass."""

    id: int
    participant_id: int
    value: float | None
    reason: str
    one_higher: str
    recorded_at: datetime
    supersedes_id: int | None
    recorded_by: str = ""
    """The facilitator, or the computer's user, who typed it."""
    recorded_role: str = ""
    """On a server, the database role it was saved as: the server's word, not the app's."""
    child: str = ""
    """The child this score is about, where a scale is scored per child."""
    name: str = ""
    """The person's name when they gave it (a later change of name leaves it)."""

    @property
    def passed(self) -> bool:
        return self.value is None


class RoundMode(StrEnum):
    """Open: numbers shown as they are given. Private: hidden until the facilitator reveals."""

    OPEN = "open"
    PRIVATE = "private"

    @property
    def label(self) -> str:
        return {
            "open": "Open: numbers shown as they are given",
            "private": "Private: hidden until everyone has scored, then revealed together",
        }[self.value]


@dataclass(frozen=True, slots=True)
class Round:
    """One go round the room for a scale."""

    id: int
    number: int
    opened_at: datetime
    scores: tuple[Score, ...] = ()
    mode: RoundMode = RoundMode.OPEN
    revealed_at: datetime | None = None
    closed_at: datetime | None = None
    agreed_to_differ_at: datetime | None = None
    differ_withdrawn_at: datetime | None = None
    """When the room withdrew its agreement to differ (the agreement stays on record)."""

    @property
    def visible(self) -> bool:
        """Whether numbers may be shown: always in an open round, after the reveal in private."""
        return self.mode is RoundMode.OPEN or self.revealed_at is not None

    @property
    def closed(self) -> bool:
        return self.closed_at is not None

    def score_for(self, participant_id: int, child: str = "") -> Score | None:
        """The participant's current entry (about `child`), if they have given one."""
        for score in self.scores:
            if score.participant_id == participant_id and score.child == child:
                return score
        return None

    def for_child(self, child: str) -> tuple[Score, ...]:
        return tuple(s for s in self.scores if s.child == child)


@dataclass(frozen=True, slots=True)
class Scale:
    """A scaling question with what 10 and 0 mean, linked to a pair or 'overall'."""

    id: int
    position: int
    question: str
    pair_id: int | None
    ten_means: str
    zero_means: str
    rounds: tuple[Round, ...] = ()
    mode: RoundMode = RoundMode.OPEN
    threshold: float = 2.0
    """Scores at or below this are flagged for the chair's attention."""
    children: tuple[str, ...] = ()
    """Children scored separately; empty for one judgement about the family."""
    carried_from_id: int | None = None
    """The same scale in the meeting before (a review asks it again)."""
    version: int = 1
    """How many times the definition has been saved (an edit names the one it began from)."""

    @property
    def subjects(self) -> tuple[str, ...]:
        """What each person scores: each child in turn, or once ('') for the family."""
        return self.children or ("",)

    @property
    def previous_round(self) -> Round | None:
        return self.rounds[-2] if len(self.rounds) > 1 else None

    @property
    def defined(self) -> bool:
        """True once both ends of the scale are written (the round may start)."""
        return bool(self.ten_means and self.zero_means)

    @property
    def current_round(self) -> Round | None:
        return self.rounds[-1] if self.rounds else None


@dataclass(frozen=True, slots=True)
class Family:
    """A family (or a team) whose meetings belong together."""

    id: int
    title: str
    case_ref: str
    children: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Amendment:
    """A change made after the meeting was closed: what, the words before and after it,
    why, who made it and when."""

    recorded_at: datetime
    what: str
    before: str = ""
    after: str = ""
    reason: str = ""
    recorded_by: str = ""
    recorded_role: str = ""
    """On a server, the database role it was saved as."""


@dataclass(frozen=True, slots=True)
class MeetingRecord:
    """Everything recorded for one meeting."""

    meeting: Meeting
    participants: tuple[Participant, ...] = ()
    items: tuple[MapItem, ...] = ()
    pairs: tuple[StatementPair, ...] = ()
    scales: tuple[Scale, ...] = ()
    deleted_items: tuple[MapItem, ...] = field(default=())
    family: Family | None = None
    amendments: tuple[Amendment, ...] = ()
    """Changes made after the meeting was closed, oldest first."""
    decision: Decision = field(default_factory=Decision)
    """A conference's decision, as far as it has been made (empty for other meetings)."""
    voices: tuple[Voice, ...] = ()
    """A conference's record of the parents' and the child's views, in the order read."""
    rota: tuple[RoleTurn, ...] = ()
    """For group supervision: who took which role in the team's earlier sessions."""

    @property
    def children(self) -> tuple[str, ...]:
        return self.family.children if self.family else ()

    def speaks_for(self) -> dict[int, str]:
        """Each person, by id, as a conference minute names them with their agency."""
        return {p.id: p.speaking_for for p in self.participants}

    @property
    def in_round_order(self) -> tuple[Participant, ...]:
        """Everyone in the order a round goes: seating order, except that in group
        supervision the presenter scales first, before the group."""
        if self.meeting.kind is not MeetingKind.SUPERVISION:
            return self.participants
        return tuple(
            sorted(self.participants, key=lambda p: p.session_role is not SessionRole.PRESENTER)
        )

    @property
    def presenter(self) -> Participant | None:
        """In group supervision, the worker who brings the case."""
        if self.meeting.kind is not MeetingKind.SUPERVISION:
            return None
        return next((p for p in self.participants if p.session_role is SessionRole.PRESENTER), None)

    @property
    def present(self) -> tuple[Participant, ...]:
        """Participants who take part in rounds, in the order a round goes."""
        return tuple(p for p in self.in_round_order if p.attendance is Attendance.PRESENT)

    def items_in(self, column: Column) -> tuple[MapItem, ...]:
        return tuple(i for i in self.items if i.column is column)

    def participant(self, participant_id: int) -> Participant | None:
        return next((p for p in self.participants if p.id == participant_id), None)

    def scored_as(self, score: Score) -> str:
        """Who gave `score`, under the name they had then; 'Sam Smith (now Sam Jones)' if
        they were renamed afterwards."""
        person = self.participant(score.participant_id)
        now = person.name if person else ""
        then = score.name or now
        return f"{then} (now {now})" if now and then != now else then

    def scale(self, scale_id: int | None) -> Scale | None:
        return next((s for s in self.scales if s.id == scale_id), None)

    def pair(self, pair_id: int | None) -> StatementPair | None:
        return next((p for p in self.pairs if p.id == pair_id), None)

    def linked_pair(self, scale: Scale) -> tuple[int, StatementPair] | None:
        """The statement pair `scale` is about, with its number as the meeting shows it
        (1, 2, ...), as it reads now; None for an overall scale."""
        for number, pair in enumerate(self.pairs, start=1):
            if pair.id == scale.pair_id:
                return number, pair
        return None

    def missing(self) -> list[str]:
        """What the meeting still lacks, in plain words: the three elements first, then
        what the statement coach and (for a conference) the decision still ask for."""
        gaps = self.missing_elements()
        unsettled = [n for n, p in enumerate(self.pairs, start=1) if p.statement and not p.settled]
        if unsettled:
            numbers = listed([str(n) for n in unsettled])
            gaps.append(
                f"a reason for keeping {'pair' if len(unsettled) == 1 else 'pairs'} {numbers} "
                "as written while the statement coach still asks questions"
            )
        if self.meeting.kind is MeetingKind.CONFERENCE:
            gaps += self.decision.missing(self.children)
        return gaps

    def still_needed(self) -> list[str]:
        """`missing`, short enough for the line above the steps (two lines at 80 columns):
        the statement coach's and the decision's items are named, not spelled out."""
        gaps = self.missing_elements()
        if any(p.statement and not p.settled for p in self.pairs):
            gaps.append("a reason for words the coach questions (F4)")
        if self.meeting.kind is MeetingKind.CONFERENCE and self.decision.missing(self.children):
            gaps.append("the decision (F12)")
        return gaps

    def missing_elements(self) -> list[str]:
        """What the meeting lacks of the three elements (statement, goal, scaling)."""
        words = self.meeting.wording
        gaps: list[str] = []
        if not self.pairs or not any(p.statement for p in self.pairs):
            gaps.append(f"a {words.statement}")
        if not any(p.goal for p in self.pairs if p.statement):
            gaps.append(f"a {words.goal} paired with it")
        scored = any(
            s.reason
            for scale in self.scales
            for r in scale.rounds
            for s in r.scores
            if not s.passed
        )
        if not scored:
            gaps.append("a scaling round with reasons")
        return gaps
