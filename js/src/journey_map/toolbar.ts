/**
 * The map's toolbar: Undo / Redo (editable maps only) and Lanes. It lives
 * outside the grid, so redraws never take focus away from its buttons.
 */
import { el, setAttr } from "../core/dom";
import { translate, type Labels } from "../core/i18n";

const labels = {
  undo: { en: "Undo", zh: "撤销", lv: "Atsaukt" },
  undoTitle: { en: "Undo (Ctrl+Z)", zh: "撤销（Ctrl+Z）", lv: "Atsaukt (Ctrl+Z)" },
  redo: { en: "Redo", zh: "重做", lv: "Atcelt atsaukšanu" },
  redoTitle: { en: "Redo (Ctrl+Shift+Z)", zh: "重做（Ctrl+Shift+Z）", lv: "Atcelt atsaukšanu (Ctrl+Shift+Z)" },
  lanes: { en: "Lanes", zh: "泳道", lv: "Joslas" },
  lanesTitle: { en: "Show, hide and order the lanes", zh: "显示、隐藏和排列泳道", lv: "Rādīt, slēpt un kārtot joslas" },
  tools: { en: "Map tools", zh: "地图工具", lv: "Kartes rīki" },
} satisfies Labels<string>;
import { ImageButtons, type ImageFormat } from "./image_buttons";
import "./toolbar.css";

export interface ToolbarActions {
  undo: () => void;
  redo: () => void;
  lanes: (button: HTMLButtonElement) => void;
  image: (format: ImageFormat) => void;
}

function button(className: string): HTMLButtonElement {
  return el("button", { className: ["cjm-button", className], attrs: { type: "button" } });
}

function label(node: HTMLElement, text: string, title: string): void {
  node.textContent = text;
  setAttr(node, "aria-label", text);
  setAttr(node, "title", title);
}

export class Toolbar {
  readonly el: HTMLDivElement;
  readonly undoButton = button("cjm-undo");
  readonly redoButton = button("cjm-redo");
  readonly lanesButton = button("cjm-lanes-button");
  private language: string | null = null;
  readonly images: ImageButtons;

  constructor(actions: ToolbarActions) {
    this.lanesButton.setAttribute("aria-haspopup", "dialog");
    this.lanesButton.setAttribute("aria-expanded", "false");
    this.undoButton.addEventListener("click", actions.undo);
    this.redoButton.addEventListener("click", actions.redo);
    this.lanesButton.addEventListener("click", () => actions.lanes(this.lanesButton));
    this.images = new ImageButtons(actions.image);
    this.el = el("div", { className: "cjm-toolbar", attrs: { role: "group" } }, [
      this.undoButton,
      this.redoButton,
      this.lanesButton,
      ...this.images.nodes,
    ]);
    this.setLanguage("");
  }

  /** Label the buttons in `language` ("" = the page's). */
  setLanguage(language: string): void {
    if (language === this.language) return;
    this.language = language;
    const t = translate(labels, language);
    label(this.undoButton, t("undo"), t("undoTitle"));
    label(this.redoButton, t("redo"), t("redoTitle"));
    label(this.lanesButton, t("lanes"), t("lanesTitle"));
    setAttr(this.el, "aria-label", t("tools"));
  }

  update(editable: boolean, canUndo: boolean, canRedo: boolean, language = ""): void {
    this.setLanguage(language);
    // Removed rather than hidden in a read-only map: nothing there to undo.
    for (const [node, enabled] of [[this.undoButton, canUndo], [this.redoButton, canRedo]] as const) {
      if (editable && !node.isConnected) this.el.insertBefore(node, this.lanesButton);
      if (!editable) node.remove();
      node.disabled = !enabled;
    }
  }
}
