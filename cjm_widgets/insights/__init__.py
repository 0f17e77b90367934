"""Analysis helpers over a Journey: peak-end moments, stage summaries, the ranked action plan.

Plain pandas (no ipywidgets): the chart widgets draw these, and they work in scripts too.
"""

from __future__ import annotations

from .action_plan import action_plan
from .peak_end import peak_end
from .stage_summary import stage_summary

__all__ = ["action_plan", "peak_end", "stage_summary"]
