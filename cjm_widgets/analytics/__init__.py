"""Analytics over customer event logs: data-driven journeys, flows and planned-vs-actual.

- :func:`from_events`: an event log -> a Journey with reach, funnel, time, sentiment and channel metrics;
- :func:`transitions`, :func:`flows`, :func:`top_flows`: who goes where next (directly-follows);
- :func:`conformance`: the map's planned order against what users did.

Inputs may be pandas, Polars (eager or lazy), DuckDB relations or PySpark
DataFrames; the work runs in that engine (through narwhals) and results come
back as pandas. Nothing here imports ipywidgets.
"""

from __future__ import annotations

from .conformance import Conformance, conformance
from .journey_from_events import from_events
from .transitions import flows, top_flows, transitions

__all__ = ["Conformance", "conformance", "flows", "from_events", "top_flows", "transitions"]
