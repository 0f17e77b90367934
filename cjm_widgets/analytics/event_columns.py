"""The roles of an event log's columns: which user column is the user, the time, the touchpoint...

Inside analytics every role has an internal column name, unlikely to clash
with a user's, so any user column can be kept beside them.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CHANNEL", "EVENTS", "ROLE_NAMES", "SEGMENT", "SENTIMENT", "STAGE", "TIME", "TOUCHPOINT", "USER", "Columns"]

# Internal column names: unlikely to clash with a user's, so any user column can be kept beside them.
USER, TIME, TOUCHPOINT = "__cjm_user", "__cjm_t", "__cjm_tp"
EVENTS = "__cjm_events"  # the event count column of EventLog.combos
STAGE, CHANNEL, SENTIMENT, SEGMENT = "__cjm_stage", "__cjm_channel", "__cjm_sentiment", "__cjm_segment"
ROLE_NAMES = {
    USER: "user",
    TIME: "time",
    TOUCHPOINT: "touchpoint",
    STAGE: "stage",
    CHANNEL: "channel",
    SENTIMENT: "sentiment",
    SEGMENT: "segment",
}


@dataclass(frozen=True)
class Columns:
    """Which of the user's columns plays which role (None: not given)."""

    user: str
    time: str
    touchpoint: str
    stage: str | None = None
    channel: str | None = None
    sentiment: str | None = None
    segment: str | None = None

    def roles(self) -> dict[str, str]:
        """Internal name -> the user's column name, for the columns given."""
        pairs = {
            USER: self.user,
            TIME: self.time,
            TOUCHPOINT: self.touchpoint,
            STAGE: self.stage,
            CHANNEL: self.channel,
            SENTIMENT: self.sentiment,
            SEGMENT: self.segment,
        }
        return {k: v for k, v in pairs.items() if v is not None}
