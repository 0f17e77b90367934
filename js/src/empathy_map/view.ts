/**
 * One view of an EmpathyMap model: draws the quadrants, turns the user's
 * intents (add, edit, delete, drag or Alt+Arrow to another quadrant,
 * undo/redo) into protocol messages and redraws from Python's answers.
 * Notes are few, so every answer redraws the quadrants, keeping focus;
 * an open editor is never redrawn away (the redraw waits for it).
 */
import type { AnyModel } from "@anywidget/types";
import { el, setAttr } from "../core/dom";
import { translate } from "../core/i18n";
import { MessageBar } from "../core/message_bar";
import type { Op, Rec } from "../core/ops";
import { isApplying, SyncClient, type Connection, type SyncMessage, type SyncModel } from "../core/sync";
import { UndoHistory } from "../core/undo";
import { drawQuadrants } from "./draw";
import { installInteractions, type NoteActions } from "./interactions";
import { labels, type LabelKey } from "./labels";
import { groupNotes, isQuadrant, type Quadrant } from "./notes";

export interface EmpathyTraits {
  _rows: Rec[];
  _rev: number;
  title: string;
  persona: string | null;
  editable: boolean;
  language: string;
  [key: string]: unknown;
}

type Model = AnyModel<EmpathyTraits>;

const attr = (value: string): string => `"${CSS.escape(value)}"`;

export class EmpathyView implements NoteActions {
  readonly root: HTMLElement;
  private readonly titleEl = el("h2", { className: "cjm-empathy-title", attrs: { dir: "auto" } });
  private readonly body = el("div", { className: "cjm-empathy-body" });
  private readonly messages = new MessageBar();
  private readonly undoButton: HTMLButtonElement;
  private readonly redoButton: HTMLButtonElement;
  private readonly client: SyncClient;
  private readonly history: UndoHistory;
  /** Values this view sent and Python has not confirmed yet: note id -> (column, value, edit id). */
  private readonly pending = new Map<string, { column: string; value: string; editId: string }>();
  private readonly cleanups: Array<() => void> = [];
  private readonly listeners: Array<[string, () => void]> = [];
  private dirty = false;
  t: (key: LabelKey) => string;

  constructor(
    private readonly model: Model,
    host: HTMLElement,
  ) {
    this.t = translate(labels, this.text("language"));
    this.root = el("div", { className: ["cjm-panel", "cjm-empathy-map"], attrs: { role: "region", "data-lm-suppress-shortcuts": "true" } });
    this.undoButton = el("button", { className: ["cjm-button", "cjm-undo"], attrs: { type: "button" } });
    this.redoButton = el("button", { className: ["cjm-button", "cjm-redo"], attrs: { type: "button" } });
    this.undoButton.addEventListener("click", () => this.undo());
    this.redoButton.addEventListener("click", () => this.redo());
    const tools = el("div", { className: "cjm-toolbar", attrs: { role: "group" } }, [this.undoButton, this.redoButton]);
    this.root.append(el("div", { className: "cjm-top" }, [this.titleEl, tools]), this.messages.el, this.body);
    host.append(this.root);

    this.client = new SyncClient(
      model as unknown as SyncModel,
      (msg) => this.onMessage(msg),
      (connection) => this.showConnection(connection),
    );
    this.history = new UndoHistory(
      (op, prepare) => this.client.edit(op, prepare),
      () => this.updateTools(),
    );
    this.cleanups.push(installInteractions(this));
    for (const trait of ["_rows", "persona", "editable", "title", "language"]) {
      this.listen(`change:${trait}`, () => {
        if (!isApplying()) this.draw();
      });
    }
    this.draw();
  }

  dispose(): void {
    for (const [event, handler] of this.listeners) this.model.off(event, handler);
    this.client.dispose();
    for (const cleanup of this.cleanups) cleanup();
    this.messages.dispose();
    this.root.remove();
  }

  // -- NoteActions ----------------------------------------------------------------

  get editable(): boolean {
    return this.model.get("editable") === true;
  }

  noteEl(id: string): HTMLElement | null {
    return this.body.querySelector<HTMLElement>(`.cjm-note[data-id=${attr(id)}]`);
  }

  /** A note's value as this view shows it: its own unconfirmed value first, else the model's. */
  private valueOf(id: string, column: "text" | "quadrant"): unknown {
    const mine = this.pending.get(id);
    return mine?.column === column ? mine.value : this.rows().find((r) => r["id"] === id)?.[column];
  }

  quadrantOf(id: string): Quadrant | null {
    const quadrant = this.valueOf(id, "quadrant");
    return isQuadrant(quadrant) ? quadrant : null;
  }

  textOf(id: string): string {
    const value = this.valueOf(id, "text");
    return typeof value === "string" ? value : "";
  }

