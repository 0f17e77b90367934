"""Built-in synthetic data sets, so notebooks and tests have realistic data offline.

>>> import cjm_widgets as cjm
>>> log = cjm.datasets.events(n_users=100, seed=1)
>>> list(log.columns)
['user_id', 'timestamp', 'touchpoint', 'stage', 'channel', 'csat', 'segment']
"""

from __future__ import annotations

from .event_log import events

__all__ = ["events"]
