import { describe, expect, it } from "vitest";
import { fileName, mapSvg, svgText, wrapText, type Palette } from "../src/journey_map/image_export";
import { readState } from "../src/journey_map/state";
import { PendingCells } from "../src/journey_map/pending";
import { journeyModel, touchpoint } from "./fake_model";
import type { Model } from "../src/journey_map/state";

const palette: Palette = {
  background: "#fff",
  foreground: "#000",
  muted: "#666",
  border: "#ccc",
  header: "#eee",
  accent: "#00f",
  pain: "#fee",
  opportunity: "#efe",
};

function svgOf(overrides = {}): SVGSVGElement {
  const model = journeyModel(overrides).proxy() as unknown as Model;
  return mapSvg(readState(model, new PendingCells()), palette);
}

describe("map image", () => {
  it("holds every stage, touchpoint and lane as SVG text", () => {
    const node = svgOf();
    const text = node.textContent ?? "";
    for (const expected of ["Onboarding", "Discover", "Buy", "Use", "Sees an ad", "Reads reviews", "Checkout", "Too many options", "Pain point"]) {
      expect(text).toContain(expected);
    }
    expect(node.querySelectorAll(".cjm-image-emotion circle")).toHaveLength(3);
    expect(node.querySelector("foreignObject")).toBeNull(); // a PNG of it must not taint the canvas
  });

  it("carries the markers' labels", () => {
    const markers = [
      { source: "a", kind: "peak", label: "Peak moment", touchpoint_id: "t2", tone: "bad" },
      { source: "a", kind: "end", label: "Last stage", stage: "Buy" },
    ];
    const text = svgOf({ markers } as never).textContent ?? "";
    expect(text).toContain("⚑ Peak moment");
    expect(text).toContain("⚑ Last stage");
  });

  it("keeps user text as text in the serialised file", () => {
    const rows = [touchpoint("t1", "Discover", { touchpoint: "<img src=x>&amp;" })];
    const out = svgText(svgOf({ _rows: rows }));
    expect(out).toContain("&lt;img src=x&gt;&amp;amp;");
    expect(out).not.toContain("<img");
    const parsed = new DOMParser().parseFromString(out, "image/svg+xml");
    expect(parsed.querySelector("parsererror")).toBeNull();
  });

  it("wraps long text and elides what does not fit", () => {
    expect(wrapText("one two three four five six", 60)).toEqual(["one two", "three", "four five", "six"]);
    const long = wrapText("word ".repeat(200), 100);
    expect(long).toHaveLength(8);
    expect(long[7]?.endsWith("…")).toBe(true);
    expect(wrapText("a\nb", 100)).toEqual(["a", "b"]);
  });

  it("names the file after the map's title", () => {
    expect(fileName("Colleen's vacuum / 2024", "svg")).toBe("Colleen-s-vacuum-2024.svg");
    expect(fileName("", "png")).toBe("journey-map.png");
    expect(fileName("旅程图", "png")).toBe("旅程图.png");
  });
});

describe("print fit", () => {
  it("zooms a wide grid down to the page, never below the readable minimum", async () => {
    const { printZoom, PRINT_WIDTH, MIN_ZOOM } = await import("../src/journey_map/print_fit");
    expect(printZoom(800)).toBe(1);
    expect(printZoom(PRINT_WIDTH * 2)).toBe(0.5);
    expect(printZoom(PRINT_WIDTH * 20)).toBe(MIN_ZOOM);
    expect(printZoom(Number.NaN)).toBe(1);
  });
});