  addNote(quadrant: Quadrant, text: string): void {
    const row: Record<string, unknown> = { quadrant, text };
    const persona = this.model.get("persona");
    if (typeof persona === "string") row["persona"] = persona;
    this.send({ op: "insert", row, before: null });
  }

  setNote(id: string, column: "text" | "quadrant", value: string): void {
    // With no kernel answering, a value shown as if accepted would stay "pending" forever.
    const connected = this.client.connection !== "disconnected";
    this.send({ op: "set", id, column, value }, (editId) => connected && this.pending.set(id, { column, value, editId }));
    if (!connected) this.showConnection("disconnected");
    this.draw(id);
  }

  deleteNote(id: string): void {
    this.send({ op: "delete", id });
  }

  undo(): void {
    if (this.editable) this.history.undo();
  }

  redo(): void {
    if (this.editable) this.history.redo();
  }

  editorClosed(): void {
    if (this.dirty) this.draw();
  }

  // -- messages from Python -----------------------------------------------------

  private send(op: Op, prepare?: (editId: string) => void): void {
    if (!this.editable) return;
    this.client.edit(op, (editId) => {
      this.history.track(editId);
      prepare?.(editId);
    });
  }

  private onMessage(msg: SyncMessage): void {
    if (msg.type === "welcome") return;
    if (msg.type === "reject") {
      if (msg.edit_id === null || !this.client.owns(msg.edit_id)) return;
      this.history.onReject(msg.edit_id);
      this.forget(msg.edit_id);
      this.messages.show(msg.message);
    } else if (msg.type === "reset") {
      this.pending.clear();
      this.history.clear();
    } else if (msg.edit_id !== null && this.client.owns(msg.edit_id)) {
      this.forget(msg.edit_id);
      this.history.onPatch(msg);
    }
    this.draw();
  }

  /** No answer to the handshake: unconfirmed notes go back to what Python holds, and the view says why. */
  private showConnection(connection: Connection): void {
    const text = this.t("notConnected");
    if (connection === "connected") return this.messages.hideIf(text);
    if (!this.editable) return;
    this.pending.clear();
    this.draw();
    this.messages.show(text, true);
  }

  private forget(editId: string): void {
    for (const [id, value] of this.pending) if (value.editId === editId) this.pending.delete(id);
  }

  private listen(event: string, handler: () => void): void {
    this.model.on(event, handler);
    this.listeners.push([event, handler]);
  }

  // -- drawing ----------------------------------------------------------------

  private text(name: "title" | "language"): string {
    const value = this.model.get(name);
    return typeof value === "string" ? value : "";
  }

  private rows(): Rec[] {
    const rows = this.model.get("_rows");
    return Array.isArray(rows) ? rows.filter((r): r is Rec => typeof r === "object" && r !== null) : [];
  }

  private updateTools(): void {
    const editable = this.editable;
    for (const [button, enabled, key] of [
      [this.undoButton, this.history.canUndo, "undo"],
      [this.redoButton, this.history.canRedo, "redo"],
    ] as const) {
      button.hidden = !editable;
      button.disabled = !enabled;
      button.textContent = this.t(key);
      setAttr(button, "title", this.t(`${key}_title`));
    }
  }

  /** Redraw the quadrants (unless an editor is open), keeping focus on the same note. */
  draw(focusId?: string): void {
    if (this.root.querySelector(".cjm-note-editor")) {
      this.dirty = true;
      return;
    }
    this.dirty = false;
    this.t = translate(labels, this.text("language"));
    const active = this.root.ownerDocument.activeElement;
    const focused = focusId ?? (this.body.contains(active) ? active?.closest(".cjm-note")?.getAttribute("data-id") : null);
    const focusAdd = this.body.contains(active) && active?.classList.contains("cjm-add-note") ? active.getAttribute("data-quadrant") : null;
    const rows = this.rows().map((row) => {
      const mine = this.pending.get(String(row["id"]));
      return mine ? { ...row, [mine.column]: mine.value } : row;
    });
    const persona = this.model.get("persona");
    const title = this.text("title");
    this.titleEl.textContent = title || this.t("map");
    setAttr(this.root, "aria-label", title || this.t("map"));
    setAttr(this.root, "lang", this.text("language") || null);
    this.root.classList.toggle("cjm-editable", this.editable);
    const groups = groupNotes(rows, typeof persona === "string" ? persona : null);
    this.body.replaceChildren(drawQuadrants({ groups, editable: this.editable, pending: new Set(this.pending.keys()), t: this.t }));
    this.updateTools();
    if (focused) this.noteEl(focused)?.focus();
    else if (focusAdd) this.body.querySelector<HTMLElement>(`.cjm-add-note[data-quadrant=${attr(focusAdd)}]`)?.focus();
  }
}
