/**
 * anywidget entry point of the FlowView widget: a Sankey-style view of a
 * transitions table. The view only reads traits and sets `selected`.
 */
import type { AnyWidget, RenderProps } from "@anywidget/types";
import { FlowView, type FlowModel, type FlowViewTraits } from "./view";
import "./style.css";

function render({ model, el }: Pick<RenderProps<FlowViewTraits>, "model" | "el">): () => void {
  const view = new FlowView(model as unknown as FlowModel, el);
  return () => view.dispose();
}

export default { render } satisfies AnyWidget<FlowViewTraits>;
