/**
 * The map's toolbar: Undo / Redo (editable maps only) and Lanes. It lives
 * outside the grid, so redraws never take focus away from its buttons.
 */
import { el } from "../core/dom";
import { ImageButtons, type ImageFormat } from "./image_buttons";

export interface ToolbarActions {
  undo: () => void;
  redo: () => void;
  lanes: (button: HTMLButtonElement) => void;
  image: (format: ImageFormat) => void;
}

function button(className: string, text: string, label: string, title: string): HTMLButtonElement {
  return el("button", { className: ["cjm-button", className], attrs: { type: "button", "aria-label": label, title }, text });
}

export class Toolbar {
  readonly el: HTMLDivElement;
  readonly undoButton = button("cjm-undo", "Undo", "Undo", "Undo (Ctrl+Z)");
  readonly redoButton = button("cjm-redo", "Redo", "Redo", "Redo (Ctrl+Shift+Z)");
  readonly lanesButton = button("cjm-lanes-button", "Lanes", "Lanes", "Show, hide and order the lanes");
  readonly images: ImageButtons;

  constructor(actions: ToolbarActions) {
    this.lanesButton.setAttribute("aria-haspopup", "dialog");
    this.lanesButton.setAttribute("aria-expanded", "false");
    this.undoButton.addEventListener("click", actions.undo);
    this.redoButton.addEventListener("click", actions.redo);
    this.lanesButton.addEventListener("click", () => actions.lanes(this.lanesButton));
    this.images = new ImageButtons(actions.image);
    this.el = el("div", { className: "cjm-toolbar", attrs: { role: "group", "aria-label": "Map tools" } }, [
      this.undoButton,
      this.redoButton,
      this.lanesButton,
      ...this.images.nodes,
    ]);
  }

  update(editable: boolean, canUndo: boolean, canRedo: boolean): void {
    // Removed rather than hidden in a read-only map: nothing there to undo.
    for (const [node, enabled] of [[this.undoButton, canUndo], [this.redoButton, canRedo]] as const) {
      if (editable && !node.isConnected) this.el.insertBefore(node, this.lanesButton);
      if (!editable) node.remove();
      node.disabled = !enabled;
    }
  }
}
