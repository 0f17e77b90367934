import { describe, expect, it } from "vitest";
import { layoutFlows, type FlowLink } from "../src/flow_view/layout";

function link(from: string, to: string, count: number, other = false): FlowLink {
  return { from, to, count, users: other ? null : count, median_gap: other ? null : 60, other };
}

const OPTS = { width: 500, labelWidth: 100, nodeWidth: 10, nodeGap: 10, rowHeight: 50, minHeight: 0 };

describe("layoutFlows", () => {
  it("stacks sources left and targets right in the given order, heights by count", () => {
    const links = [link("A", "B", 30), link("B", "C", 10), link("A", "C", 10)];
    const out = layoutFlows(["A", "B", "C"], links, OPTS);
    expect(out.sources.map((b) => [b.name, b.count, b.x])).toEqual([
      ["A", 40, 100],
      ["B", 10, 100],
    ]);
    expect(out.targets.map((b) => [b.name, b.count, b.x])).toEqual([
      ["B", 30, 390],
      ["C", 20, 390],
    ]);
    // Two rows a side: 100 px tall, one 10 px gap, 50 transitions -> 1.8 px each.
    expect(out.height).toBe(100);
    expect(out.sources.map((b) => b.height)).toEqual([72, 18]);
    expect(out.targets.map((b) => b.height)).toEqual([54, 36]);
    expect(out.sources[0]?.y).toBe(0);
    expect(out.sources[1]?.y).toBe(82);
  });

  it("makes each band as thick as its count at both ends, inside its nodes", () => {
    const links = [link("A", "B", 30), link("B", "C", 10), link("A", "C", 10)];
    const out = layoutFlows(["A", "B", "C"], links, OPTS);
    expect(out.bands.map((b) => b.index)).toEqual([0, 1, 2]); // the table's order (keyboard order)
    const [ab, bc, ac] = out.bands;
    expect(ab?.width).toBeCloseTo(54);
    expect(ac?.width).toBeCloseTo(18);
    // A's bands: to B first (B is above C), then to C; C's bands: from A first, then from B.
    expect(ab?.y0).toBeCloseTo(27);
    expect(ac?.y0).toBeCloseTo(54 + 9);
    expect(ac?.y1).toBeCloseTo(64 + 9);
    expect(bc?.y1).toBeCloseTo(64 + 18 + 9);
    expect(ab?.x0).toBe(110);
    expect(ab?.x1).toBe(390);
    expect(ab?.path).toBe("M110,27C250,27 250,27 390,27");
  });

  it("draws loops and going back (A -> A, B -> A) without special cases", () => {
    const out = layoutFlows(["A", "B"], [link("A", "A", 5), link("B", "A", 5)], OPTS);
    expect(out.targets.map((b) => b.name)).toEqual(["A"]);
    expect(out.targets[0]?.count).toBe(10);
    expect(out.bands).toHaveLength(2);
  });

  it("puts unknown names after the given order and leaves out empty flows", () => {
    const out = layoutFlows(["B"], [link("A", "B", 2), link("B", "Other", 3, true), link("B", "Z", 0)], OPTS);
    expect(out.sources.map((b) => b.name)).toEqual(["B", "A"]);
    expect(out.targets.map((b) => b.name)).toEqual(["B", "Other"]);
    expect(out.bands.map((b) => b.link.to)).toEqual(["B", "Other"]);
  });

  it("has a minimum height and no flows at all is an empty chart", () => {
    const out = layoutFlows([], [], { ...OPTS, minHeight: 120 });
    expect(out.height).toBe(120);
    expect(out.bands).toEqual([]);
    expect(out.sources).toEqual([]);
  });
});
