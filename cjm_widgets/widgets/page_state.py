"""What a page may change: the allow-list of traits each widget's views may set, and its guard.

The page is untrusted (a Voila dashboard, a shared JupyterHub): whatever the
browser sends, Python alone decides what changes. Two kinds of message reach a
widget from its page, and both are checked here:

- custom messages (``set_trait``, ``edit``), handled by each widget, which asks
  :func:`refuse_read_only` and :func:`check_page_text` before applying an edit;
- ipywidgets' standard ``update`` messages, which ipywidgets hands to
  ``Widget.set_state``; :class:`PageGuard` overrides it.

The allow-list (a trait not listed here can never be set from the page):

==============  ==============================================================
widget          traits a view may set
==============  ==============================================================
JourneyMap      ``lanes``, ``selected_stage``, ``persona`` (``SETTABLE_TRAITS``)
EmpathyMap      ``persona`` (the filter)
FlowView        ``selected`` (the clicked flow)
others          none (PersonaCard, chart and board boxes, comparisons)
chart marks     drags and picks only, see :mod:`cjm_widgets.charts.marks`
==============  ==============================================================

``editable``, ``locked``, ``markers``, the data traits (``_rows``...) and every
read-only trait are Python's alone. A refused update changes nothing, is
logged, and the page gets the current values back (``send_state``), which rolls
its copy back (the first refusal of each trait is logged as a warning, repeats at
debug level). An update that only repeats the current value (marimo echoes
traits this way) is ignored without a word.
"""

from __future__ import annotations

import logging
import math
import re
import sys
from collections.abc import Mapping
from typing import Any

import ipywidgets
import traitlets

from ..errors import EditError, SchemaError
from ..sync.view_state import SETTABLE_TRAITS

__all__ = [
    "EMPATHY_MAP_SETTABLE",
    "FLOW_VIEW_SETTABLE",
    "JOURNEY_MAP_SETTABLE",
    "MAX_PAGE_DEPTH",
    "MAX_PAGE_TEXT",
    "MAX_PAGE_VALUES",
    "PageGuard",
    "check_page_text",
    "refuse_read_only",
]

log = logging.getLogger(__name__)

JOURNEY_MAP_SETTABLE: tuple[str, ...] = SETTABLE_TRAITS
EMPATHY_MAP_SETTABLE: tuple[str, ...] = ("persona",)
FLOW_VIEW_SETTABLE: tuple[str, ...] = ("selected",)

MAX_PAGE_DEPTH = 16  # an op nests a batch of rows at most 4 deep; deeper is not from our page
# An undo of a stage holding 10,000 touchpoints (a batch re-inserting them) is ~200,000 values.
MAX_PAGE_VALUES = 1_000_000
# One text from the page (a cell, a note, a stage name): far above any typed or pasted note, small
# enough that pandas never holds a page's megabytes in a cell. Pictures are bounded on their own.
MAX_PAGE_TEXT = 100_000

