/**
 * Mount the journey map widget on a fake model inside the test document,
 * the way anywidget does: `initialize` once per model, then `render` per
 * view, each with its own proxy of the model.
 */
import { afterEach } from "vitest";
import widget from "../src/journey_map/index";
import type { FakeModel } from "./fake_model";
import type { JourneyMapTraits } from "../src/journey_map/types";
import type { Op } from "../src/core/ops";

type Model = FakeModel<JourneyMapTraits>;

const mounted: HTMLElement[] = [];
const initialized = new WeakSet<Model>();

afterEach(() => {
  for (const host of mounted.splice(0)) host.remove();
});

export function mount(model: Model): { host: HTMLElement; cleanup: () => void } {
  if (!initialized.has(model)) {
    initialized.add(model);
    widget.initialize({ model: model.proxy() });
  }
  const host = document.createElement("div");
  document.body.append(host);
  mounted.push(host);
  const cleanup = widget.render({ model: model.proxy(), el: host });
  return { host, cleanup };
}

/** The cell of `lane` for the touchpoint with row id `id`. */
export function cellOf(host: Element, lane: string, id: string): HTMLElement | null {
  return host.querySelector<HTMLElement>(`[role="gridcell"][data-lane="${lane}"][data-id="${id}"]`);
}

export function headerOf(host: Element, stage: string): HTMLElement | null {
  return host.querySelector<HTMLElement>(`.cjm-stage-header[data-stage="${stage}"]`);
}

export function texts(nodes: Iterable<Element>): string[] {
  return Array.from(nodes, (n) => n.textContent ?? "");
}

export interface SentEdit {
  type: "edit";
  edit_id: string;
  rev: number;
  op: Op;
}

/** The edits a model's views sent, in order. */
export function edits(model: Model): SentEdit[] {
  return model.sentOf("edit") as unknown as SentEdit[];
}

export function lastEdit(model: Model): SentEdit {
  const all = edits(model);
  const last = all[all.length - 1];
  if (!last) throw new Error("no edit was sent");
  return last;
}

/** Python's answer to an edit: a patch carrying `ops` (as applied) and the inverse. */
export function patch(edit: SentEdit | null, ops: Op[], inverse: Op | null = null, rev?: number): Record<string, unknown> {
  return {
    type: "patch",
    rev: rev ?? (edit ? edit.rev + 1 : 1),
    origin: edit ? "view" : "python",
    edit_id: edit ? edit.edit_id : null,
    ops,
    inverse,
  };
}

export function reject(edit: SentEdit, message: string): Record<string, unknown> {
  return { type: "reject", edit_id: edit.edit_id, rev: edit.rev, message };
}

export function key(target: Element | null, keyName: string, init: KeyboardEventInit = {}): KeyboardEvent {
  const event = new KeyboardEvent("keydown", { key: keyName, bubbles: true, cancelable: true, ...init });
  (target ?? document.body).dispatchEvent(event);
  return event;
}

export function press(keyName: string, init: KeyboardEventInit = {}): KeyboardEvent {
  return key(document.activeElement, keyName, init);
}

export function click(target: Element | null, init: MouseEventInit = {}): void {
  target?.dispatchEvent(new MouseEvent("click", { bubbles: true, cancelable: true, detail: 1, ...init }));
}

export function dblclick(target: Element | null): void {
  target?.dispatchEvent(new MouseEvent("dblclick", { bubbles: true, cancelable: true, detail: 2 }));
}

export function pointer(target: Element | null, type: string, x: number, y: number, init: PointerEventInit = {}): void {
  target?.dispatchEvent(
    new PointerEvent(type, { bubbles: true, cancelable: true, clientX: x, clientY: y, pointerId: 1, button: 0, isPrimary: true, ...init }),
  );
}

/** Give an element a fixed box (happy-dom does no layout). */
export function setRect(node: Element | null, left: number, top: number, width: number, height: number): void {
  if (!node) return;
  const rect = { left, top, width, height, right: left + width, bottom: top + height, x: left, y: top, toJSON: () => ({}) };
  (node as HTMLElement).getBoundingClientRect = () => rect as DOMRect;
}

/** The open editor, if any. */
export function editor(host: Element): HTMLTextAreaElement | HTMLInputElement | HTMLSelectElement | null {
  return host.querySelector(".cjm-editor");
}
