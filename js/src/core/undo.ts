/**
 * Per-view undo/redo. An entry is recorded only when Python's patch answers
 * one of this view's edits, with the op as applied (ids resolved, so a redo
 * recreates the same row) and the inverse Python computed. Undo and redo
 * are ordinary edits: they go through validation and can be rejected (the
 * entry is then dropped and the message shown by the caller).
 */
import { combine, type Op } from "./ops";
import type { PatchMessage } from "./sync";

export interface UndoEntry {
  op: Op;
  inverse: Op;
}

type Pending = { kind: "edit" } | { kind: "undo" | "redo"; entry: UndoEntry };

export class UndoHistory {
  private readonly undoStack: UndoEntry[] = [];
  private readonly redoStack: UndoEntry[] = [];
  private readonly pending = new Map<string, Pending>();

  /**
   * @param send sends an op as a new edit (calling `prepare` with its id first) and returns the id
   * @param onChange called whenever either stack changes (to update buttons)
   */
  constructor(
    private readonly send: (op: Op, prepare: (editId: string) => void) => string,
    private readonly onChange: () => void,
  ) {}

  get canUndo(): boolean {
    return this.undoStack.length > 0;
  }

  get canRedo(): boolean {
    return this.redoStack.length > 0;
  }

  /** Remember that `editId` is a user's edit, to be recorded when its patch arrives. */
  track(editId: string): void {
    this.pending.set(editId, { kind: "edit" });
  }

  undo(): string | null {
    const entry = this.undoStack.pop();
    if (!entry) return null;
    const editId = this.send(entry.inverse, (id) => this.pending.set(id, { kind: "undo", entry }));
    this.onChange();
    return editId;
  }

  redo(): string | null {
    const entry = this.redoStack.pop();
    if (!entry) return null;
    const editId = this.send(entry.op, (id) => this.pending.set(id, { kind: "redo", entry }));
    this.onChange();
    return editId;
  }

  /** A patch arrived: if it answers one of ours, move the entry to the right stack. */
  onPatch(msg: PatchMessage): void {
    const pending = msg.edit_id === null ? undefined : this.pending.get(msg.edit_id);
    if (!pending || msg.edit_id === null) return;
    this.pending.delete(msg.edit_id);
    const applied = combine(msg.ops);
    if (pending.kind === "undo") {
      this.redoStack.push(pending.entry);
    } else if (applied !== null && msg.inverse !== null) {
      this.undoStack.push({ op: applied, inverse: msg.inverse });
      if (pending.kind === "edit") this.redoStack.length = 0;
    }
    this.onChange();
  }

  /** Python refused one of our edits: forget it (a refused undo/redo entry is dropped). */
  onReject(editId: string): void {
    this.pending.delete(editId);
  }

  /** After a reset the entries no longer describe the state: start afresh. */
  clear(): void {
    this.undoStack.length = 0;
    this.redoStack.length = 0;
    this.pending.clear();
    this.onChange();
  }
}
