import { describe, expect, it } from "vitest";
import { applyOps, combine, slot, type Rec } from "../src/core/ops";

const stages: Rec[] = [{ stage: "A" }, { stage: "B" }, { stage: "C" }];
const rows: Rec[] = [
  { id: "a1", stage: "A", touchpoint: "x" },
  { id: "a2", stage: "A", touchpoint: "y" },
  { id: "b1", stage: "B", touchpoint: "z" },
];
const ids = (list: Rec[]): unknown[] => list.map((r) => r["id"]);
const names = (list: Rec[]): unknown[] => list.map((s) => s["stage"]);

describe("slot", () => {
  it("goes before `before` when it is in the stage, else after the stage's last row", () => {
    const order = ["A", "B", "C"];
    expect(slot(rows, order, "A", "a2")).toBe(1);
    expect(slot(rows, order, "A", null)).toBe(2);
    expect(slot(rows, order, "A", "b1")).toBe(2); // b1 is not in A
    expect(slot(rows, order, "C", null)).toBe(3);
    expect(slot([], order, "B", null)).toBe(0);
    // An empty stage between others: after every row of the stages before it.
    expect(slot(rows, order, "B", "gone")).toBe(3);
  });
});

describe("applyOps", () => {
  const tables = { stages, rows };

  it("sets one cell without touching the others", () => {
    const out = applyOps(tables, [{ op: "set", id: "a2", column: "emotion", value: 2 }]);
    expect(out.rows[1]).toEqual({ id: "a2", stage: "A", touchpoint: "y", emotion: 2 });
    expect(out.rows[0]).toBe(rows[0]);
    expect(out.stages).toBe(stages);
    expect(rows[1]).not.toHaveProperty("emotion"); // inputs untouched
  });

  it("inserts, deletes and moves by id", () => {
    let out = applyOps(tables, [{ op: "insert", row: { id: "n", stage: "A", touchpoint: "new" }, before: "a2" }]);
    expect(ids(out.rows)).toEqual(["a1", "n", "a2", "b1"]);
    out = applyOps(out, [{ op: "insert", row: { id: "c1", stage: "C", touchpoint: "c" }, before: null }]);
    expect(ids(out.rows)).toEqual(["a1", "n", "a2", "b1", "c1"]);
    out = applyOps(out, [{ op: "delete", id: "n" }]);
    expect(ids(out.rows)).toEqual(["a1", "a2", "b1", "c1"]);
    out = applyOps(out, [{ op: "move", id: "a1", stage: "B", before: null }]);
    expect(ids(out.rows)).toEqual(["a2", "b1", "a1", "c1"]);
    expect(out.rows[2]?.["stage"]).toBe("B");
    out = applyOps(out, [{ op: "move", id: "a1", stage: "B", before: "b1" }]);
    expect(ids(out.rows)).toEqual(["a2", "a1", "b1", "c1"]);
  });

  it("adds, renames, moves and deletes stages", () => {
    let out = applyOps(tables, [{ op: "add_stage", stage: "N", index: 1, record: { stage: "N", description: "d", goal: null } }]);
    expect(names(out.stages)).toEqual(["A", "N", "B", "C"]);
    expect(out.stages[1]).toEqual({ stage: "N", description: "d", goal: null });
    out = applyOps(out, [{ op: "add_stage", stage: "Z", index: null }]);
    expect(names(out.stages)).toEqual(["A", "N", "B", "C", "Z"]);
    out = applyOps(out, [{ op: "rename_stage", stage: "A", to: "First" }]);
    expect(names(out.stages)[0]).toBe("First");
    expect(out.rows.filter((r) => r["stage"] === "First")).toHaveLength(2);
    out = applyOps(out, [{ op: "move_stage", stage: "Z", index: 0 }]);
    expect(names(out.stages)).toEqual(["Z", "First", "N", "B", "C"]);
    // Rows follow the stages, as Python keeps its DataFrame in map order.
    out = applyOps(out, [{ op: "move_stage", stage: "B", index: 0 }]);
    expect(names(out.stages)).toEqual(["B", "Z", "First", "N", "C"]);
    expect(ids(out.rows)).toEqual(["b1", "a1", "a2"]);
    out = applyOps(out, [{ op: "move_stage", stage: "B", index: 3 }]);
    expect(ids(out.rows)).toEqual(["a1", "a2", "b1"]);
    // Python sends a stage deletion as the moves of its touchpoints, then the deletion.
    out = applyOps(out, [
      { op: "move", id: "a1", stage: "B", before: null },
      { op: "move", id: "a2", stage: "B", before: null },
      { op: "delete_stage", stage: "First" },
    ]);
    expect(names(out.stages)).toEqual(["Z", "N", "B", "C"]);
    expect(ids(out.rows)).toEqual(["b1", "a1", "a2"]);
  });

  it("applies batches in order and ignores ops without a table effect", () => {
    const out = applyOps(tables, [
      { op: "batch", ops: [{ op: "delete", id: "a1" }, { op: "set", id: "a2", column: "touchpoint", value: "Y" }] },
      { op: "restore_stage_refs", stage: "A" } as never,
      null,
    ]);
    expect(ids(out.rows)).toEqual(["a2", "b1"]);
    expect(out.rows[0]?.["touchpoint"]).toBe("Y");
  });
});

describe("combine", () => {
  it("stands one op for itself and several for a batch", () => {
    const del = { op: "delete", id: "x" } as const;
    expect(combine([])).toBeNull();
    expect(combine([del])).toBe(del);
    expect(combine([del, del])).toEqual({ op: "batch", ops: [del, del] });
  });
});
