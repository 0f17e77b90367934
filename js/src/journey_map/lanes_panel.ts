/**
 * The lanes panel: every lane a user can show (the built-in ones and each
 * column of the table) with a checkbox to show it and Up / Down buttons to
 * order the shown ones. Each change sends the new `lanes` to Python, which
 * owns the trait; the panel redraws when the trait comes back. It works in
 * read-only maps too: lanes are a view setting, not an edit.
 */
import { el } from "../core/dom";
import { translate, type Labels } from "../core/i18n";
import { focusIfConnected, onPressOutside, placeBelow, uniqueId } from "../core/popover";
import type { MapContext } from "./context";
import { availableLanes, laneLabel } from "./lanes";
import { labels as metricLabels, metricOf } from "./metric_lanes";
import "./popups.css";
import "./lanes_panel.css";

const labels = {
  lanes: { en: "Lanes", zh: "泳道", lv: "Joslas" },
  alwaysShown: { en: "The touchpoint lane is always shown", zh: "触点泳道始终显示", lv: "Saskares punktu josla tiek rādīta vienmēr" },
  moveUp: { en: "Move {lane} up", zh: "上移{lane}", lv: "Pārvietot “{lane}” uz augšu" },
  moveDown: { en: "Move {lane} down", zh: "下移{lane}", lv: "Pārvietot “{lane}” uz leju" },
  up: { en: "Move up", zh: "上移", lv: "Uz augšu" },
  down: { en: "Move down", zh: "下移", lv: "Uz leju" },
} satisfies Labels<string>;

/** The lanes after moving `lane` by `by` places (a no-op at the ends). */
export function reorder(lanes: readonly string[], lane: string, by: -1 | 1): string[] {
  const out = [...lanes];
  const at = out.indexOf(lane);
  const to = at + by;
  if (at < 0 || to < 0 || to >= out.length) return out;
  [out[at], out[to]] = [out[to] as string, out[at] as string];
  return out;
}

export class LanesPanel {
  private panel: HTMLElement | null = null;
  private anchor: HTMLButtonElement | null = null;
  private stopOutside: (() => void) | null = null;
  private readonly id = uniqueId("cjm-lanes-panel");

  constructor(private readonly ctx: MapContext) {}

  isOpen(): boolean {
    return this.panel !== null;
  }

  toggle(anchor: HTMLButtonElement): void {
    if (this.panel) this.close(false);
    else this.open(anchor);
  }

  open(anchor: HTMLButtonElement): void {
    this.close(false);
    this.anchor = anchor;
    const panel = el("div", {
      className: "cjm-lanes-panel",
      attrs: { id: this.id, role: "dialog", "aria-label": translate(labels, this.ctx.state().language)("lanes") },
    });
    panel.addEventListener("keydown", (event) => {
      if (event.key !== "Escape") return;
      event.preventDefault();
      event.stopPropagation();
      this.close(true);
    });
    panel.addEventListener("change", (event) => this.onToggle(event.target as HTMLInputElement));
    panel.addEventListener("click", (event) => this.onClick(event.target as Element));
    this.panel = panel;
    this.update();
    this.ctx.root.append(panel);
    placeBelow(panel, anchor, this.ctx.root);
    anchor.setAttribute("aria-expanded", "true");
    anchor.setAttribute("aria-controls", this.id);
    this.stopOutside = onPressOutside([panel, anchor], () => this.close(false));
    panel.querySelector<HTMLElement>("input:not([disabled]), button:not([disabled])")?.focus();
  }

  close(refocus: boolean): void {
    if (!this.panel) return;
    this.stopOutside?.();
    this.panel.remove();
    this.panel = null;
    this.anchor?.setAttribute("aria-expanded", "false");
    if (refocus) focusIfConnected(this.anchor);
  }

  /** Redraw the list from the current lanes, keeping focus on the same control. */
  update(): void {
    const panel = this.panel;
    if (!panel) return;
    const active = document.activeElement;
    const focusKey = panel.contains(active) && active instanceof HTMLElement ? this.keyOf(active) : null;
    const state = this.ctx.state();
    const shown = state.lanes;
    const hidden = availableLanes(state.columns.keys(), state.metrics.names).filter((lane) => !shown.includes(lane));
    const items = [...shown, ...hidden].map((lane) => this.item(lane, shown, state.language));
    panel.replaceChildren(
      el("div", { className: "cjm-lanes-title", text: translate(labels, state.language)("lanes") }),
      el("ul", { className: "cjm-lanes-list" }, items),
    );
    if (focusKey) {
      const again = panel.querySelector<HTMLElement>(focusKey);
      const fallback = panel.querySelector<HTMLElement>(`input[data-lane="${CSS.escape(active?.getAttribute("data-lane") ?? "")}"]`);
      (again && !(again as HTMLButtonElement).disabled ? again : fallback)?.focus();
    }
  }

  private keyOf(node: HTMLElement): string | null {
    const lane = node.getAttribute("data-lane");
    if (lane === null) return null;
    const kind = node.classList.contains("cjm-lane-up") ? ".cjm-lane-up" : node.classList.contains("cjm-lane-down") ? ".cjm-lane-down" : "input";
    return `${kind}[data-lane="${CSS.escape(lane)}"]`;
  }

  private item(lane: string, shown: readonly string[], language: string): HTMLLIElement {
    const t = translate(labels, language);
    const label = laneLabel(lane, language);
    const at = shown.indexOf(lane);
    const box = el("input", {
      attrs: { type: "checkbox", "data-lane": lane, title: lane === "touchpoint" ? t("alwaysShown") : null },
    });
    box.checked = at >= 0;
    box.disabled = lane === "touchpoint";
    const arrow = (className: string, text: string, name: "up" | "down", enabled: boolean): HTMLButtonElement => {
      const b = el("button", {
        className: ["cjm-icon-button", className],
        attrs: { type: "button", "data-lane": lane, "aria-label": t(name === "up" ? "moveUp" : "moveDown", { lane: label }), title: t(name) },
        text,
      });
      b.disabled = !enabled;
      return b;
    };
    return el("li", { className: "cjm-lanes-item", attrs: { "data-lane": lane } }, [
      el("label", { className: "cjm-lanes-label" }, [
        box,
        el("span", { attrs: { dir: "auto" }, text: label }),
        // A metric lane says so: its name may also be a column's.
        metricOf(lane) === null ? null : el("span", { className: "cjm-lanes-kind", text: translate(metricLabels, this.ctx.state().language)("metric") }),
      ]),
      arrow("cjm-lane-up", "↑", "up", at > 0),
      arrow("cjm-lane-down", "↓", "down", at >= 0 && at < shown.length - 1),
    ]);
  }

  private onToggle(box: HTMLInputElement): void {
    const lane = box.getAttribute("data-lane");
    if (lane === null || box.type !== "checkbox") return;
    const lanes = this.ctx.state().lanes.filter((l) => l !== lane);
    this.ctx.setTrait("lanes", box.checked ? [...lanes, lane] : lanes);
  }

  private onClick(target: Element): void {
    const button = target.closest<HTMLButtonElement>(".cjm-lane-up, .cjm-lane-down");
    const lane = button?.getAttribute("data-lane");
    if (!button || lane === null || lane === undefined || button.disabled) return;
    const by = button.classList.contains("cjm-lane-up") ? -1 : 1;
    this.ctx.setTrait("lanes", reorder(this.ctx.state().lanes, lane, by));
  }
}
