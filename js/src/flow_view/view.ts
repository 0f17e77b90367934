/**
 * One drawn flow view: an SVG of nodes and bands, and a details line.
 *
 * Bands are focusable buttons (Tab, arrow keys between them, Enter/Space to
 * select, Escape to clear). Hover or focus shows the flow's figures in the
 * details line (read out by screen readers: aria-live). Selecting sets the
 * model's `selected` trait; Python then selects the flow's touchpoints on a
 * linked map. All names are inserted as text.
 */
import { el, svg } from "../core/dom";
import { layoutFlows, type Band, type FlowLayout, type FlowLink, type NodeBox } from "./layout";
import { formatCount, formatGap, translator, type Translate } from "./labels";

export interface FlowViewTraits {
  level: "touchpoint" | "stage";
  nodes: string[];
  links: FlowLink[];
  node_stages: Record<string, string>;
  timed: boolean;
  selected: FlowLink | null;
  highlight_stage: string | null;
  language: string;
  [key: string]: unknown;
}

/** The model methods the view uses (anywidget's model fits). */
export interface FlowModel {
  get<K extends keyof FlowViewTraits>(key: K): FlowViewTraits[K];
  set(key: "selected", value: Pick<FlowLink, "from" | "to"> | null): void;
  on(event: string, callback: () => void): void;
  off(event: string, callback: () => void): void;
  save_changes(): void;
}

// Colour of a source node's bands: hues that read on light and dark backgrounds.
const FALLBACK = "#4e79a7";
const PALETTE = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f"];
const REDRAW = ["nodes", "links", "language", "timed", "level"];
const LABEL_CHARS = 26;
const PAD = 8; // room above and below the columns for the outer labels' ascenders and descenders

function short(name: string): string {
  return name.length > LABEL_CHARS ? `${name.slice(0, LABEL_CHARS - 1)}…` : name;
}

export function describe(link: FlowLink, t: Translate, timed: boolean): string {
  const parts = [
    t("flow", { from: link.from, to: link.to }),
    t("count", { count: formatCount(link.count) }),
    t("users", { users: link.users === null ? t("unknown") : formatCount(link.users) }),
    t("gap", { gap: formatGap(link.median_gap, timed, t) }),
  ];
  if (link.other) parts.push(t("grouped"));
  return parts.join(" · ");
}

export class FlowView {
  private readonly root: HTMLDivElement;
  private readonly details: HTMLParagraphElement;
  private readonly chart: HTMLDivElement;
  private bandNodes: SVGPathElement[] = [];
  private layout: FlowLayout | null = null;
  private t: Translate;
  private readonly listeners: Array<[string, () => void]> = [];

  constructor(
    private readonly model: FlowModel,
    el_: HTMLElement,
  ) {
    this.t = translator(model.get("language"));
    this.chart = el("div", { className: "cjm-flow-chart" });
    this.details = el("p", { className: "cjm-flow-details", attrs: { "aria-live": "polite" } });
    this.root = el("div", { className: "cjm-flow-view" }, [this.chart, this.details]);
    el_.append(this.root);
    this.listen(REDRAW.map((name) => `change:${name}`), () => this.draw());
    this.listen(["change:selected", "change:highlight_stage"], () => this.mark());
    this.draw();
  }

  dispose(): void {
    for (const [event, callback] of this.listeners) this.model.off(event, callback);
    this.root.remove();
  }

  private listen(events: string[], callback: () => void): void {
    for (const event of events) {
      this.model.on(event, callback);
      this.listeners.push([event, callback]);
    }
  }

  private draw(): void {
    this.t = translator(this.model.get("language"));
    const t = this.t;
    const links = this.model.get("links");
    const level = this.model.get("level") === "stage" ? t("stages") : t("touchpoints");
    this.layout = layoutFlows(this.model.get("nodes"), links);
    const { width, height } = this.layout;
    const colour = new Map(this.layout.sources.map((box, i) => [box.name, PALETTE[i % PALETTE.length] ?? FALLBACK]));
    const bands = this.layout.bands.map((band, i) => this.band(band, i, colour.get(band.link.from) ?? FALLBACK));
    this.bandNodes = bands;
    const chart = svg(
      "svg",
      {
        className: "cjm-flow-svg",
        attrs: { viewBox: `0 ${-PAD} ${width} ${height + 2 * PAD}`, width, height: height + 2 * PAD, role: "group", "aria-label": t("chart", { level }) },
      },
      [
        svg("g", { className: "cjm-flow-bands" }, bands),
        svg("g", { className: "cjm-flow-nodes" }, [...this.layout.sources, ...this.layout.targets].map((box) => this.node(box))),
      ],
    );
    this.chart.replaceChildren(links.length ? chart : el("p", { className: "cjm-flow-empty", text: t("empty") }));
    this.mark();
  }

