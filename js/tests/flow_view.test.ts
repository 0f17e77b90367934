import { describe, expect, it } from "vitest";
import { FlowView, type FlowModel, type FlowViewTraits } from "../src/flow_view/view";
import type { FlowLink } from "../src/flow_view/layout";
import { FakeModel } from "./fake_model";

function link(from: string, to: string, count: number, other = false): FlowLink {
  return { from, to, count, users: other ? null : count - 1, median_gap: other ? null : 5400, other };
}

function setup(extra: Partial<FlowViewTraits> = {}): { model: FakeModel<FlowViewTraits>; host: HTMLElement; view: FlowView } {
  const model = new FakeModel<FlowViewTraits>({
    level: "touchpoint",
    nodes: ["<b>Ad</b>", "Site", "Buy", "Other"],
    links: [link("<b>Ad</b>", "Site", 20), link("Site", "Buy", 12), link("Site", "Other", 3, true)],
    node_stages: { "<b>Ad</b>": "Aware", Site: "Consider", Buy: "Purchase" },
    timed: true,
    selected: null,
    highlight_stage: null,
    language: "en",
    ...extra,
  });
  const host = document.createElement("div");
  document.body.append(host);
  const view = new FlowView(model as unknown as FlowModel, host);
  return { model, host, view };
}

const bands = (host: HTMLElement): SVGPathElement[] => [...host.querySelectorAll<SVGPathElement>("path.cjm-flow-link")];

describe("FlowView", () => {
  it("draws one focusable band per flow, labelled with its figures, names as text", () => {
    const { host } = setup();
    const paths = bands(host);
    expect(paths).toHaveLength(3);
    expect(paths.map((p) => p.getAttribute("tabindex"))).toEqual(["0", "0", "0"]);
    expect(paths[0]?.getAttribute("aria-label")).toBe("<b>Ad</b> → Site · 20 transitions · 19 users · median gap 1.5 h");
    expect(paths[2]?.getAttribute("aria-label")).toContain("n/a users");
    expect(paths[2]?.classList.contains("cjm-flow-other")).toBe(true);
    expect(host.querySelector("b")).toBeNull(); // user text never becomes markup
    expect([...host.querySelectorAll(".cjm-flow-label")].map((n) => n.textContent)).toContain("<b>Ad</b>");
  });

  it("selects a flow on click and Enter, toggles it off, Escape clears", () => {
    const { model, host } = setup();
    bands(host)[1]?.dispatchEvent(new MouseEvent("click"));
    expect(model.get("selected")).toEqual({ from: "Site", to: "Buy" });
    expect(model.saveCount).toBe(1);
    expect(bands(host)[1]?.getAttribute("aria-pressed")).toBe("true");
    expect(host.querySelector(".cjm-flow-details")?.textContent).toBe("Selected: Site → Buy");
    bands(host)[1]?.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter" }));
    expect(model.get("selected")).toBeNull();
    bands(host)[0]?.dispatchEvent(new KeyboardEvent("keydown", { key: " " }));
    expect(model.get("selected")).toEqual({ from: "<b>Ad</b>", to: "Site" });
    bands(host)[0]?.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape" }));
    expect(model.get("selected")).toBeNull();
    expect(model.saveCount).toBe(4);
  });

  it("moves focus between bands with the arrow keys, Home and End", () => {
    const { host } = setup();
    const paths = bands(host);
    paths[0]?.focus();
    paths[0]?.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowDown" }));
    expect(document.activeElement).toBe(paths[1]);
    expect(host.querySelector(".cjm-flow-details")?.textContent).toContain("Site → Buy");
    paths[1]?.dispatchEvent(new KeyboardEvent("keydown", { key: "End" }));
    expect(document.activeElement).toBe(paths[2]);
    paths[2]?.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowDown" }));
    expect(document.activeElement).toBe(paths[2]); // stays on the last
    paths[2]?.dispatchEvent(new KeyboardEvent("keydown", { key: "Home" }));
    expect(document.activeElement).toBe(paths[0]);
  });

  it("follows Python: selection, the map's stage, language and new flows", () => {
    const { model, host } = setup();
    model.set("selected", { ...link("Site", "Buy", 12) });
    expect(bands(host).map((p) => p.classList.contains("cjm-flow-selected"))).toEqual([false, true, false]);
    model.set("highlight_stage", "Aware");
    expect(bands(host).map((p) => p.classList.contains("cjm-flow-highlight"))).toEqual([true, false, false]);
    model.set("language", "lv");
    expect(bands(host)[0]?.getAttribute("aria-label")).toContain("20 pārejas");
    model.set("links", [link("Buy", "Site", 4)]);
    expect(bands(host)).toHaveLength(1);
    model.set("links", []);
    expect(host.querySelector(".cjm-flow-empty")?.textContent).toBe("Nav plūsmu, ko parādīt.");
  });

  it("removes its listeners and DOM on dispose", () => {
    const { model, host, view } = setup();
    view.dispose();
    expect(model.listenerCount()).toBe(0);
    expect(host.children).toHaveLength(0);
  });
});
