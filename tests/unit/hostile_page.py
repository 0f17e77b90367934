"""A page that speaks to one widget the way a browser does: ipywidgets ``update`` and ``custom`` messages.

Everything goes through ``Widget._handle_msg``, as a kernel delivers comm
messages, and everything the widget sends back is kept (custom messages and
state updates separately), so tests see exactly what a page would receive.
"""

from __future__ import annotations

import itertools
from typing import Any

import ipywidgets

_ids = itertools.count()


class HostilePage:
    """Sends messages to ``widget`` and records its replies."""

    def __init__(self, widget: ipywidgets.Widget) -> None:
        self.widget = widget
        self.replies: list[dict[str, Any]] = []  # custom messages: patch, reject, ack...
        self.states: list[dict[str, Any]] = []  # state updates sent to the page (method "update")
        self.echoes: list[dict[str, Any]] = []  # ipywidgets' echo_update of accepted state
        widget._send = self._received

    def _received(self, msg: dict[str, Any], buffers: Any = None) -> None:
        method = msg.get("method")
        if method == "custom":
            self.replies.append(msg["content"])
        elif method == "update":
            self.states.append(msg["state"])
        elif method == "echo_update":
            self.echoes.append(msg["state"])

    def update(self, **state: Any) -> None:
        """A standard ipywidgets state update from the page (what ``model.save_changes()`` sends)."""
        data = {"method": "update", "state": state, "buffer_paths": []}
        self.widget._handle_msg({"content": {"data": data}, "buffers": []})

    def custom(self, content: Any) -> None:
        """A custom message (``model.send``)."""
        self.widget._handle_msg({"content": {"data": {"method": "custom", "content": content}}, "buffers": []})

    def edit(self, op: Any) -> str:
        """An edit message; returns its edit_id."""
        edit_id = f"page-{next(_ids)}"
        self.custom({"type": "edit", "edit_id": edit_id, "rev": 0, "op": op})
        return edit_id

    def answers(self, edit_id: str) -> list[dict[str, Any]]:
        """Every reply that answers ``edit_id`` (a patch, an ack or a reject)."""
        return [r for r in self.replies if r.get("edit_id") == edit_id]

    def rolled_back(self) -> dict[str, Any]:
        """Every trait value Python sent back to the page, merged."""
        merged: dict[str, Any] = {}
        for state in self.states:
            merged.update(state)
        return merged
