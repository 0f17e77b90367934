import { describe, expect, it } from "vitest";
import { buildLayout } from "../src/journey_map/layout";
import { STAGES, touchpoint } from "./fake_model";

describe("buildLayout", () => {
  it("groups touchpoints by stage in stage order, keeping map order within a stage", () => {
    const rows = [touchpoint("a", "Buy"), touchpoint("b", "Discover"), touchpoint("c", "Buy")];
    const { stages, columns } = buildLayout(STAGES, rows);
    expect(columns.map((c) => c.row?.["id"] ?? null)).toEqual(["b", "a", "c", null]);
    expect(stages.map((s) => [s.stage.stage, s.start, s.span])).toEqual([
      ["Discover", 0, 1],
      ["Buy", 1, 2],
      ["Use", 3, 1],
    ]);
    expect(columns.map((c) => [c.stageStart, c.stageEnd])).toEqual([
      [true, true],
      [true, false],
      [false, true],
      [true, true],
    ]);
  });

  it("gives an empty stage one empty column", () => {
    const { columns } = buildLayout(STAGES, []);
    expect(columns).toHaveLength(3);
    expect(columns.every((c) => c.row === null)).toBe(true);
  });

  it("keeps rows whose stage is not declared, after the declared stages", () => {
    const { stages, columns } = buildLayout(STAGES.slice(0, 1), [touchpoint("x", "Elsewhere")]);
    expect(stages.map((s) => s.stage.stage)).toEqual(["Discover", "Elsewhere"]);
    expect(columns[1]?.row?.["id"]).toBe("x");
  });

  it("survives missing or malformed traits", () => {
    expect(buildLayout(undefined, null)).toEqual({ stages: [], columns: [] });
    expect(buildLayout([{ nope: 1 }, null, "x"], [null, 3]).columns).toEqual([]);
  });
});
