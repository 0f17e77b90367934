/** Mount the journey map widget on a fake model inside the test document. */
import { afterEach } from "vitest";
import widget from "../src/journey_map/index";
import type { FakeModel } from "./fake_model";
import type { JourneyMapTraits } from "../src/journey_map/types";

const mounted: HTMLElement[] = [];

afterEach(() => {
  for (const host of mounted.splice(0)) host.remove();
});

export function mount(model: FakeModel<JourneyMapTraits>): { host: HTMLElement; cleanup: () => void } {
  const host = document.createElement("div");
  document.body.append(host);
  mounted.push(host);
  const cleanup = widget.render({ model: model.asModel(), el: host });
  return { host, cleanup };
}

/** The cell of `lane` for the touchpoint with row id `id`. */
export function cellOf(host: Element, lane: string, id: string): HTMLElement | null {
  return host.querySelector<HTMLElement>(`[role="gridcell"][data-lane="${lane}"][data-id="${id}"]`);
}

export function texts(nodes: Iterable<Element>): string[] {
  return Array.from(nodes, (n) => n.textContent ?? "");
}
