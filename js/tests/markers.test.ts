import { describe, expect, it } from "vitest";
import { journeyModel } from "./fake_model";
import { cellOf, headerOf, mount, texts } from "./render_helpers";

const markers = [
  { source: "peak_end", kind: "peak", label: "Peak: <b>worst</b>", touchpoint_id: "t2", stage: null, tone: "bad" },
  { source: "check", kind: "check", label: "No touchpoint yet", touchpoint_id: null, stage: "Use", tone: "warn" },
  { source: "x", kind: "gone", label: "For a deleted touchpoint", touchpoint_id: "zz", stage: null, tone: "info" },
  { source: "x", kind: "bad", label: "no target", touchpoint_id: null, stage: null, tone: "info" },
];

describe("markers", () => {
  it("draws each marker on its touchpoint's card or its stage header, as text", () => {
    const { host } = mount(journeyModel({ markers }));
    const peak = cellOf(host, "touchpoint", "t2")?.querySelector(".cjm-marker");
    expect(peak?.textContent).toBe("Peak: <b>worst</b>");
    expect(peak?.querySelector("b")).toBeNull();
    expect(peak?.getAttribute("data-source")).toBe("peak_end");
    expect(peak?.getAttribute("data-kind")).toBe("peak");
    expect(peak?.classList.contains("cjm-tone-bad")).toBe(true);
    expect(texts(headerOf(host, "Use")?.querySelectorAll(".cjm-marker") ?? [])).toEqual(["No touchpoint yet"]);
    expect(host.querySelectorAll(".cjm-marker")).toHaveLength(2);
  });

  it("redraws when Python changes the markers", () => {
    const model = journeyModel({ markers });
    const { host } = mount(model);
    model.set("markers", []);
    expect(host.querySelectorAll(".cjm-marker")).toHaveLength(0);
  });
});

describe("selected touchpoints", () => {
  it("highlights every cell of the selected touchpoints and follows changes", () => {
    const model = journeyModel({ selected_touchpoints: ["t1"] });
    const { host } = mount(model);
    const selected = () => new Set(Array.from(host.querySelectorAll(".cjm-lane-cell.cjm-selected"), (c) => c.getAttribute("data-id")));
    expect(selected()).toEqual(new Set(["t1"]));
    model.set("selected_touchpoints", ["t2", "t3"]);
    expect(selected()).toEqual(new Set(["t2", "t3"]));
    expect(cellOf(host, "thought", "t3")?.classList.contains("cjm-selected")).toBe(true);
  });
});
