"""Small-number suppression, with the totals that could give a hidden number away.

A count under 5 for one school in one week could point at one young person, so it is never
published ("primary" suppression). Hiding it is not enough when a total is published too:
total minus the other cells gives it back. So every published sum ("line": some cells and
their total) must hide either nothing or at least two of its members, and more cells are
hidden until that holds ("complementary" suppression). Two hidden cells under 5 whose sum
is known to be 8 are both 4, so that case hides one more too.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

SMALL = 5


@dataclass(frozen=True)
class Line:
    """Cells whose counts add up to a published total (both are cells of the publication)."""

    cells: tuple[Hashable, ...]
    total: Hashable


def line(cells: Sequence[Hashable], total: Hashable) -> Line:
    """A Line from any sequence of cell keys."""
    return Line(tuple(cells), total)


def _gives_away(line: Line, values: Mapping[Hashable, int], hidden: set[Hashable]) -> bool:
    """True if this line, as published, lets someone work out a hidden cell under SMALL."""
    members = [*line.cells, line.total]
    hidden_members = [m for m in members if m in hidden]
    if len(hidden_members) == 1:
        return True
    if line.total in hidden or not hidden_members:
        return False
    # The hidden cells' sum is known (total minus the shown cells). If they are all under
    # SMALL and add up to (SMALL - 1) each, every one of them is SMALL - 1.
    all_small = all(values.get(m, 0) < SMALL for m in hidden_members)
    return all_small and sum(values.get(m, 0) for m in hidden_members) == (SMALL - 1) * len(
        hidden_members
    )


def _next_to_hide(line: Line, values: Mapping[Hashable, int], hidden: set[Hashable]) -> Hashable:
    """The shown member to hide: the smallest cell (a total only when no cell is left)."""
    shown_cells = [c for c in line.cells if c not in hidden]
    if shown_cells:
        return min(shown_cells, key=lambda c: (values.get(c, 0), repr(c)))
    return line.total


def suppressed(
    values: Mapping[Any, int], lines: Iterable[Line]
) -> tuple[set[Hashable], set[Hashable]]:
    """(cells under SMALL, cells hidden so that none of those can be worked out).

    `values` must hold every cell and total that is published; a key missing from it
    counts as 0. Repeats until no line gives a hidden number away.
    """
    lines = list(lines)
    members = {key for known in lines for key in (*known.cells, known.total)}
    primary = {key for key in {*values, *members} if values.get(key, 0) < SMALL}
    hidden = set(primary)
    changed = True
    while changed:
        changed = False
        for known in lines:
            if _gives_away(known, values, hidden) and not ({*known.cells, known.total} <= hidden):
                hidden.add(_next_to_hide(known, values, hidden))
                changed = True
    return primary, hidden - primary