# Lone surrogates cannot be written to any file (UTF-8 refuses them); C0 controls other than
# tab, newline and carriage return (and DEL) break text formats and lines. Neither is typed by a user.
_BAD_TEXT = re.compile("[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class PageGuard(ipywidgets.Widget):
    """Mixin: ipywidgets ``update`` messages from the page may set only ``_view_traits``.

    A widget class lists the traits its views may set in ``_view_traits`` (one of
    the allow-lists above); everything else in an update is refused and rolled back.
    """

    _view_traits: tuple[str, ...] = ()

    def set_state(self, sync_data: dict[str, Any]) -> None:
        """Apply the allowed part of a state update from the page; roll back the rest (see module doc)."""
        if not isinstance(sync_data, Mapping):
            log.warning("%s refused a state update from the page: not an object", type(self).__name__)
            return
        settable = self._page_settable(sync_data)
        allowed = {k: v for k, v in sync_data.items() if k in settable}
        refused = [k for k in sync_data if k not in allowed and not self._repeats(k, sync_data[k])]
        if refused:
            # Each trait's first refusal is a warning; repeats (a page insisting) go to debug, not spam.
            seen = self.__dict__.setdefault("_page_refusals", set())
            new = [k for k in refused if isinstance(k, str) and k not in seen]
            seen.update(new)
            log.log(
                logging.WARNING if new else logging.DEBUG,
                "%s refused a state update from the page: %s may only be set from Python",
                type(self).__name__,
                ", ".join(map(repr, refused[:5])),
            )
            self.send_state([k for k in refused if k in self.keys])
        if not allowed:
            return
        try:
            check_page_text(allowed, "update")
            self._check_page_values(allowed)
        except EditError as exc:  # checked before anything is set: nothing to put back but the page's copy
            log.warning("%s refused a state update from the page: %s", type(self).__name__, exc)
            self.send_state([k for k in allowed if k in self.keys])
            return
        kept = {k: getattr(self, k) for k in allowed if k in self.keys}
        try:
            super().set_state(allowed)
        except (traitlets.TraitError, SchemaError, EditError, TypeError, ValueError) as exc:
            # All or nothing: traitlets restores values only on a TraitError, so put them back here.
            for name, value in kept.items():
                self.set_trait(name, value)
            log.warning("%s refused a state update from the page: %s", type(self).__name__, exc)
            self.send_state(list(kept))

    def _page_settable(self, sync_data: Mapping[str, Any]) -> tuple[str, ...]:
        """The traits the page may set with this update (the allow-list; a subclass may narrow it)."""
        return self._view_traits

    def _check_page_values(self, allowed: Mapping[str, Any]) -> None:
        """Raise :class:`EditError` to refuse allowed traits' values as a whole (a subclass checks them)."""

    def _repeats(self, name: Any, value: Any) -> bool:
        """Whether ``value`` is the current value of trait ``name`` (an echo, not a change)."""
        if not isinstance(name, str) or name not in self.keys:
            return False
        try:
            current = self.get_state(name)[name]
        except Exception:  # a trait that cannot be read now is not repeated either
            return False
        return same_json(current, value)


def same_json(a: Any, b: Any) -> bool:
    """Equality of two JSON-like values as they travel (buffers by bytes, tuples as lists, NaN == NaN)."""
    if isinstance(a, (bytes, bytearray, memoryview)) or isinstance(b, (bytes, bytearray, memoryview)):
        try:
            return bytes(a) == bytes(b)
        except TypeError:
            return False
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        return a.keys() == b.keys() and all(same_json(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(same_json(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if type(a) is not type(b) and not (isinstance(a, (int, float)) and isinstance(b, (int, float))):
        return False
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return False


def refuse_read_only(widget: Any) -> None:
    """Raise :class:`EditError` when ``widget`` was made read-only in Python (``editable=False``)."""
    if not getattr(widget, "editable", True):
        raise EditError(f"this {type(widget).__name__} is read-only (editable=False in Python); nothing was changed")


def check_page_text(value: Any, where: str = "op", *, max_chars: int | None = MAX_PAGE_TEXT) -> None:
    """Raise :class:`EditError` when a message from the page holds text no user types, or is too big.

    Every string in ``value`` (an op, with its rows) is checked for lone
    surrogates and control characters other than tab and newlines, and for its
    length (at most ``max_chars`` characters, :data:`MAX_PAGE_TEXT` unless the
    caller bounds the field itself; None: no limit); the error names the field
    (and the cell's column) and the character's position. Nesting is bounded by
    :data:`MAX_PAGE_DEPTH` and the number of values by :data:`MAX_PAGE_VALUES`,
    checked before any op is applied.
    """
    longest = max_chars if max_chars is not None else sys.maxsize
    stack: list[tuple[Any, int]] = [(value, 0)]
    count = 0
    while stack:  # a loop, not recursion: the bounds are checked before the walk could go deep
        item, depth = stack.pop()
        count += 1
        if count > MAX_PAGE_VALUES:
            raise EditError(f"{where}: the message holds over {MAX_PAGE_VALUES:,} values; send smaller edits")
        if depth > MAX_PAGE_DEPTH:
            raise EditError(f"{where}: nested deeper than {MAX_PAGE_DEPTH} levels")
        if isinstance(item, str):
            # isprintable() is a fast C check that passes most text; the rest (newlines...) gets the regex.
            if len(item) > longest or (not item.isprintable() and _BAD_TEXT.search(item)):
                _locate_bad_text(value, where, longest, 0)
        elif isinstance(item, Mapping):
            for key, inner in item.items():
                stack.append((key, depth + 1))
                stack.append((inner, depth + 1))
        elif isinstance(item, (list, tuple)):
            stack.extend((inner, depth + 1) for inner in item)


def _locate_bad_text(value: Any, where: str, longest: int, depth: int) -> None:
    """Raise the error for the first bad text in ``value``, naming its field (depth bounded here too)."""
    if depth > MAX_PAGE_DEPTH:  # the walk may find bad text before it has seen the deepest branch
        raise EditError(f"{where}: nested deeper than {MAX_PAGE_DEPTH} levels")
    if isinstance(value, str):
        if len(value) > longest:
            raise EditError(
                f"{where}: the text is {len(value):,} characters long, over the limit of {longest:,}; "
                "nothing was changed"
            )
        bad = _BAD_TEXT.search(value)
        if bad is not None:
            kind = "a lone surrogate" if "\ud800" <= bad.group() <= "\udfff" else "a control character"
            raise EditError(
                f"{where}: the text holds {kind} (U+{ord(bad.group()):04X}) at character {bad.start()}; "
                "nothing was changed. Type or paste plain text"
            )
    elif isinstance(value, Mapping):
        column = value.get("column")
        for key, item in value.items():
            _locate_bad_text(key, f"{where} key", longest, depth + 1)
            field = f"{where}.{_field(key)}"
            if key == "value" and isinstance(column, str):
                field += f" (column {_field(column)})"  # a cell's text: say which column
            _locate_bad_text(item, field, longest, depth + 1)
    elif isinstance(value, (list, tuple)):
        for position, item in enumerate(value):
            _locate_bad_text(item, f"{where}[{position}]", longest, depth + 1)


def _field(name: Any) -> str:
    """A field's name as an error shows it: a page's key may be long or odd, the message stays short."""
    text = name if isinstance(name, str) and name.isprintable() else repr(name)
    return text if len(text) <= 40 else text[:40] + "…"
