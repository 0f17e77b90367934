/**
 * The offline renderer of to_html files and cjm-report pages: draws every
 * map of the page with the notebook's own JourneyMap front end, against a
 * read-only model built from the state saved in the page.
 *
 * Each map is a `<div class="cjm-offline-map">` holding a
 * `<script type="application/json" class="cjm-map-state">` (the widget
 * state, JSON with every `<` escaped) and a visible static fallback
 * (`.cjm-offline-fallback`), hidden only once the map is drawn: a page whose
 * renderer never runs or fails still shows the map's content, never a blank.
 * The JSON is parsed, never evaluated or inserted as markup.
 */
import journeyMap from "../journey_map/index";
import { StaticModel } from "./static_model";
import type { JourneyMapTraits } from "../journey_map/types";
import type { AnyModel } from "@anywidget/types";

type Model = AnyModel<JourneyMapTraits>;

/** Draw the map whose state `script` holds, right after it; returns the host element. */
export function renderMap(script: HTMLScriptElement): HTMLElement | null {
  let state: unknown;
  try {
    state = JSON.parse(script.textContent ?? "");
  } catch {
    return null; // a damaged block leaves its static fallback, nothing else
  }
  if (typeof state !== "object" || state === null) return null;
  const model = new StaticModel(state as Record<string, unknown>) as unknown as Model;
  const host = document.createElement("div");
  host.className = "cjm-offline-host";
  script.after(host);
  try {
    journeyMap.initialize?.({ model } as never);
    journeyMap.render?.({ model, el: host } as never);
  } catch (error) {
    host.remove(); // the static fallback stays: a map that cannot be drawn is still read
    console.error("cjm: could not draw this map; showing its static version", error);
    return null;
  }
  if (host.querySelector(".cjm-journey-map") === null) {
    host.remove();
    return null;
  }
  const fallback = script.parentElement?.querySelector<HTMLElement>(":scope > .cjm-offline-fallback");
  if (fallback) fallback.hidden = true;
  return host;
}

export function renderAll(root: ParentNode = document): number {
  let count = 0;
  for (const script of Array.from(root.querySelectorAll<HTMLScriptElement>("script.cjm-map-state"))) {
    if (script.dataset["rendered"] === "true") continue;
    script.dataset["rendered"] = "true";
    if (renderMap(script) !== null) count += 1;
  }
  return count;
}

if (typeof document !== "undefined") {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => renderAll());
  else renderAll();
}
