"""A Python stand-in for a browser view of a JourneyMap: applies patches like the JS does.

Messages travel through queues, so tests can interleave them the way a real
websocket may: a view edits from a stale state while Python changes the map.
"""

from __future__ import annotations

import copy
import itertools
from collections import deque
from typing import Any

import cjm_widgets as cjm

_ids = itertools.count()


class Wire:
    """Captures what a widget sends, for every view attached to it."""

    def __init__(self, widget: cjm.JourneyMap) -> None:
        self.widget = widget
        self.views: list[FakeView] = []
        self.sent: list[dict[str, Any]] = []
        widget.send = self._broadcast  # type: ignore[method-assign]

    def _broadcast(self, content: dict[str, Any], buffers: Any = None) -> None:
        self.sent.append(content)
        for view in self.views:
            view.inbox.append(copy.deepcopy(content))

    def view(self) -> FakeView:
        view = FakeView(self)
        self.views.append(view)
        return view


class FakeView:
    def __init__(self, wire: Wire) -> None:
        state = wire.widget.get_state()
        self.wire = wire
        self.rows: list[dict[str, Any]] = copy.deepcopy(state["_rows"])
        self.stages: list[dict[str, Any]] = copy.deepcopy(state["_stages"])
        self.rev: int = state["_rev"]
        self.inbox: deque[dict[str, Any]] = deque()
        self.outbox: deque[dict[str, Any]] = deque()
        self.prefix = f"v{next(_ids)}"
        self.counter = itertools.count()
        self.acked: dict[str, dict[str, Any]] = {}
        self.rejected: dict[str, str] = {}
        self.undo: list[dict[str, Any]] = []

    # -- sending -------------------------------------------------------------------

    def edit(self, op: dict[str, Any]) -> str:
        edit_id = f"{self.prefix}-{next(self.counter)}"
        self.outbox.append({"type": "edit", "edit_id": edit_id, "rev": self.rev, "op": op})
        return edit_id

    def deliver_one(self) -> None:
        """Deliver this view's oldest message to Python."""
        self.wire.widget._handle_custom_msg(self.outbox.popleft(), [])

    def receive_one(self) -> None:
        self.apply(self.inbox.popleft())

    def flush(self) -> None:
        while self.outbox:
            self.deliver_one()

    def receive_all(self) -> None:
        while self.inbox:
            self.receive_one()

    # -- applying what Python sends -------------------------------------------------------

    @property
    def ids(self) -> list[str]:
        return [r["id"] for r in self.rows]

    def apply(self, message: dict[str, Any]) -> None:
        kind = message["type"]
        if kind == "reject":
            if (message.get("edit_id") or "").startswith(self.prefix + "-"):
                self.rejected[message["edit_id"]] = message["message"]
            return
        self.rev = message["rev"]
        if kind == "reset":
            self.rows, self.stages = message["rows"], message["stages"]
            return
        for op in message["ops"]:
            self._apply_op(op)
        edit_id = message.get("edit_id")
        if edit_id and edit_id.startswith(self.prefix + "-"):
            self.acked[edit_id] = message
            self.undo.append(message["inverse"])

    def _slot(self, stage: str, before: str | None) -> int:
        # As the JS does: "before" counts only when that row is in the target stage.
        if before is not None and before in self.ids and self.rows[self.ids.index(before)]["stage"] == stage:
            return self.ids.index(before)
        order = [s["stage"] for s in self.stages]
        slot = 0
        for position, row in enumerate(self.rows):
            if order.index(row["stage"]) <= order.index(stage):
                slot = position + 1
        return slot

    def _apply_op(self, op: dict[str, Any]) -> None:
        name = op["op"]
        if name == "set":
            self.rows[self.ids.index(op["id"])][op["column"]] = op["value"]
        elif name == "insert":
            self.rows.insert(self._slot(op["row"]["stage"], op["before"]), op["row"])
        elif name == "delete":
            del self.rows[self.ids.index(op["id"])]
        elif name == "move":
            row = self.rows.pop(self.ids.index(op["id"]))
            row["stage"] = op["stage"]
            self.rows.insert(self._slot(op["stage"], op["before"]), row)
        elif name == "add_stage":
            self.stages.insert(op["index"], op["record"])
        elif name == "rename_stage":
            for record in (*self.stages, *self.rows):
                if record["stage"] == op["stage"]:
                    record["stage"] = op["to"]
        elif name == "delete_stage":
            self.stages = [s for s in self.stages if s["stage"] != op["stage"]]
        elif name == "move_stage":
            record = next(s for s in self.stages if s["stage"] == op["stage"])
            self.stages.remove(record)
            self.stages.insert(op["index"], record)
            order = [s["stage"] for s in self.stages]
            self.rows.sort(key=lambda row: order.index(row["stage"]))  # rows follow the map
        else:
            raise AssertionError(f"a view cannot apply {op}")
