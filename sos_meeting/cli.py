"""The `sos-meeting` command: open the app, list meetings, export a meeting, back up."""

from __future__ import annotations

import argparse
import functools
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from sos_meeting import __version__
from sos_meeting.location import ENV_VAR, EXIT_PROBLEM, DatabaseProblem, default_path

if TYPE_CHECKING:
    from sos_meeting.config import Settings
    from sos_meeting.database import Database

PASSPHRASE_VAR = "SOS_MEETING_PASSPHRASE"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sos-meeting",
        description=(
            "Lead a Signs of Safety meeting: who is here, the 3-column mapping, danger "
            "statements and safety goals, a round-the-room scaling round and how far "
            "apart the scores are. Everything is saved the moment it is entered."
        ),
        epilog=f"With no command, the app opens. Default database: {default_path()}",
    )
    parser.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        help=(
            "the database: a file path (created if missing) or an SQLAlchemy URL such as "
            f"postgresql+psycopg://user@host/db. Default: ${ENV_VAR}, else the file above."
        ),
    )
    parser.add_argument(
        "--encrypt",
        action="store_true",
        help=(
            "the database file is encrypted with SQLCipher (a new one is created so): asks "
            f"for the passphrase, or reads ${PASSPHRASE_VAR}. The passphrase is never stored."
        ),
    )
    phones = parser.add_argument_group(
        "scoring from phones", "where phones reach the laptop in a round scored from phones"
    )
    phones.add_argument(
        "--room-host",
        metavar="ADDRESS",
        default="",
        help="the laptop's address on the meeting room's network (default: found for you)",
    )
    phones.add_argument(
        "--room-cert", metavar="FILE", type=Path, help="the council's certificate, for HTTPS"
    )
    phones.add_argument("--room-key", metavar="FILE", type=Path, help="the certificate's key")
    phones.add_argument(
        "--room-public",
        action="store_true",
        help="allow --room-host to be a public address (anyone on the internet could reach it)",
    )
    parser.add_argument("--version", action="version", version=f"sos-meeting {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    # --db and --encrypt are taken after the command too (`sos-meeting list --db FILE`);
    # there they default to nothing, so the ones given before the command still count.
    after = argparse.ArgumentParser(add_help=False)
    after.add_argument("--db", metavar="PATH_OR_URL", default=argparse.SUPPRESS, help="as above")
    after.add_argument("--encrypt", action="store_true", default=argparse.SUPPRESS, help="as above")
    commands.add_parser = functools.partial(commands.add_parser, parents=[after])  # type: ignore[method-assign]
    commands.add_parser("run", help="open the app (the default)")
    commands.add_parser("config", help="show where the settings file is and what it sets")
    completion = commands.add_parser(
        "completion", help="print shell completion for bash, zsh or fish, to add to its set-up"
    )
    completion.add_argument("shell", choices=["bash", "zsh", "fish"])
    listing = commands.add_parser("list", help="print the meetings, newest first")
    listing.add_argument("--search", default="", help="only titles or case references with this")
    listing.add_argument("--limit", type=int, default=100, help="how many to print (default 100)")
    export = commands.add_parser(
        "export",
        help="print or write one meeting (json, markdown, html, docx, pdf) or scores as csv",
    )
    export.add_argument(
        "meeting_id",
        type=int,
        nargs="?",
        metavar="ID",
        help="the meeting's number (csv without an ID covers every meeting)",
    )
    export.add_argument(
        "--format",
        choices=["json", "markdown", "md", "html", "csv", "note", "docx", "pdf", "letter"],
        default="json",
        help="json (whole record), markdown (the minute), html (printable one-page map), "
        "csv (one row per score), note (group supervision's brief note for the child's file), "
        "docx (the minute for Word), pdf (the map printed by a browser on this machine), "
        "letter (the letter to the family, once reviewed in the app; Word with -o FILE.docx); "
        "default json",
    )
    export.add_argument(
        "--replace",
        action="append",
        default=[],
        metavar="WORD=WORDS",
        help="for a note: write WORDS where WORD (a name) was typed; may be given again",
    )
    export.add_argument(
        "--keep-names",
        action="store_true",
        help="for a note: keep as written the words it asks about (they are not names)",
    )
    export.add_argument(
        "--family-version",
        action="store_true",
        help="plain version to hand to the family: roles instead of names, no case reference",
    )
    export.add_argument("--output", "-o", type=Path, help="write to this file (0600) instead")
    backup = commands.add_parser("backup", help="copy the database safely while in use")
    backup.add_argument("path", nargs="?", type=Path, help="where to write the copy")
    commands.add_parser(
        "encrypt",
        help="encrypt an existing plain database file in place (asks for a new passphrase)",
    )
    grant = commands.add_parser(
        "grant",
        help="on a PostgreSQL server: let a role record and read, but never empty, drop or "
        "rewrite (run as the tables' owner)",
    )
    grant.add_argument("role", help="an existing login role for the app to connect as")
    server = commands.add_parser(
        "server",
        help="on a PostgreSQL server: teams that each see only their own families (run as "
        "the tables' owner, with the right to create roles)",
    )
    steps = server.add_subparsers(dest="step", required=True, metavar="STEP")
    steps.add_parser(
        "init", help="set up the teams' row-level security (the tables are made on first open)"
    )
    team = steps.add_parser("add-team", help="add a team (a database role that cannot log in)")
    team.add_argument("team")
    member = steps.add_parser(
        "add-member", help="let USER (a login role, made if missing) see TEAM's families"
    )
    member.add_argument("user")
    member.add_argument("team", help=f"a team, or {'sos_admin'} to see every family")
    share = steps.add_parser(
        "share", help="let another team see a family too (kept: who shared it, and when)"
    )
    share.add_argument("family_id", type=int)
    share.add_argument("team")
    retention = commands.add_parser(
        "retention",
        help="list, then permanently delete, meetings past their retention date",
        description=(
            "Lists the meetings held before --before and/or with exactly the title --title, "
            "then, once you confirm, deletes them and everything recorded in them for good "
            "and rewrites the database file so the deleted words are not left inside it."
        ),
    )
    retention.add_argument(
        "--before",
        type=date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="meetings held before this date",
    )
    retention.add_argument("--title", help="meetings with exactly this title (one family)")
    retention.add_argument(
        "--yes", action="store_true", help="do not ask for confirmation (for scripts)"
    )
    retention.add_argument(
        "--delete-copies",
        action="store_true",
        help="also delete the backups, pre-upgrade copies and exports it lists (which may "
        "still hold the deleted meetings) without asking",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from sos_meeting.config import config_path, describe, load_settings

    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "completion":
        from sos_meeting.completion import script

        print(script(args.shell, parser), end="")
        return 0
    settings = load_settings()
    if args.command == "config":
        print(describe(settings, config_path()))
        return 0
    if settings.problem:
        print(f"sos-meeting: {settings.problem}", file=sys.stderr)
    if args.db is None and not os.environ.get(ENV_VAR) and settings.database:
        args.db = str(Path(settings.database).expanduser())
    try:
        if args.command == "encrypt":
            return _encrypt(args.db)
        if args.encrypt and _is_server(args.db):
            raise DatabaseProblem(
                "--encrypt is for a database file. A PostgreSQL server protects its data "
                "with its own encryption and access rules; nothing was done."
            )
        key = _passphrase(args.db) if args.encrypt else None
        if args.command in (None, "run"):
            return _run_app(args.db, key, args, settings)
        if args.command == "list":
            return _list(args.db, args.search, args.limit, key)
        if args.command == "export":
            fmt = "markdown" if args.format == "md" else args.format
            if fmt == "letter" and args.output and args.output.suffix.lower() == ".docx":
                fmt = "letter-docx"
            if fmt == "note":
                return _note(args.db, args.meeting_id, args, key)
            return _export(args.db, args.meeting_id, fmt, args.family_version, args.output, key)
        if args.command == "backup":
            return _backup(args.db, args.path, key)
        if args.command == "grant":
            return _grant(args.db, args.role)
        if args.command == "server":
            return _server(args)
        if args.command == "retention":
            return _retention(
                args.db,
                args.before,
                args.title,
                key,
                confirmed=args.yes,
                copies=args.delete_copies,
            )
    except DatabaseProblem as problem:
        print(f"sos-meeting: {problem}", file=sys.stderr)
        return EXIT_PROBLEM
    return 0


def _grant(target: str | None, role: str) -> int:
    from sos_meeting.server_roles import grant_app_role

    db = _opened(target, None)
    try:
        grant_app_role(db, role)
    finally:
        db.close()
    print(
        f"{role} can now record and read meetings in {db.where}, and cannot empty, drop or "
        "rewrite a recorded score or amendment. Connect the app as that role; keep this "
        "owner role for upgrades and retention."
    )
    return 0


def _server(args: argparse.Namespace) -> int:
    """Set up teams on a server, printing every statement it ran."""
    from sos_meeting import server_teams as teams

    db = _opened(args.db, None)
    try:
        if args.step == "init":
            done = teams.init_server(db)
            said = "Teams are set up: each sees only its own families; sos_admin sees all."
        elif args.step == "add-team":
            done = teams.add_team(db, args.team)
            said = f"The team {args.team} can record and read its own families."
        elif args.step == "add-member":
            done = teams.add_member(db, args.user, args.team)
            said = (
                f"{args.user} is in {args.team}. Give the role a password if it has none: "
                f"ALTER ROLE {args.user} PASSWORD '…' (or use the server's own sign-in)."
            )
        else:
            done = teams.share_family(db, args.family_id, args.team, _who())
            said = f"Family {args.family_id} is shared with {args.team}."
    finally:
        db.close()
    for statement in done:
        print(" ".join(statement.split())[:200])
    print(said)
    return 0


def _who() -> str:
    from sos_meeting.store import computer_user

    return "".join(c for c in computer_user().lower() if c.isalnum() or c == "_")[:63] or "owner"


def _is_server(target: str | None) -> bool:
    from sos_meeting.location import is_url, resolve_target

    where = resolve_target(target)
    return is_url(where) and not where.startswith("sqlite")


def _opened(target: str | None, passphrase: str | None) -> Database:
    """Open the database for a command, saying where the pre-upgrade copy went if one was made."""
    from sos_meeting.database import open_database

    db = open_database(target, passphrase=passphrase)
    if db.backup is not None:
        print(f"The database was upgraded; a copy as it was is at {db.backup}", file=sys.stderr)
    return db


def _passphrase(target: str | None, *, new: bool | None = None) -> str:
    """The passphrase: from the environment, else asked for (twice for a new file)."""
    import getpass

    from sos_meeting.location import resolve_target

    given = os.environ.get(PASSPHRASE_VAR)
    if given:
        return given
    if not sys.stdin.isatty():
        raise DatabaseProblem(f"No passphrase: set {PASSPHRASE_VAR} or run at a terminal.")
    path = Path(resolve_target(target)).expanduser()
    first = getpass.getpass("Passphrase for the meetings database: ")
    if not first:
        raise DatabaseProblem("An empty passphrase cannot protect anything; nothing was done.")
    creating = new if new is not None else not path.exists()
    if creating and getpass.getpass("The same passphrase again: ") != first:
        raise DatabaseProblem("The two passphrases differ; nothing was done.")
    return first


def _encrypt(target: str | None) -> int:
    from sos_meeting.encryption import is_plain
    from sos_meeting.holds import hold_for_maintenance
    from sos_meeting.location import resolve_target

    path = Path(resolve_target(target)).expanduser()
    if not path.is_file():
        raise DatabaseProblem(f"There is no database at {path} to encrypt.")
    if not is_plain(path):
        raise DatabaseProblem(f"{path} is already encrypted (or is not a database).")
    hold = hold_for_maintenance(path)  # refused while the app has it open
    try:
        return _encrypt_held(target, path)
    finally:
        if hold is not None:
            hold.release()


def _encrypt_held(target: str | None, path: Path) -> int:
    from sos_meeting.database import open_database
    from sos_meeting.encryption import EncryptionUnavailable, encrypt_file

    open_database(str(path)).close()  # checked and up to date before it is converted
    passphrase = _passphrase(target, new=True)
    try:
        encrypt_file(path, passphrase)
    except EncryptionUnavailable as missing:
        raise DatabaseProblem(str(missing)) from missing
    open_database(str(path), passphrase=passphrase).close()
    print(f"{path} is now encrypted. Open it with: sos-meeting --encrypt --db {path}")
    print("Backups made before today are not encrypted: delete them or keep them safe.")
    return 0


def _run_app(
    target: str | None, passphrase: str | None, args: argparse.Namespace, settings: Settings
) -> int:
    from screens.app import run
    from sos_meeting.phones.settings import RoomProblem, RoomSettings, checked_host

    room = RoomSettings(
        host=args.room_host, cert=args.room_cert, key=args.room_key, public=args.room_public
    )
    if room.host or room.cert or room.key:
        try:
            checked_host(room)  # said now, not when the room is waiting for phones
        except RoomProblem as problem:
            print(f"sos-meeting: {problem}", file=sys.stderr)
            return 2
    return run(target, passphrase, room, settings)


def _list(target: str | None, search: str, limit: int, passphrase: str | None) -> int:
    from sos_meeting import store
    from sos_meeting.text import clean

    db = _opened(target, passphrase)
    try:
        meetings = store.list_meetings(db, search=search, limit=limit)
    finally:
        db.close()
    if not meetings:
        print("No meetings yet." if not search else "No meetings match.")
        return 0
    from sos_meeting.words import counted

    print(f"{'ID':>5}  {'Date':10}  {'Kind':34}  {'Title':24}  Progress")
    for m in meetings:
        scored = ", scored" if m.scored else ""
        progress = (
            f"{counted(m.participants, 'person', 'people')}, {counted(m.items, 'item')}, "
            f"{counted(m.pairs, 'pair')}{scored}"
        )
        print(
            f"{m.id:>5}  {m.held_on.isoformat():10}  {m.kind.label:34}  "
            f"{clean(m.title)[:24]:24}  {progress}"
        )
    return 0


def _export(
    target: str | None,
    meeting_id: int | None,
    fmt: str,
    family_version: bool,
    output: Path | None,
    passphrase: str | None,
) -> int:
    from sos_meeting import store
    from sos_meeting.exports.heading import heading_from_settings
    from sos_meeting.exports.render import BINARY, PLAIN_EXPORT, render, render_file, write_private

    if meeting_id is None and fmt != "csv":
        print(f"sos-meeting: say which meeting to export as {fmt} (its ID).", file=sys.stderr)
        return EXIT_PROBLEM
    if fmt in BINARY and output is None and sys.stdout.isatty():
        print(
            f"sos-meeting: a {fmt} file is not printed to the terminal: give -o FILE, such as "
            f"-o minute.{fmt}.",
            file=sys.stderr,
        )
        return EXIT_PROBLEM
    heading = heading_from_settings()
    db = _opened(target, passphrase)
    document: str | bytes
    try:
        if fmt == "csv" and output is None:
            from sos_meeting.exports.csv_rows import write_csv

            write_csv(db, sys.stdout, meeting_id)
            return 0
        try:
            if fmt in BINARY:
                document = render_file(
                    db, meeting_id, fmt, family_version=family_version, heading=heading
                )
            else:
                document = render(
                    db, meeting_id, fmt, family_version=family_version, heading=heading
                )
        except store.StorageError as error:
            print(f"sos-meeting: {error}", file=sys.stderr)
            return EXIT_PROBLEM
    finally:
        db.close()
    if output is None:
        if isinstance(document, bytes):
            sys.stdout.buffer.write(document)
            sys.stdout.flush()
            return 0
        sys.stdout.write(document if document.endswith("\n") else document + "\n")
        return 0
    written = write_private(output, document, live=db.path)
    print(f"Written to {written}", file=sys.stderr)
    if passphrase is not None:
        print(PLAIN_EXPORT, file=sys.stderr)
    return 0


def _note(
    target: str | None, meeting_id: int | None, args: argparse.Namespace, passphrase: str | None
) -> int:
    """Group supervision's brief note: refused while a word that may be a name has not been
    replaced (--replace) or kept (--keep-names)."""
    from sos_meeting import store
    from sos_meeting.exports.brief_note import possible_names
    from sos_meeting.exports.heading import heading_from_settings
    from sos_meeting.exports.render import PLAIN_EXPORT, render, write_private

    if meeting_id is None:
        print("sos-meeting: say which session to write the note for (its ID).", file=sys.stderr)
        return EXIT_PROBLEM
    replacements: dict[str, str] = {}
    for given in args.replace:
        word, equals, words = given.partition("=")
        if not equals or not word.strip():
            print(f"sos-meeting: write --replace as WORD=WORDS, not {given!r}.", file=sys.stderr)
            return EXIT_PROBLEM
        replacements[word.strip()] = words.strip()
    db = _opened(target, passphrase)
    try:
        try:
            names = possible_names(store.load(db, meeting_id), replacements)
            if names and not args.keep_names:
                print(
                    "sos-meeting: the note must not name anyone, and these words may be names: "
                    f"{', '.join(names)}. Say what to write instead, e.g. "
                    f'--replace "{names[0]}=the child\'s aunt", or keep them as written with '
                    "--keep-names. Nothing was written.",
                    file=sys.stderr,
                )
                return EXIT_PROBLEM
            document = render(
                db, meeting_id, "note", replacements=replacements, heading=heading_from_settings()
            )
        except store.StorageError as error:
            print(f"sos-meeting: {error}", file=sys.stderr)
            return EXIT_PROBLEM
    finally:
        db.close()
    if args.output is None:
        sys.stdout.write(document)
        return 0
    written = write_private(args.output, document, live=db.path)
    print(f"Written to {written}", file=sys.stderr)
    if passphrase is not None:
        print(PLAIN_EXPORT, file=sys.stderr)
    return 0


def _backup(target: str | None, path: Path | None, passphrase: str | None) -> int:
    from datetime import datetime

    from sos_meeting.database import backup

    db = _opened(target, passphrase)
    try:
        if path is None and db.path is not None:
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            path = db.path.with_name(f"{db.path.stem}.backup-{stamp}{db.path.suffix}")
        if path is None:
            raise DatabaseProblem("Give a path for the backup.")
        written = backup(db, path)
    finally:
        db.close()
    print(f"Backup written to {written}")
    return 0


def _retention(
    target: str | None,
    before: date | None,
    title: str | None,
    passphrase: str | None,
    *,
    confirmed: bool,
    copies: bool = False,
) -> int:
    from sos_meeting.holds import hold_for_maintenance
    from sos_meeting.location import database_file
    from sos_meeting.retention import chosen, copies_left, delete_meetings
    from sos_meeting.text import clean

    if before is None and title is None:
        print(
            "sos-meeting: say which meetings: --before YYYY-MM-DD and/or --title TITLE",
            file=sys.stderr,
        )
        return EXIT_PROBLEM
    file = database_file(target)
    hold = None if file is None else hold_for_maintenance(file)
    try:
        db = _opened(target, passphrase)
    except DatabaseProblem:
        if hold is not None:
            hold.release()
        raise
    try:
        meetings = chosen(db, before=before, title=title)
        if not meetings:
            print("No meetings match; nothing deleted.")
            return 0
        for m in meetings:
            print(f"{m.id:>5}  {m.held_on.isoformat()}  {clean(m.title)[:40]}")
        print(f"{len(meetings)} meetings will be deleted for good, with every score and reason.")
        if not confirmed:
            if not sys.stdin.isatty():
                print(
                    "sos-meeting: not deleted: confirm with --yes when not at a terminal.",
                    file=sys.stderr,
                )
                return EXIT_PROBLEM
            answer = input("Type DELETE to delete them: ")
            if answer.strip() != "DELETE":
                print("Nothing deleted.")
                return 0
        deleted = delete_meetings(db, [m.id for m in meetings])
        left = copies_left(db)
    finally:
        db.close()
        if hold is not None:
            hold.release()
    print(f"Deleted {deleted} meetings and cleared them from the database file.")
    if left:
        _offer_to_delete(left, copies)
    return 0


def _offer_to_delete(copies: list[Path], without_asking: bool) -> None:
    """List the copies that may still hold deleted meetings, and delete them if asked."""
    print("These copies were made earlier and may still hold the deleted meetings:")
    for path in copies:
        print(f"  {path}")
    if not without_asking:
        if not sys.stdin.isatty():
            print("Kept. Delete them with --delete-copies, or by hand where the schedule says.")
            return
        answer = input("Type DELETE to delete these copies too (anything else keeps them): ")
        if answer.strip() != "DELETE":
            print("The copies were kept.")
            return
    gone = 0
    for path in copies:
        try:
            path.unlink()
            gone += 1
        except FileNotFoundError:
            gone += 1
        except OSError as error:
            print(f"sos-meeting: could not delete {path}: {error.strerror}", file=sys.stderr)
    print(f"Deleted {gone} of the {len(copies)} copies.")
