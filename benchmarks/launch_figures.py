"""Start-up, memory and launch to the first action, each run in a process of its own
beside the baselines (B1, B2, B3), interleaved so that load on the machine hits all alike."""

from __future__ import annotations

import statistics
from pathlib import Path

from benchmarks import startup
from benchmarks.figure import Figure, working_copy


def startup_figures(
    big: Path, runs: int, folder: Path, b1: list[float], b2: list[float]
) -> list[Figure]:
    """Start-up against B1 and B2 run in turn with it; their samples are added to `b1`
    and `b2`."""
    first, shown, ready, peak_b2, peak_app = [], [], [], [], []
    for run in range(runs):  # interleaved, so load on the machine hits both alike
        b1.append(startup.run_child(startup.B1)[0])
        first.append(startup.run_child(startup.APP_FIRST_PAINT, str(folder / f"new{run}.db"))[0])
        base, base_peak = startup.run_child(startup.B2, str(big))
        b2.append(base)
        peak_b2.append(base_peak)
        seen, opened, app_peak = startup.run_child(startup.APP_NEWEST_SHOWN, str(big))
        shown.append(seen)
        ready.append(opened)
        peak_app.append(app_peak)
    m = statistics.median
    ratio_first, ratio_shown = m(first) / m(b1), m(shown) / m(b2)
    ratio_ready, ratio_peak = m(ready) / m(b2), m(peak_app) / m(peak_b2)
    return [
        Figure(
            "B1: minimal Textual app, start to ready", f"{m(b1) * 1000:.0f} ms", "baseline", None
        ),
        Figure("B2: B1 + sqlmodel + one SQLite query", f"{m(b2) * 1000:.0f} ms", "baseline", None),
        Figure(
            "Start to first paint of home, empty database",
            f"{m(first) * 1000:.0f} ms = {ratio_first:.2f} x B1",
            "<= 1.2 x B1",
            ratio_first <= 1.2,
        ),
        Figure(
            "Start to newest meetings shown, big database",
            f"{m(shown) * 1000:.0f} ms = {ratio_shown:.2f} x B2",
            "<= 1.15 x B2",
            ratio_shown <= 1.15,
        ),
        Figure(
            "Start to database open and checked (meetings can be opened)",
            f"{m(ready) * 1000:.0f} ms = {ratio_ready:.2f} x B2",
            "report",
            None,
        ),
        Figure(
            "Peak memory, big database open on home",
            f"{m(peak_app) / 1024:.0f} MiB = {ratio_peak:.2f} x B2",
            "<= 1.5 x B2",
            ratio_peak <= 1.5,
        ),
    ]


def first_action_figures(
    sizes: list[tuple[str, Path | None]],
    runs: int,
    folder: Path,
    pooled: list[float],
    b2: list[float],
) -> list[Figure]:
    """Launch to the first action done (a new-meeting form shown; a meeting opened), against
    the minimal Textual app's start, at each database size.

    Each is also given against the least such an action needs of the libraries: B3 (B1
    showing a form of Textual's widgets like the new-meeting form), run in turn with it, and
    B2 (B1 reading one row through sqlmodel, as opening any meeting must).

    B1 is run in turn with the app at every size, and its samples are pooled: B1 reads no
    database, so each size's handful of samples differ only by noise (medians 374 to 498 ms
    in one run), which made a size's ratio, and the spread between sizes, a figure of B1's
    noise rather than of the app. B1's samples are added to `pooled`."""
    m = statistics.median
    b1: list[float] = []
    b3: list[float] = []
    done: list[tuple[str, dict[str, list[float]]]] = []
    for label, source in sizes:
        found: dict[str, list[float]] = {"new": [], "open": []}
        for run in range(runs):
            b1.append(startup.run_child(startup.B1)[0])
            b3.append(startup.run_child(startup.B3)[0])
            for action in ("new", "open") if source is not None else ("new",):
                target = (
                    working_copy(source, folder) if source else folder / f"empty{run}{action}.db"
                )
                found[action].append(
                    startup.run_child(startup.APP_FIRST_ACTION, str(target), action)[0]
                )
                if source is None:
                    target.unlink(missing_ok=True)
        done.append((label, found))
    pooled += b1
    base = m(b1)
    least = {"new": ("B3", m(b3)), "open": ("B2", m(b2))}
    figures: list[Figure] = [
        Figure(
            "B3: B1, then a form of Textual's widgets shown (as the new-meeting form)",
            f"{m(b3) * 1000:.0f} ms = {m(b3) / base:.2f} x B1",
            "baseline",
            None,
        )
    ]
    ratios: dict[str, list[float]] = {"new": [], "open": []}
    for label, found in done:
        for action, words in (("new", "new-meeting form shown"), ("open", "a meeting opened")):
            if not found[action]:
                continue
            ratio = m(found[action]) / base
            ratios[action].append(ratio)
            name, floor = least[action]
            figures.append(
                Figure(
                    f"Launch to first action done ({words}), {label}",
                    f"{m(found[action]) * 1000:.0f} ms = {ratio:.2f} x B1 ({base * 1000:.0f} ms)"
                    f", {m(found[action]) / floor:.2f} x {name}",
                    "<= 1.5 x B1",
                    ratio <= 1.5,
                )
            )
    for action, each in ratios.items():
        if len(each) > 1:
            spread_ = max(each) / min(each)
            figures.append(
                Figure(
                    f"Launch to first action ({action}): largest database against smallest",
                    f"{spread_:.2f} x (ratios {', '.join(f'{r:.2f}' for r in each)})",
                    "within 10% (<= 1.10)",
                    spread_ <= 1.10,
                )
            )
    return figures
