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
 * Edits travel as `model.send`; the local `model.set` bookkeeping stays off the
 * wire, save for one call of `save_changes()` after a view's own edit in a host
 * whose welcome asks for it (marimo re-runs dependent cells only on state writes).
 *
 * Every view opens with a handshake: it sends `hello` with the revision its
 * model holds, and Python answers `welcome` (after a `reset` when the view is
 * behind, as after a reload in a host that replays only state, like marimo).
 * A view that hears nothing from Python within `CONNECT_TIMEOUT_MS` has no
 * kernel behind it (a saved notebook, an exported page) and says so.
 */
import { applyOps, type Op, type Rec } from "./ops";

/** The few model methods the protocol needs (anywidget's AnyModel fits). */
export interface SyncModel {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  on(event: string, callback: (...args: never[]) => void): void;
  off(event?: string | null, callback?: ((...args: never[]) => void) | null): void;
  send(content: unknown): void;
  save_changes?(): void;
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

/**
 * Python's answer to a view's `hello`: the view is connected and at revision `rev`.
 * `echo`: the host re-runs code only when a view writes state (marimo), so after
 * each of its own edits is applied the view saves its model's `_rev` (see below).
 */
export interface WelcomeMessage {
  type: "welcome";
  rev: number;
  echo: boolean;
}

export type SyncMessage = PatchMessage | RejectMessage | ResetMessage | WelcomeMessage;

/** How long a view waits for Python's answer to its `hello` before saying it is not connected. */
export const CONNECT_TIMEOUT_MS = 5000;

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
    case "welcome":
      return { type: "welcome", rev: num(raw["rev"]), echo: raw["echo"] === true };
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
  if (msg === null || msg.type === "reject" || msg.type === "welcome" || applied.has(raw as object)) return msg;
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

/** Whether Python answers this view: unknown until it does or the handshake times out. */
export type Connection = "waiting" | "connected" | "disconnected";

/**
 * One view's connection: says `hello`, sends its edits (ids carry a random
 * per-view prefix, so a view recognises the answers to its own edits) and
 * hears every message after it has been applied to the model.
 * `onConnection` hears "disconnected" when the handshake times out and
 * "connected" when Python answers after all (a kernel busy with a long cell).
 */
export class SyncClient {
  private readonly prefix = `v${randomTag()}-`;
  private counter = 0;
  private readonly onMessage: (raw: unknown) => void;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private echo = false;
  connection: Connection = "waiting";

  constructor(
    private readonly model: SyncModel,
    listener: (msg: SyncMessage) => void,
    private readonly onConnection: (connection: Connection) => void = () => {},
  ) {
    this.onMessage = (raw: unknown): void => {
      const msg = applyMessage(model, raw);
      if (msg === null) return;
      this.connected();
      if (msg.type === "welcome") this.echo = msg.echo;
      listener(msg);
      if (this.echo && msg.type === "patch" && this.owns(msg.edit_id)) {
        // The one write a view makes, and only when Python asked for it (marimo): the
        // revision, so cells that depend on the map re-run. The host may send the
        // model's other locally written traits along; Python ignores them (get_state
        // recomputes every view table).
        model.save_changes?.();
      }
    };
    model.on("msg:custom", this.onMessage);
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.connection !== "waiting") return;
      this.connection = "disconnected";
      this.onConnection("disconnected");
    }, CONNECT_TIMEOUT_MS);
    model.send({ type: "hello", rev: num(model.get("_rev")) });
  }

  private connected(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const was = this.connection;
    this.connection = "connected";
    if (was === "disconnected") this.onConnection("connected");
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
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.model.off("msg:custom", this.onMessage);
  }
}
