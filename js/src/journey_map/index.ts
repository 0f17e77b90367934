/**
 * anywidget entry point of the JourneyMap widget: renders the map into
 * `el` and re-renders it whenever one of the traits changes.
 */
import type { AnyWidget, RenderProps } from "@anywidget/types";
import { el as h, setAttr } from "../core/dom";
import { activePosition, initRoving, installGridNavigation } from "../core/grid_nav";
import { normaliseScale } from "./emotion";
import { buildLayout } from "./layout";
import { resolveLanes } from "./lanes";
import { TRAITS, type JourneyMapTraits } from "./types";
import { renderMap, type MapState } from "./view";
import "./style.css";

type Model = RenderProps<JourneyMapTraits>["model"];

/** Read the traits defensively: during start-up some may still be undefined. */
function readState(model: Model): MapState {
  const title = model.get("title");
  const kind = model.get("kind");
  return {
    title: typeof title === "string" ? title : "",
    kind: typeof kind === "string" ? kind : "",
    layout: buildLayout(model.get("_stages"), model.get("_rows")),
    lanes: resolveLanes(model.get("lanes")),
    scale: normaliseScale(model.get("emotion_scale")),
  };
}

function render({ model, el }: Pick<RenderProps<JourneyMapTraits>, "model" | "el">): () => void {
  const root = h("div", { className: "cjm-journey-map", attrs: { role: "region" } });
  el.append(root);
  const stopNavigation = installGridNavigation(root);

  const draw = (): void => {
    // Keep the user's place (active cell, focus, scroll) across re-renders.
    const oldGrid = root.querySelector('[role="grid"]');
    const previous = oldGrid ? activePosition(oldGrid) : null;
    const hadFocus = root.contains(document.activeElement) && document.activeElement !== root;
    const scrollLeft = root.querySelector(".cjm-scroll")?.scrollLeft ?? 0;

    const state = readState(model);
    root.replaceChildren(...renderMap(state));
    setAttr(root, "aria-label", state.title || "Customer journey map");
    root.classList.toggle("cjm-future", state.kind === "future");

    const grid = root.querySelector('[role="grid"]');
    if (grid) initRoving(grid, previous, hadFocus);
    const scroller = root.querySelector(".cjm-scroll");
    if (scroller) scroller.scrollLeft = scrollLeft;
  };

  for (const trait of TRAITS) model.on(`change:${trait}`, draw);
  draw();

  return () => {
    for (const trait of TRAITS) model.off(`change:${trait}`, draw);
    stopNavigation();
    root.remove();
  };
}

export default { render } satisfies AnyWidget<JourneyMapTraits>;
