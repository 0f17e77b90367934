import { describe, expect, it } from "vitest";
import {
  EDGE_PADDING,
  formatScore,
  normaliseScale,
  segmentPath,
  segments,
  signOf,
  toScore,
  yFor,
  zeroY,
} from "../src/journey_map/emotion";
import { groupLines, lineEnds } from "../src/journey_map/emotion_lines";

const SCALE: [number, number] = [-2, 2];
const TOP = EDGE_PADDING;
const BOTTOM = 100 - EDGE_PADDING;

describe("yFor", () => {
  it("puts the maximum at the top, the minimum at the bottom and 0 in the middle", () => {
    expect(yFor(2, SCALE)).toBe(TOP);
    expect(yFor(-2, SCALE)).toBe(BOTTOM);
    expect(yFor(0, SCALE)).toBe(50);
    expect(yFor(1, SCALE)).toBeCloseTo(TOP + (BOTTOM - TOP) / 4);
  });

  it("works for a non-symmetric scale", () => {
    expect(yFor(1, [1, 5])).toBe(BOTTOM);
    expect(yFor(5, [1, 5])).toBe(TOP);
    expect(yFor(3, [1, 5])).toBe(50);
  });

  it("clamps scores outside the scale", () => {
    expect(yFor(9, SCALE)).toBe(TOP);
    expect(yFor(-9, SCALE)).toBe(BOTTOM);
  });
});

describe("normaliseScale", () => {
  it("accepts swapped, degenerate and missing scales", () => {
    expect(normaliseScale([2, -2])).toEqual([-2, 2]);
    expect(normaliseScale([0, 0])).toEqual([-1, 1]);
    expect(normaliseScale(undefined)).toEqual([-2, 2]);
  });
});

describe("zeroY", () => {
  it("is the y of 0, or null when 0 is off the scale", () => {
    expect(zeroY(SCALE)).toBe(50);
    expect(zeroY([1, 5])).toBeNull();
  });
});

describe("segments", () => {
  it("meets neighbours at the mean of the two scores", () => {
    const [a, b, c] = segments([2, 0, -2], SCALE);
    expect(a?.leftY).toBeNull();
    expect(a?.rightY).toBe(yFor(1, SCALE));
    expect(b?.leftY).toBe(yFor(1, SCALE));
    expect(b?.y).toBe(yFor(0, SCALE));
    expect(b?.rightY).toBe(yFor(-1, SCALE));
    expect(c?.leftY).toBe(yFor(-1, SCALE));
    expect(c?.rightY).toBeNull();
    // Each right edge is the next cell's left edge.
    expect(a?.rightY).toBe(b?.leftY);
    expect(b?.rightY).toBe(c?.leftY);
  });

  it("breaks the line at a missing score", () => {
    const [a, missing, c, d] = segments([1, null, -1, undefined], SCALE);
    expect(missing).toBeNull();
    expect(d).toBeNull();
    expect(a?.rightY).toBeNull();
    expect(c?.leftY).toBeNull();
    expect(c?.rightY).toBeNull();
    // A lone score is just a dot.
    expect(c?.path).toBe("");
  });

  it("treats non-numbers as missing", () => {
    expect(segments(["2" as unknown as number, Number.NaN], SCALE)).toEqual([null, null]);
    expect(toScore(Infinity)).toBeNull();
  });

  it("draws from the left edge through the centre to the right edge", () => {
    const [, b] = segments([2, 0, -2], SCALE);
    const path = b?.path ?? "";
    expect(path.startsWith(`M0 ${yFor(1, SCALE)}`)).toBe(true);
    expect(path).toContain(`50 ${yFor(0, SCALE)}`);
    expect(path.endsWith(`100 ${yFor(-1, SCALE)}`)).toBe(true);
  });
});

describe("segmentPath", () => {
  it("draws only the halves whose neighbour exists", () => {
    expect(segmentPath(50, null, null)).toBe("");
    expect(segmentPath(50, 30, null)).toMatch(/^M0 30C.* 50 50$/);
    expect(segmentPath(50, null, 70)).toMatch(/^M50 50C.* 100 70$/);
  });

  it("has the same slope on both sides of a cell edge", () => {
    // Cell i (y=20) and cell i+1 (y=80) meet at 50.
    const right = segmentPath(20, null, 50); // M50 20 C75 20 87.5 c2y 100 50
    const left = segmentPath(80, 50, null); // M0 50 C12.5 c1y 25 80 50 80
    const c2y = Number(right.split(" ")[4]);
    const c1y = Number(left.split("C")[1]?.split(" ")[1]);
    expect(50 - c2y).toBeCloseTo(c1y - 50);
  });
});

describe("labels", () => {
  it("prints the sign", () => {
    expect(formatScore(2)).toBe("+2");
    expect(formatScore(-1)).toBe("-1");
    expect(formatScore(0)).toBe("0");
    expect(formatScore(-0)).toBe("0");
    expect(formatScore(1.5)).toBe("+1.5");
    expect(formatScore(1 / 3)).toBe("+0.33");
  });

  it("classifies by sign", () => {
    expect(signOf(2)).toBe("positive");
    expect(signOf(-0.5)).toBe("negative");
    expect(signOf(0)).toBe("neutral");
  });
});

describe("one line per persona (emotion_lines)", () => {
  const scale: [number, number] = [-2, 2];

  it("draws neighbouring dots with the single curve's shape", () => {
    const single = segments([1, -1], scale).map((s) => s?.path);
    const lines = groupLines([1, -1], scale, ["a", "a"]).map((pieces) => pieces.map((p) => p.path));
    expect(lines[0]).toEqual([single[0]]);
    expect(lines[1]).toEqual([single[1]]);
  });

  it("carries a line over other personas' columns, cut at every cell edge, through shared dots", () => {
    const lines = groupLines([2, 0, -1, -2, 1], scale, ["a", "b", null, "b", "a"]);
    const of = (column: number, group: string): string[] => (lines[column] ?? []).filter((p) => p.group === group).map((p) => p.path);
    // a: 0 -> 2 (shared) -> 4, crossing columns 1 and 3; b: 1 -> 2 -> 3.
    expect([0, 1, 2, 3, 4].map((k) => of(k, "a").length)).toEqual([1, 1, 2, 1, 1]);
    expect([0, 1, 2, 3, 4].map((k) => of(k, "b").length)).toEqual([0, 1, 2, 1, 0]);
    // Pieces stay inside their cell and meet their neighbour at the same y on the shared edge.
    for (const group of ["a", "b"]) {
      for (let k = 0; k < 4; k++) {
        const out = of(k, group).map((d) => d.match(/(-?[\d.]+) (-?[\d.]+)$/)).find((m) => m?.[1] === "100");
        const into = of(k + 1, group).map((d) => d.match(/^M0 (-?[\d.]+)/)).find((m) => m !== null);
        if (out && into) expect(out[2]).toBe(into[1]);
        expect(out === undefined).toBe(into === undefined);
      }
    }
    expect(lineEnds([2, 0, -1, -2, 1], ["a", "b", null, "b", "a"])).toEqual(new Map([["b", 3], ["a", 4]]));
  });
});
