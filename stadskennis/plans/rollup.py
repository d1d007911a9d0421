"""How far a plan has come: each element's progress, rolled up the hierarchy by a rule a reader can see.

The rule (decision 0014), the same on every page, export and report:
- An element without children counts with its own progress, or else its status's default progress
  ("lopend" 50%, "gerealiseerd" 100%). With neither it has no figure: it is *without data*.
- An element with children counts with the mean of its children's figures, weighted by their weights
  (or equally, when the plan says so). A child whose status is excluded from roll-up ("geannuleerd")
  or whose weight is 0 is left out, and so is a child without data; both are named in the
  explanation, never hidden. Only when no child has a figure does the element fall back to its own
  progress or status.
- Figures are exact fractions until they are shown, rounded to whole percents.

Pure: it works on plain `Node`s, so the rule is tested without a database and the models, pages and
reports all call the same function.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

WEIGHTED = "weighted"
EQUAL = "equal"


@dataclass(frozen=True)
class Node:
    """One plan element as the roll-up needs it."""

    key: str  # the element's code as the city uses it
    parent: str | None = None
    progress: int | None = None  # 0–100, entered by the element's owner
    status_progress: int | None = None  # the default progress of its status
    excluded: bool = False  # its status is left out of roll-up (geannuleerd)
    weight: Decimal = Decimal(1)


@dataclass
class Share:
    """One child's part in its parent's figure."""

    key: str
    figure: Fraction
    weight: Fraction


@dataclass
class Figure:
    """An element's progress and how it was reached."""

    key: str
    value: Fraction | None  # None: without data
    source: str  # "own", "status", "children" or "none"
    method: str = WEIGHTED
    shares: list[Share] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)  # children left out by their status
    without_data: list[str] = field(default_factory=list)  # children that had no figure

    @property
    def percent(self) -> int | None:
        """Rounded half up to a whole percent, as shown."""
        if self.value is None:
            return None
        return int((self.value * 2 + 1) // 2)

    def explanation(self) -> str:
        """The calculation in words and numbers, in the interface language's order of terms:
        '(40 × 2 + 80 × 1) / 3 = 53'."""
        if self.source != "children":
            return ""
        terms = " + ".join(f"{_number(s.figure)} × {_number(s.weight)}" for s in self.shares)
        total = sum((s.weight for s in self.shares), Fraction(0))
        return f"({terms}) / {_number(total)} = {self.percent}"


def _number(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    return f"{float(value):.1f}".replace(".", ",")  # nl-BE decimal comma


class CycleError(ValueError):
    """The hierarchy loops back on itself."""


def roll_up(nodes: Iterable[Node], *, method: str = WEIGHTED) -> dict[str, Figure]:
    """Every element's figure, children before parents. A parent that is not among `nodes` makes its
    child a root; a loop raises CycleError (imports refuse it before it gets here)."""
    by_key = {node.key: node for node in nodes}
    children: dict[str, list[Node]] = {}
    for node in by_key.values():
        if node.parent is not None and node.parent in by_key:
            children.setdefault(node.parent, []).append(node)
    figures: dict[str, Figure] = {}
    for key in _children_first(by_key, children):
        figures[key] = _figure(by_key[key], children.get(key, []), figures, method)
    return figures


def _children_first(by_key: dict[str, Node], children: dict[str, list[Node]]) -> list[str]:
    order, state = [], {}  # state: 1 visiting, 2 done
    for root in by_key:
        if state.get(root) == 2:
            continue
        stack = [(root, iter(children.get(root, [])))]
        state[root] = 1
        while stack:
            key, pending = stack[-1]
            child = next(pending, None)
            if child is None:
                stack.pop()
                state[key] = 2
                order.append(key)
            elif state.get(child.key) == 1:
                raise CycleError(child.key)
            elif state.get(child.key) != 2:
                state[child.key] = 1
                stack.append((child.key, iter(children.get(child.key, []))))
    return order


def _own(node: Node, method: str) -> Figure:
    if node.progress is not None:
        return Figure(node.key, Fraction(node.progress), "own", method)
    if node.status_progress is not None:
        return Figure(node.key, Fraction(node.status_progress), "status", method)
    return Figure(node.key, None, "none", method)


def _figure(node: Node, kids: list[Node], figures: dict[str, Figure], method: str) -> Figure:
    if not kids:
        return _own(node, method)
    shares, excluded, without_data = [], [], []
    for kid in sorted(kids, key=lambda k: k.key):
        if kid.excluded:
            excluded.append(kid.key)
        elif figures[kid.key].value is None:
            without_data.append(kid.key)
        elif kid.weight == 0:  # a weight of 0 says: does not count, whatever the method
            excluded.append(kid.key)
        else:
            weight = Fraction(1) if method == EQUAL else Fraction(kid.weight)
            shares.append(Share(kid.key, figures[kid.key].value, weight))
    if not shares:
        own = _own(node, method)
        own.excluded, own.without_data = excluded, without_data
        return own
    total = sum((s.weight for s in shares), Fraction(0))
    value = sum((s.figure * s.weight for s in shares), Fraction(0)) / total
    return Figure(node.key, value, "children", method, shares, excluded, without_data)
