"""The edit ops of the sync protocol, typed: the Python twin of ``js/src/core/ops.ts``.

Every op names rows by id, never by position (see docs/sync-protocol.md).
A page sends ops as untrusted JSON (``RawOp``); ``touchpoint_ops.apply_op``
and ``note_ops.apply_note_op`` check every field before use and answer
with the ops *as applied*, which are :data:`Op` values. Keep these shapes and
``ops.ts`` in step: a test compares their op names.
"""

from __future__ import annotations

from typing import Any, Literal, NotRequired, TypedDict

__all__ = [
    "AddStageOp",
    "BatchOp",
    "DeleteOp",
    "DeleteStageOp",
    "InsertOp",
    "MoveOp",
    "MoveStageOp",
    "Op",
    "RawOp",
    "RenameStageOp",
    "RestoreStageRefsOp",
    "SetOp",
]

# A JSON value as the page sends it; checked field by field before anything changes.
RawOp = dict[str, Any]
Record = dict[str, Any]


class SetOp(TypedDict):
    """Set one cell (``value`` is text, a number, a boolean or null)."""

    op: Literal["set"]
    id: str
    column: str
    value: Any


class InsertOp(TypedDict):
    """Insert ``row`` before row ``before`` (None: after the last row of its stage, or of the notes)."""

    op: Literal["insert"]
    row: Record
    before: str | None
    index: NotRequired[Any]
    """The index label the row had (an undo puts it back)."""
    metrics: NotRequired[list[Record]]
    """The row's metrics with their positions (an undo of a delete restores them)."""


class DeleteOp(TypedDict):
    """Delete the row ``id``."""

    op: Literal["delete"]
    id: str


class MoveOp(TypedDict):
    """Move touchpoint ``id`` to ``stage``, before row ``before`` (None: last in that stage)."""

    op: Literal["move"]
    id: str
    stage: str
    before: str | None


class AddStageOp(TypedDict):
    """Add ``stage`` at ``index`` (None: at the end); ``record`` is the whole stages row when applied."""

    op: Literal["add_stage"]
    stage: str
    index: int | None
    description: NotRequired[str | None]
    goal: NotRequired[str | None]
    record: NotRequired[Record]


class RenameStageOp(TypedDict):
    """Rename ``stage`` to ``to``; its touchpoints, metrics and actions follow."""

    op: Literal["rename_stage"]
    stage: str
    to: str


class DeleteStageOp(TypedDict):
    """Delete ``stage``; its touchpoints are removed or moved to stage ``to``."""

    op: Literal["delete_stage"]
    stage: str
    touchpoints: NotRequired[Literal["remove", "move"]]
    to: NotRequired[str]


class MoveStageOp(TypedDict):
    """Move ``stage`` to ``index``."""

    op: Literal["move_stage"]
    stage: str
    index: int


class RestoreStageRefsOp(TypedDict):
    """Part of undoing a stage deletion: put its metrics and actions back (views ignore it)."""

    op: Literal["restore_stage_refs"]
    stage: str
    metrics: list[Record]
    actions: list[int]


class BatchOp(TypedDict):
    """Several ops applied all-or-nothing."""

    op: Literal["batch"]
    ops: list[Op]


Op = (
    SetOp
    | InsertOp
    | DeleteOp
    | MoveOp
    | AddStageOp
    | RenameStageOp
    | DeleteStageOp
    | MoveStageOp
    | RestoreStageRefsOp
    | BatchOp
)
"""Any op, as Python applied it (what a ``patch`` carries and an ``inverse`` is)."""
