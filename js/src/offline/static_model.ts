/**
 * A read-only stand-in for an anywidget model, for maps shown with no kernel
 * (to_html files and cjm-report pages). It holds the widget's saved state,
 * fires `change:<name>` like a real model, and answers the few messages a
 * read-only map sends: `set_trait` for the view settings a reader may change
 * (lanes shown, selected stage, persona) is applied locally; anything else (an edit)
 * is refused, as Python would refuse it.
 */
import { SETTABLE_TRAITS } from "../journey_map/view_traits";

type Callback = (...args: never[]) => void;

/** Traits a reader may change in an offline map (those any view may set): they only change how it is shown. */
const SETTABLE: ReadonlySet<string> = new Set(SETTABLE_TRAITS);

export class StaticModel {
  private readonly state: Map<string, unknown>;
  private readonly handlers = new Map<string, Set<Callback>>();

  constructor(state: Readonly<Record<string, unknown>>) {
    this.state = new Map(Object.entries(state));
    // Nothing to edit against: no kernel would ever answer.
    this.state.set("editable", false);
  }

  get(key: string): unknown {
    return this.state.get(key);
  }

  set(key: string, value: unknown): void {
    if (this.state.get(key) === value) return;
    this.state.set(key, value);
    this.emit(`change:${key}`, value);
    this.emit("change", value);
  }

  on(event: string, callback: Callback): void {
    const set = this.handlers.get(event) ?? new Set<Callback>();
    set.add(callback);
    this.handlers.set(event, set);
  }

  off(event?: string | null, callback?: Callback | null): void {
    if (event === undefined || event === null) return this.handlers.clear();
    if (callback === undefined || callback === null) this.handlers.delete(event);
    else this.handlers.get(event)?.delete(callback);
  }

  send(content: unknown): void {
    const msg = (typeof content === "object" && content !== null ? content : {}) as Record<string, unknown>;
    const name = msg["name"];
    if (msg["type"] === "set_trait" && typeof name === "string" && SETTABLE.has(name)) {
      this.set(name, msg["value"]);
      return;
    }
    if (msg["type"] === "hello") {
      // The page is the whole world: the map is current (and read-only), nothing to wait for.
      queueMicrotask(() => this.emit("msg:custom", { type: "welcome", rev: this.state.get("_rev") ?? 0 }));
      return;
    }
    const editId = typeof msg["edit_id"] === "string" ? msg["edit_id"] : null;
    // Delivered asynchronously, like a kernel's answer.
    queueMicrotask(() =>
      this.emit("msg:custom", { type: "reject", edit_id: editId, rev: this.state.get("_rev") ?? 0, message: "This map is read-only." }),
    );
  }

  save_changes(): void {
    // Nothing to save to: the page is the whole world.
  }

  private emit(event: string, payload: unknown): void {
    for (const callback of Array.from(this.handlers.get(event) ?? [])) (callback as (p: unknown) => void)(payload);
  }
}
