/**
 * The edit ops of docs/sync-protocol.md and their pure application to the
 * view's copy of the tables. Ops name rows by id, never by position; where a
 * row lands is resolved exactly as Python's `_slot` (sync/touchpoint_ops.py)
 * does, so a view's per-stage order always matches Python's.
 */

export type Scalar = string | number | boolean | null;

/** A table record as JSON (rows and stages alike). */
export type Rec = Readonly<Record<string, unknown>>;

export type Op =
  | { op: "set"; id: string; column: string; value: Scalar }
  | { op: "insert"; row: Rec; before: string | null }
  | { op: "delete"; id: string }
  | { op: "move"; id: string; stage: string; before: string | null }
  | { op: "add_stage"; stage: string; index: number | null; description?: string; goal?: string; record?: Rec }
  | { op: "rename_stage"; stage: string; to: string }
  | { op: "delete_stage"; stage: string; touchpoints?: "remove" | "move"; to?: string }
  | { op: "move_stage"; stage: string; index: number }
  | { op: "batch"; ops: Op[] };

export interface Tables {
  stages: Rec[];
  rows: Rec[];
}

const text = (value: unknown): string => (value === null || value === undefined ? "" : String(value));

export const stageName = (record: Rec): string => text(record["stage"]);

/** Table position for a row going to `stage` before row `before` (null or elsewhere: last in the stage). */
export function slot(rows: readonly Rec[], stageNames: readonly string[], stage: string, before: unknown): number {
  if (typeof before === "string") {
    const at = rows.findIndex((r) => r["id"] === before);
    if (at >= 0 && stageName(rows[at] as Rec) === stage) return at;
  }
  const order = new Map(stageNames.map((name, i) => [name, i]));
  const target = order.get(stage) ?? order.size;
  let position = 0;
  rows.forEach((row, i) => {
    if ((order.get(stageName(row)) ?? order.size) <= target) position = i + 1;
  });
  return position;
}

const clamp = (n: number, low: number, high: number): number => Math.max(low, Math.min(high, n));

function insertAt<T>(items: readonly T[], index: number, item: T): T[] {
  return [...items.slice(0, index), item, ...items.slice(index)];
}

function applyOne(tables: Tables, raw: unknown): Tables {
  if (typeof raw !== "object" || raw === null) return tables;
  const op = raw as Record<string, unknown>;
  const { stages, rows } = tables;
  const names = stages.map(stageName);
  switch (op["op"]) {
    case "set":
      return { stages, rows: rows.map((r) => (r["id"] === op["id"] ? { ...r, [text(op["column"])]: op["value"] } : r)) };
    case "insert": {
      const row = op["row"] as Rec | undefined;
      if (typeof row !== "object" || row === null) return tables;
      return { stages, rows: insertAt(rows, slot(rows, names, stageName(row), op["before"]), row) };
    }
    case "delete":
      return { stages, rows: rows.filter((r) => r["id"] !== op["id"]) };
    case "move": {
      const row = rows.find((r) => r["id"] === op["id"]);
      if (!row) return tables;
      const rest = rows.filter((r) => r !== row);
      const stage = text(op["stage"]);
      const before = op["before"] === op["id"] ? null : op["before"];
      return { stages, rows: insertAt(rest, slot(rest, names, stage, before), { ...row, stage }) };
    }
    case "add_stage": {
      const stage = text(op["stage"]);
      const record: Rec = (op["record"] as Rec | undefined) ?? {
        stage,
        description: op["description"] ?? null,
        goal: op["goal"] ?? null,
      };
      const index = typeof op["index"] === "number" ? clamp(op["index"], 0, stages.length) : stages.length;
      return { stages: insertAt(stages, index, { ...record, stage }), rows };
    }
    case "rename_stage": {
      const rename = (r: Rec): Rec => (stageName(r) === op["stage"] ? { ...r, stage: op["to"] } : r);
      return { stages: stages.map(rename), rows: rows.map(rename) };
    }
    case "move_stage": {
      const stage = stages.find((s) => stageName(s) === op["stage"]);
      if (!stage || typeof op["index"] !== "number") return tables;
      const rest = stages.filter((s) => s !== stage);
      const moved = insertAt(rest, clamp(op["index"], 0, rest.length), stage);
      // Rows follow the map, as in Python: grouped by stage in the new order (a stable sort).
      const rank = new Map(moved.map((s, i) => [stageName(s), i]));
      const order = (r: Rec): number => rank.get(stageName(r)) ?? moved.length;
      return { stages: moved, rows: [...rows].sort((a, b) => order(a) - order(b)) };
    }
    case "delete_stage":
      // Python sends the moves/deletes of its touchpoints first; drop any leftovers the same way.
      return { stages: stages.filter((s) => stageName(s) !== op["stage"]), rows: rows.filter((r) => stageName(r) !== op["stage"]) };
    case "batch":
      return applyOps(tables, Array.isArray(op["ops"]) ? op["ops"] : []);
    default:
      // Ops with no effect on the view's tables (e.g. restore_stage_refs) are ignored.
      return tables;
  }
}

/** The tables after `ops`, applied in order; the inputs are not modified. */
export function applyOps(tables: Tables, ops: readonly unknown[]): Tables {
  return ops.reduce<Tables>(applyOne, tables);
}

/** One op standing for a patch's ops as applied (several become a batch). */
export function combine(ops: readonly Op[]): Op | null {
  if (ops.length === 0) return null;
  return ops.length === 1 ? (ops[0] as Op) : { op: "batch", ops: [...ops] };
}
