"""Keyboard controls beside a chart: pick a touchpoint, type or step its values (the drag's twin).

bqplot's points take the mouse only; these are ordinary ipywidgets (a select and number
fields), reachable with Tab, changed with the arrow keys or by typing and Enter.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import ipywidgets as widgets
import pandas as pd

from ..schema.values import is_missing

__all__ = ["Field", "ValueControls"]


@dataclass(frozen=True)
class Field:
    """One number a user can set: a touchpoint column, its label and range."""

    column: str
    label: str
    low: float
    high: float
    step: float


class ValueControls(widgets.HBox):
    """A touchpoint picker and one number field per :class:`Field`; a change calls ``write(id, column, value)``."""

    def __init__(self, fields: list[Field], write: Callable[[str, str, float], None], t: Callable[..., str]) -> None:
        self._write = write
        self._rows = pd.DataFrame()
        self._refreshing = False
        # Descriptions as wide as their words (ipywidgets' fixed 90px leaves gaps or cuts them).
        compact = {"description_width": "initial"}
        self.label = widgets.Label(t("keyboard_row"))
        """The row's name: what these fields are for."""
        self.label.add_class("cjm-chart-keyboard-label")
        self.picker = widgets.Dropdown(
            description=t("touchpoint"), style=compact, layout=widgets.Layout(width="auto", max_width="28em")
        )
        self.picker.add_class("cjm-chart-picker")
        self.picker.observe(lambda _change: self._show_values(), "value")
        self.fields = {}
        for field in fields:
            box = widgets.BoundedFloatText(
                description=field.label,
                min=field.low,
                max=field.high,
                step=field.step,
                style=compact,
                layout=widgets.Layout(width="auto", max_width="14em"),
                tooltip=t("field_tip", field=field.label),
            )
            box.add_class(f"cjm-chart-field-{field.column}")
            box.observe(lambda change, column=field.column: self._typed(column, change["new"]), "value")
            self.fields[field.column] = box
        parts = [self.label, self.picker, *self.fields.values()]
        for part in parts:  # ipywidgets' Layout has no gap
            part.layout.margin = "2px 0.75em 2px 0"
        super().__init__(parts, layout=widgets.Layout(flex_flow="row wrap", align_items="center"))
        self.add_class("cjm-chart-keyboard")

    def refresh(self, rows: pd.DataFrame) -> None:
        """Offer ``rows`` (touchpoints with ``id``, ``stage``, ``touchpoint`` and the fields' columns)."""
        self._rows = rows.set_index(rows["id"].astype(str))
        persona = rows["persona"].tolist() if "persona" in rows.columns else [None] * len(rows)
        columns = (rows["id"].tolist(), rows["stage"].tolist(), rows["touchpoint"].tolist(), persona)
        options = [
            (f"{stage} · {name}" + (f" ({who})" if isinstance(who, str) and who else ""), str(row_id))
            for row_id, stage, name, who in zip(*columns, strict=True)
        ]
        self._refreshing = True
        try:
            kept = self.picker.value
            if list(self.picker.options) != options:  # a large map: send the list only when it changed
                self.picker.options = options
            ids = [value for _, value in options]
            self.picker.value = kept if kept in ids else (ids[0] if ids else None)
            # Nothing to pick: no row at all rather than an empty select.
            self.layout.display = None if ids else "none"
        finally:
            self._refreshing = False
        self._show_values()

    def _show_values(self) -> None:
        row_id = self.picker.value
        self._refreshing = True
        try:
            for column, box in self.fields.items():
                value = None
                if row_id is not None and column in self._rows.columns:
                    value = self._rows.at[row_id, column]
                known = not is_missing(value)
                box.value = float(value) if known else box.min  # type: ignore[arg-type]
                box.disabled = row_id is None
        finally:
            self._refreshing = False

    def _typed(self, column: str, value: float) -> None:
        if self._refreshing or self.picker.value is None:
            return
        if not isinstance(value, (int, float)) or not math.isfinite(value):
            # Nobody types NaN or infinity: only a page sends them. The field shows the journey's value again.
            self._show_values()
            return
        self._write(str(self.picker.value), column, float(value))
