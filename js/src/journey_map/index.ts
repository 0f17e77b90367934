/**
 * anywidget entry point of the JourneyMap widget.
 *
 * `initialize` runs once per model and keeps the model's state current as
 * Python's patches arrive (also while no view is open); `render` draws one
 * view, which only ever talks to Python through messages (see
 * docs/sync-protocol.md and core/sync.ts).
 */
import type { AnyWidget, InitializeProps, RenderProps } from "@anywidget/types";
import { attachSync, type SyncModel } from "../core/sync";
// The map's base look comes first: every feature's stylesheet, imported by its module, comes after it.
import "./map.css";
import "./grid.css";
import { MapView } from "./map_view";
import type { JourneyMapTraits } from "./types";

function initialize({ model }: Pick<InitializeProps<JourneyMapTraits>, "model">): () => void {
  return attachSync(model as unknown as SyncModel);
}

function render({ model, el }: Pick<RenderProps<JourneyMapTraits>, "model" | "el">): () => void {
  const view = new MapView(model, el);
  return () => view.dispose();
}

export default { initialize, render } satisfies AnyWidget<JourneyMapTraits>;
