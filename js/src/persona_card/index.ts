/** anywidget entry point of the PersonaCard widget. */
import type { AnyWidget, RenderProps } from "@anywidget/types";
import { PersonaCardView, type PersonaTraits } from "./card";
import "./style.css";

function render({ model, el }: Pick<RenderProps<PersonaTraits>, "model" | "el">): () => void {
  const view = new PersonaCardView(model, el);
  return () => view.dispose();
}

export default { render } satisfies AnyWidget<PersonaTraits>;
