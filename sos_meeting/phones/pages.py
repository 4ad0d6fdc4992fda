"""The pages a phone shows: plain HTML, large text, no script, every typed word escaped."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from sos_meeting.phones.limits import FIELD_LIMITS

LONG = FIELD_LIMITS["why"]
NUMBER = FIELD_LIMITS["number"]

STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:20px;
line-height:1.45;margin:0;padding:16px;color:#111;background:#fff;max-width:40em}
h1{font-size:1.3em;margin:.2em 0 .6em}
h2{font-size:1.1em;margin:1.2em 0 .4em}
p{margin:.4em 0}
.about{background:#f2f2f2;padding:8px 12px;border-left:6px solid #555}
.means{margin:.6em 0}
label{display:block;font-weight:bold;margin:1em 0 .2em}
input,textarea{font-size:1em;width:100%;box-sizing:border-box;padding:10px;
border:2px solid #333;border-radius:6px}
textarea{min-height:5em}
button{font-size:1em;padding:14px 18px;margin:1em .5em 0 0;border-radius:8px;
border:2px solid #111;background:#fff;color:#111}
button.main{background:#111;color:#fff}
.problem{border:3px solid #b00020;padding:8px 12px;margin:1em 0;font-weight:bold}
.done{border:3px solid #0a6b2d;padding:8px 12px;margin:1em 0;font-weight:bold}
.hint{color:#444;font-size:.9em}
.names button{display:block;width:100%;text-align:left}
"""


@dataclass(frozen=True, slots=True)
class Question:
    """What a person is asked, in the meeting's words."""

    question: str
    about: tuple[tuple[str, str], ...]
    """Labelled lines about what is scaled: the statement and its goal, or 'overall'."""
    ten_means: str
    zero_means: str


@dataclass(frozen=True, slots=True)
class Answer:
    """One subject's form: what was typed (kept when refused) and whether it is in."""

    child: str
    nonce: str
    number: str = ""
    why: str = ""
    higher: str = ""
    problem: str = ""
    saved: bool = False


def page(title: str, body: str) -> str:
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width,initial-scale=1'>"
        "<meta name='robots' content='noindex'>"
        f"<title>{escape(title)}</title><style>{STYLE}</style></head>"
        f"<body>{body}</body></html>"
    )


def _text(text: str) -> str:
    """Typed text as HTML: escaped, its line breaks kept."""
    return "<br>".join(escape(line) for line in text.splitlines() or [""])


def question_part(q: Question) -> str:
    about = "".join(f"<p><b>{escape(label)}</b> {_text(text)}</p>" for label, text in q.about)
    return (
        f"<h1>{_text(q.question)}</h1>"
        f"<div class='about'>{about}</div>"
        f"<p class='means'><b>10 means:</b> {_text(q.ten_means)}</p>"
        f"<p class='means'><b>0 means:</b> {_text(q.zero_means)}</p>"
    )


def answer_form(action: str, answer: Answer, *, several: bool, suffix: str = "") -> str:
    """The form for one subject: number, why, one point higher, send or pass."""
    heading = f"<h2>About {escape(answer.child)}</h2>" if several and answer.child else ""
    problem = (
        f"<p class='problem' role='alert'>{_text(answer.problem)}</p>" if answer.problem else ""
    )
    return (
        f"{heading}{problem}<form method='post' action='{escape(action)}'>"
        f"<input type='hidden' name='form' value='{escape(answer.nonce)}'>"
        f"<label for='number{suffix}'>Your number (0 to 10)</label>"
        f"<input id='number{suffix}' name='number' inputmode='decimal' autocomplete='off' "
        f"maxlength='{NUMBER}' value='{escape(answer.number)}'>"
        "<p class='hint'>A whole number from 0 to 10, or a half such as 6.5.</p>"
        f"<label for='why{suffix}'>Why? (you will need to say why)</label>"
        f"<textarea id='why{suffix}' name='why' maxlength='{LONG}'>{escape(answer.why)}</textarea>"
        f"<label for='higher{suffix}'>What would make it one point higher? (optional)</label>"
        f"<textarea id='higher{suffix}' name='higher' maxlength='{LONG}'>"
        f"{escape(answer.higher)}</textarea>"
        "<button class='main' type='submit' name='send' value='1'>Send my answer</button>"
        "<button type='submit' name='pass' value='1'>Pass (no number)</button>"
        "</form>"
    )


def answer_page(action: str, who: str, q: Question, answers: list[Answer]) -> str:
    several = len(answers) > 1
    parts = [f"<p class='hint'>For {escape(who)}, on their own phone</p>", question_part(q)]
    for n, answer in enumerate(answers):
        if answer.saved:
            parts.append(saved_part(action, answer, several=several))
        else:
            suffix = f"-{n + 1}" if n else ""  # each box's own id, for its label
            parts.append(answer_form(action, answer, several=several, suffix=suffix))
    parts.append(
        "<p class='hint'>Only the facilitator's laptop receives your answer. Nobody sees it "
        "until the facilitator shows everyone's answers together.</p>"
    )
    return page("Your answer", "".join(parts))


def saved_part(action: str, answer: Answer, *, several: bool) -> str:
    about = f" about {escape(answer.child)}" if several and answer.child else ""
    return (
        f"<p class='done' role='status'>Saved{about}. The facilitator will show everyone's "
        "answers together.</p>"
        f"<form method='get' action='{escape(action)}'>"
        f"<input type='hidden' name='change' value='{escape(answer.child)}'>"
        "<button type='submit'>Change my answer</button></form>"
    )


def code_page(action: str, problem: str = "") -> str:
    warn = f"<p class='problem' role='alert'>{escape(problem)}</p>" if problem else ""
    return page(
        "Join the round",
        "<h1>Join the round</h1>"
        f"{warn}<form method='post' action='{escape(action)}'>"
        "<label for='code'>The code on the facilitator's screen</label>"
        "<input id='code' name='code' autocomplete='off' autocapitalize='characters' "
        "maxlength='12'>"
        "<button class='main' type='submit'>Next</button></form>",
    )


def names_page(action: str, code: str, people: list[tuple[int, str, bool]]) -> str:
    """Choose your own name: (participant id, label, already answered from a phone)."""
    rows = []
    for pid, label, answered in people:
        if answered:
            rows.append(f"<p>{escape(label)}: answered (use your own page to change it)</p>")
        else:
            rows.append(f"<button type='submit' name='who' value='{pid}'>{escape(label)}</button>")
    return page(
        "Choose your name",
        "<h1>Which one is you?</h1>"
        f"<form method='post' action='{escape(action)}' class='names'>"
        f"<input type='hidden' name='code' value='{escape(code)}'>{''.join(rows)}</form>"
        "<p class='hint'>Choose only your own name.</p>",
    )


def plain_page(title: str, text: str) -> str:
    """A page that only says something (a link that does not work, a refusal)."""
    return page(title, f"<h1>{escape(title)}</h1><p>{escape(text)}</p>")
