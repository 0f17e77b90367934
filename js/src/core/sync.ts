/**
 * The view side of docs/sync-protocol.md.
 *
 * Python answers every edit with a custom message (`patch` / `reject` /
 * `reset`) sent to every view of the model. Its effect on the model's state
 * (`_rows`, `_stages`, `_rev`) must happen once per model however many views
 * are open, and also while no view is open (so a view displayed later starts
 * from current state): the `initialize` hook applies it.
 *
 * anywidget hands `initialize` and each `render` a different proxy of the
 * same model, so the proxies cannot key shared state. What every handler
 * does share is the message object itself (Backbone passes the same payload
 * to each `msg:custom` listener): a message is applied the first time any
 * handler sees it, and views redraw from the already updated model.
 *
 * Nothing here calls `save_changes()`: edits travel as `model.send` and the
 * local `model.set` bookkeeping never reaches the wire.
 */
import { applyOps, type Op, type Rec } from "./ops";

/** The few model methods the protocol needs (anywidget's AnyModel fits). */
export interface SyncModel {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  on(event: string, callback: (...args: never[]) => void): void;
  off(event?: string | null, callback?: ((...args: never[]) => void) | null): void;
  send(content: unknown): void;
}

export interface PatchMessage {
  type: "patch";
  rev: number;
  origin: string;
  edit_id: string | null;
  ops: Op[];
  inverse: Op | null;
}

export interface RejectMessage {
  type: "reject";
  edit_id: string | null;
  message: string;
}

export interface ResetMessage {
  type: "reset";
  rev: number;
  stages: Rec[];
  rows: Rec[];
  columns: unknown[] | null;
}

export type SyncMessage = PatchMessage | RejectMessage | ResetMessage;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;
/** The records of a list; the same array when it is clean (so "unchanged" stays comparable by identity). */
const list = (v: unknown): Rec[] => (!Array.isArray(v) ? [] : v.every(isObject) ? (v as Rec[]) : v.filter(isObject));
const str = (v: unknown): string | null => (typeof v === "string" ? v : null);
const num = (v: unknown): number => (typeof v === "number" && Number.isFinite(v) ? v : 0);

/** A well-formed protocol message, or null for anything else (other widgets' messages, bad data). */
export function parseMessage(raw: unknown): SyncMessage | null {
  if (!isObject(raw)) return null;
  switch (raw["type"]) {
    case "patch":
      return {
        type: "patch",
        rev: num(raw["rev"]),
        origin: str(raw["origin"]) ?? "python",
        edit_id: str(raw["edit_id"]),
        ops: list(raw["ops"]) as Op[],
        inverse: isObject(raw["inverse"]) ? (raw["inverse"] as Op) : null,
      };
    case "reject":
      return { type: "reject", edit_id: str(raw["edit_id"]), message: str(raw["message"]) ?? "The edit was refused." };
    case "reset":
      return {
        type: "reset",
        rev: num(raw["rev"]),
        stages: list(raw["stages"]),
        rows: list(raw["rows"]),
        columns: Array.isArray(raw["columns"]) ? raw["columns"] : null,
      };
    default:
      return null;
  }
}

let applying = 0;
const applied = new WeakSet<object>();

/**
 * True while a protocol message is being written into a model: views then
 * ignore the `change:_rows` / `change:_stages` it fires (they redraw from
 * the message instead, which says exactly what changed).
 */
export function isApplying(): boolean {
  return applying > 0;
}

/** Write `raw` into the model unless some handler already did; returns it parsed (null if not ours). */
export function applyMessage(model: SyncModel, raw: unknown): SyncMessage | null {
  const msg = parseMessage(raw);
  if (msg === null || msg.type === "reject" || applied.has(raw as object)) return msg;
  applied.add(raw as object);
  applying += 1;
  try {
    const before = { stages: list(model.get("_stages")), rows: list(model.get("_rows")) };
    const after = msg.type === "patch" ? applyOps(before, msg.ops) : { stages: msg.stages, rows: msg.rows };
    if (msg.type === "reset" && msg.columns !== null) model.set("_columns", msg.columns);
    if (after.stages !== before.stages) model.set("_stages", after.stages);
    if (after.rows !== before.rows) model.set("_rows", after.rows);
    model.set("_rev", msg.rev);
  } finally {
    applying -= 1;
  }
  return msg;
}

/** anywidget's `initialize` body: keep the model's state current. Returns the cleanup. */
export function attachSync(model: SyncModel): () => void {
  const onMessage = (raw: unknown): void => {
    applyMessage(model, raw);
  };
  model.on("msg:custom", onMessage);
  return () => model.off("msg:custom", onMessage);
}

function randomTag(): string {
  const bytes = new Uint8Array(4);
  globalThis.crypto?.getRandomValues?.(bytes);
  const fromCrypto = Array.from(bytes, (b) => b.toString(36)).join("");
  return fromCrypto !== "0000" ? fromCrypto : Math.random().toString(36).slice(2, 8);
}

/**
 * One view's connection: sends its edits (ids carry a random per-view
 * prefix, so a view recognises the answers to its own edits) and hears
 * every message after it has been applied to the model.
 */
export class SyncClient {
  private readonly prefix = `v${randomTag()}-`;
  private counter = 0;
  private readonly onMessage: (raw: unknown) => void;

  constructor(
    private readonly model: SyncModel,
    listener: (msg: SyncMessage) => void,
  ) {
    this.onMessage = (raw: unknown): void => {
      const msg = applyMessage(model, raw);
      if (msg !== null) listener(msg);
    };
    model.on("msg:custom", this.onMessage);
  }

  owns(editId: string | null): boolean {
    return editId !== null && editId.startsWith(this.prefix);
  }

  /**
   * Send an edit made on the revision the view shows; returns its edit_id.
   * `prepare` runs before the message leaves, so bookkeeping keyed by the
   * id is in place even if the answer were delivered synchronously.
   */
  edit(op: Op, prepare?: (editId: string) => void): string {
    this.counter += 1;
    const editId = `${this.prefix}${this.counter}`;
    prepare?.(editId);
    this.model.send({ type: "edit", edit_id: editId, rev: num(this.model.get("_rev")), op });
    return editId;
  }

  setTrait(name: string, value: unknown): void {
    this.model.send({ type: "set_trait", name, value });
  }

  dispose(): void {
    this.model.off("msg:custom", this.onMessage);
  }
}
