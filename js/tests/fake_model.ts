/**
 * A minimal stand-in for the anywidget/Backbone model: `set` fires
 * `change:<name>` synchronously, like Backbone does; `send` records what a
 * view sends to Python; `receive` delivers a custom message from Python to
 * every `msg:custom` listener (the same object to each, as Backbone does).
 */
import type { AnyModel } from "@anywidget/types";
import type { JourneyMapTraits, Row, Stage } from "../src/journey_map/types";

type Handler = (...args: unknown[]) => void;

export class FakeModel<T extends Record<string, unknown>> {
  readonly sent: unknown[] = [];
  saveCount = 0;
  private readonly data: T;
  private readonly handlers = new Map<string, Set<Handler>>();

  constructor(data: T) {
    this.data = { ...data };
  }

  get<K extends keyof T>(key: K): T[K] {
    return this.data[key];
  }

  set<K extends keyof T>(key: K, value: T[K]): void {
    this.data[key] = value;
    this.emit(`change:${String(key)}`);
  }

  on(event: string, handler: Handler): void {
    if (!this.handlers.has(event)) this.handlers.set(event, new Set());
    this.handlers.get(event)?.add(handler);
  }

  off(event?: string | null, handler?: Handler | null): void {
    for (const [name, set] of this.handlers) {
      if (event && name !== event) continue;
      if (handler) set.delete(handler);
      else set.clear();
    }
  }

  emit(event: string, ...args: unknown[]): void {
    for (const handler of [...(this.handlers.get(event) ?? [])]) handler(...args);
  }

  /** Number of handlers listening, to check that cleanup removed them all. */
  listenerCount(event?: string): number {
    let count = 0;
    for (const [name, set] of this.handlers) if (!event || name === event) count += set.size;
    return count;
  }

  save_changes(): void {
    this.saveCount += 1;
  }

  send(content: unknown): void {
    this.sent.push(content);
  }

  readonly widget_manager = {
    get_model: (): Promise<never> => Promise.reject(new Error("no widget manager in tests")),
  };

  /** The same object typed as anywidget's model. */
  asModel(): AnyModel<T> {
    return this as unknown as AnyModel<T>;
  }

  /**
   * A new proxy of this model, like anywidget gives `initialize` and each
   * `render` (a different object every time, bound to the same model).
   */
  proxy(): AnyModel<T> {
    return {
      get: this.get.bind(this),
      set: this.set.bind(this),
      save_changes: this.save_changes.bind(this),
      send: this.send.bind(this),
      on: (event: string, handler: Handler) => this.on(event, handler),
      off: (event?: string | null, handler?: Handler | null) => this.off(event, handler),
      widget_manager: this.widget_manager,
    } as unknown as AnyModel<T>;
  }

  /** Deliver a custom message from Python. */
  receive(content: unknown): void {
    this.emit("msg:custom", content, []);
  }

  /** The messages sent so far of one type ("edit", "set_trait"). */
  sentOf(type: string): Array<Record<string, unknown>> {
    return this.sent.filter((m): m is Record<string, unknown> => (m as { type?: unknown })?.type === type);
  }
}

export const STAGES: Stage[] = [
  { stage: "Discover", description: "Finds the product", goal: "Learn what it does" },
  { stage: "Buy", description: null, goal: null },
  { stage: "Use", description: null, goal: null },
];

export function touchpoint(id: string, stage: string, extra: Partial<Record<string, Row[string]>> = {}): Row {
  return {
    id,
    stage,
    touchpoint: `Touchpoint ${id}`,
    channel: "Web",
    action: `Action ${id}`,
    thought: `Thought ${id}`,
    emotion: null,
    pain_point: null,
    opportunity: null,
    ...extra,
  };
}

export function journeyModel(overrides: Partial<JourneyMapTraits> = {}): FakeModel<JourneyMapTraits> {
  return new FakeModel<JourneyMapTraits>({
    title: "Onboarding",
    kind: "current",
    _stages: STAGES,
    _rows: [
      touchpoint("t1", "Discover", { emotion: 1, touchpoint: "Sees an ad" }),
      touchpoint("t2", "Discover", { emotion: 2, touchpoint: "Reads reviews", pain_point: "Too many options" }),
      touchpoint("t3", "Buy", { emotion: -1, touchpoint: "Checkout", opportunity: "One-click pay" }),
    ],
    lanes: ["touchpoint", "action", "thought", "emotion", "pain_point", "opportunity"],
    emotion_scale: [-2, 2],
    ...overrides,
  });
}
