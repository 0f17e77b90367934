"""JourneyMap: a customer journey map drawn in the notebook from a Journey.

Stages are columns, lanes are rows (touchpoint with its channel, action,
thought, the emotion curve, pain point, opportunity, and any extra column).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import anywidget
import pandas as pd
import traitlets

from ..errors import SchemaError
from ..journey import Journey
from ..schema import KINDS, LANES
from .bundle import asset
from .view_data import records

__all__ = ["JourneyMap"]


class JourneyMap(anywidget.AnyWidget):
    """An interactive customer journey map bound to a :class:`~cjm_widgets.Journey`.

    Parameters
    ----------
    journey:
        A :class:`Journey`, or a touchpoints DataFrame (then ``stages``,
        ``columns``, ``title`` and ``kind`` build the Journey around it).
    lanes:
        Rows to show, top to bottom: built-in lanes (``touchpoint``, ``action``,
        ``thought``, ``emotion``, ``pain_point``, ``opportunity``) and any extra
        touchpoint column.

    Examples
    --------
    >>> import cjm_widgets as cjm
    >>> m = cjm.JourneyMap(cjm.templates.load("colleen-vacuum"))
    >>> m.touchpoints.shape[0] > 0
    True
    """

    _esm = asset("journey_map.js")
    _css = asset("journey_map.css")

    title = traitlets.Unicode("").tag(sync=True)
    """str: the map's title, shown above the grid (default ``""``)."""

    kind = traitlets.Enum(KINDS, default_value="current").tag(sync=True)
    """str: ``current``, ``future`` or ``day-in-the-life`` (default ``current``)."""

    lanes = traitlets.List(traitlets.Unicode(), default_value=list(LANES)).tag(sync=True)
    """list[str]: rows of the map, top to bottom (default: the built-in lanes)."""

    emotion_scale = traitlets.List(traitlets.Float(), minlen=2, maxlen=2, default_value=[-2.0, 2.0]).tag(sync=True)
    """list[float]: (low, high) of the emotion lane; read-only, set by the Journey."""

    # The view's copy of the tables, as JSON records (Python's DataFrame stays the truth).
    _stages = traitlets.List(traitlets.Dict()).tag(sync=True)
    _rows = traitlets.List(traitlets.Dict()).tag(sync=True)

    def __init__(
        self,
        journey: Journey | pd.DataFrame | None = None,
        *,
        stages: Any = None,
        columns: Mapping[str, str] | None = None,
        title: str | None = None,
        kind: str | None = None,
        lanes: Sequence[str] | None = None,
        **kwargs: Any,
    ) -> None:
        if not isinstance(journey, Journey):
            journey = Journey(journey, stages, columns=columns, title=title or "", kind=kind or "current")
        elif stages is not None or columns is not None:
            raise TypeError("stages= and columns= apply when building from a DataFrame; pass the Journey alone")
        self._journey = journey
        if title is not None:
            journey.title = title
        if kind is not None:
            journey.kind = kind
        super().__init__(
            title=journey.title,
            kind=journey.kind,
            emotion_scale=list(journey.emotion_scale),
            lanes=list(lanes) if lanes is not None else list(LANES),
            _stages=records(journey.stages),
            _rows=records(journey.touchpoints),
            **kwargs,
        )

    @property
    def journey(self) -> Journey:
        """The Journey this map shows, always current."""
        return self._journey

    @property
    def touchpoints(self) -> pd.DataFrame:
        """The current touchpoints DataFrame; assigning one validates it and redraws every view."""
        return self._journey.touchpoints

    @touchpoints.setter
    def touchpoints(self, value: Any) -> None:
        self._journey.touchpoints = value
        self._rows = records(self._journey.touchpoints)

    @property
    def stages(self) -> pd.DataFrame:
        """The current stages DataFrame; assign names or a DataFrame to change them."""
        return self._journey.stages

    @stages.setter
    def stages(self, value: Any) -> None:
        self._journey.stages = value
        self._stages = records(self._journey.stages)

    @traitlets.validate("lanes")
    def _check_lanes(self, proposal: dict[str, Any]) -> list[str]:
        lanes = list(proposal["value"])
        columns = set(map(str, self._journey.touchpoints.columns))
        for lane in lanes:
            if lane not in LANES and lane not in columns:
                raise SchemaError(
                    f"unknown lane {lane!r}",
                    table="touchpoints",
                    column=lane,
                    value=lane,
                    fix=f"Use a built-in lane ({', '.join(LANES)}) or a touchpoint column",
                )
        return lanes

    @traitlets.observe("title", "kind")
    def _metadata_changed(self, change: dict[str, Any]) -> None:
        setattr(self._journey, change["name"], change["new"])

    def __repr__(self) -> str:
        return f"JourneyMap({self._journey!r})"
