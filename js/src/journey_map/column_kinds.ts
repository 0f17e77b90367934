/**
 * Which columns a view may edit and how, from the `_columns` trait (Python's
 * `column_kind`, schema/cell_values.py). Without it (an older kernel),
 * canonical columns use their known kinds and extra columns are guessed from
 * their values.
 */
import type { ColumnKind, ColumnSpec, Row } from "./types";

const KINDS = new Set<ColumnKind>(["text", "number", "integer", "boolean", "datetime", "category", "readonly"]);

const CANONICAL: Readonly<Record<string, ColumnKind>> = {
  id: "readonly",
  stage: "readonly", // a touchpoint changes stage by moving, not by typing
  touchpoint: "text",
  channel: "text",
  action: "text",
  thought: "text",
  emotion: "number",
  pain_point: "text",
  opportunity: "text",
  persona: "text",
};

export type Columns = ReadonlyMap<string, ColumnSpec>;

function asSpec(value: unknown): ColumnSpec | null {
  if (typeof value !== "object" || value === null) return null;
  const { name, kind, options } = value as Record<string, unknown>;
  if (typeof name !== "string" || !KINDS.has(kind as ColumnKind)) return null;
  const spec: ColumnSpec = { name, kind: kind as ColumnKind };
  if (Array.isArray(options)) spec.options = options.map(String);
  return spec;
}

function guess(name: string, rows: readonly Row[]): ColumnKind {
  const value = rows.map((r) => r[name]).find((v) => v !== null && v !== undefined);
  if (typeof value === "boolean") return "boolean";
  if (typeof value === "number") return "number";
  return "text";
}

export function readColumns(raw: unknown, rows: readonly Row[]): Columns {
  const out = new Map<string, ColumnSpec>();
  for (const spec of (Array.isArray(raw) ? raw : []).map(asSpec)) if (spec) out.set(spec.name, spec);
  if (out.size === 0) {
    for (const name of new Set(rows.flatMap((r) => Object.keys(r)))) {
      out.set(name, { name, kind: CANONICAL[name] ?? guess(name, rows) });
    }
  }
  // id and stage are never typed into, whatever the kernel says.
  for (const name of ["id", "stage"]) if (out.has(name)) out.set(name, { name, kind: "readonly" });
  return out;
}

/** The edit kind of a column; columns the map does not know are read-only. */
export function kindOf(columns: Columns, name: string): ColumnKind {
  return columns.get(name)?.kind ?? "readonly";
}
