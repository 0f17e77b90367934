"""bqplot charts bound to a journey: emotion curve, metrics panel, priority matrix, and the board of all.

Each chart is an ipywidgets box around bqplot figures; it observes the
:class:`~cjm_widgets.Journey` (so edits from the map, from Python or from
another chart move it) and writes its own edits through the Journey's ops (so
every view gets a patch, with the map's validation and edit events).
"""

from __future__ import annotations

from .board import JourneyBoard
from .emotion_curve import EmotionCurve
from .metrics_panel import MetricsPanel
from .priority_matrix import PriorityMatrix

__all__ = ["EmotionCurve", "JourneyBoard", "MetricsPanel", "PriorityMatrix"]
