/**
 * anywidget entry point of the EmpathyMap widget: `initialize` keeps the
 * model's notes current as Python's patches arrive (core/sync.ts), `render`
 * draws one view.
 */
import type { AnyWidget, InitializeProps, RenderProps } from "@anywidget/types";
import { attachSync, type SyncModel } from "../core/sync";
import { EmpathyView, type EmpathyTraits } from "./view";
import "./style.css";

function initialize({ model }: Pick<InitializeProps<EmpathyTraits>, "model">): () => void {
  return attachSync(model as unknown as SyncModel);
}

function render({ model, el }: Pick<RenderProps<EmpathyTraits>, "model" | "el">): () => void {
  const view = new EmpathyView(model, el);
  return () => view.dispose();
}

export default { initialize, render } satisfies AnyWidget<EmpathyTraits>;