  private node(box: NodeBox): SVGGElement {
    const left = box.side === "source";
    const label = svg("text", {
      className: "cjm-flow-label",
      attrs: {
        x: left ? box.x - 6 : box.x + box.width + 6,
        y: box.y + box.height / 2,
        "text-anchor": left ? "end" : "start",
        "dominant-baseline": "middle",
      },
      text: short(box.name),
    });
    return svg("g", { className: "cjm-flow-node", attrs: { "data-node": box.name, "data-side": box.side } }, [
      svg("title", { text: `${box.name}: ${formatCount(box.count)}` }),
      svg("rect", { attrs: { x: box.x, y: box.y, width: box.width, height: Math.max(1, box.height) } }),
      label,
    ]);
  }

  private band(band: Band, position: number, colour: string): SVGPathElement {
    const { link } = band;
    const text = describe(link, this.t, this.model.get("timed"));
    const path = svg("path", {
      className: ["cjm-flow-link", link.other && "cjm-flow-other"],
      attrs: {
        d: band.path,
        "stroke-width": Math.max(1, band.width),
        stroke: link.other ? null : colour,
        tabindex: 0,
        role: "button",
        "aria-label": text,
        "aria-pressed": "false",
        "data-from": link.from,
        "data-to": link.to,
      },
    });
    const show = (): void => {
      this.details.textContent = text;
    };
    path.addEventListener("pointerenter", show);
    path.addEventListener("focus", show);
    path.addEventListener("pointerleave", () => this.showSelection());
    path.addEventListener("click", () => this.toggle(link));
    path.addEventListener("keydown", (event) => this.onKey(event, position));
    return path;
  }

  /** Keys on the band at `at` (its position in drawing order, which is the table's order). */
  private onKey(event: KeyboardEvent, at: number): void {
    const step: Record<string, number> = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 };
    if (event.key === "Enter" || event.key === " ") {
      const link = this.layout?.bands[at]?.link;
      if (link) this.toggle(link);
    } else if (event.key === "Escape") {
      this.select(null);
    } else if (event.key in step || event.key === "Home" || event.key === "End") {
      const last = this.bandNodes.length - 1;
      const next = event.key === "Home" ? 0 : event.key === "End" ? last : Math.min(last, Math.max(0, at + (step[event.key] ?? 0)));
      this.bandNodes[next]?.focus();
    } else {
      return;
    }
    event.preventDefault();
  }

  private toggle(link: FlowLink): void {
    const current = this.model.get("selected");
    const same = current !== null && current.from === link.from && current.to === link.to;
    this.select(same ? null : link);
  }

  private select(link: FlowLink | null): void {
    this.model.set("selected", link === null ? null : { from: link.from, to: link.to });
    this.model.save_changes();
  }

  private showSelection(): void {
    const selected = this.model.get("selected");
    this.details.textContent = selected
      ? this.t("selected", { flow: this.t("flow", { from: selected.from, to: selected.to }) })
      : this.t("hint");
  }

  /** Reflect the selection and the highlighted stage in classes and aria state. */
  private mark(): void {
    const selected = this.model.get("selected");
    const stage = this.model.get("highlight_stage");
    const stages = this.model.get("node_stages") ?? {};
    const touches = (name: string): boolean => stage !== null && stages[name] === stage;
    this.bandNodes.forEach((node, i) => {
      const link = this.layout?.bands[i]?.link;
      if (!link) return;
      const isSelected = selected !== null && selected.from === link.from && selected.to === link.to;
      node.classList.toggle("cjm-flow-selected", isSelected);
      node.setAttribute("aria-pressed", String(isSelected));
      node.classList.toggle("cjm-flow-highlight", touches(link.from) || touches(link.to));
    });
    this.root.classList.toggle("cjm-flow-has-selection", selected !== null);
    this.showSelection();
  }
}
