/**
 * Lanes are the map's rows. The built-in ones have their own label and
 * rendering; any other lane name is a user's extra column shown as text and
 * labelled with the column name itself. `channel` is built in but hidden by
 * default: the touchpoint lane already shows it as a badge.
 */

import { translate, type Labels } from "../core/i18n";

export type BuiltinLane = "touchpoint" | "channel" | "action" | "thought" | "emotion" | "pain_point" | "opportunity";

const BUILTIN_LABELS = {
  touchpoint: { en: "Touchpoint", zh: "触点", lv: "Saskares punkts" },
  channel: { en: "Channel", zh: "渠道", lv: "Kanāls" },
  action: { en: "Action", zh: "行为", lv: "Darbība" },
  thought: { en: "Thought", zh: "想法", lv: "Doma" },
  emotion: { en: "Emotion", zh: "情绪", lv: "Emocijas" },
  pain_point: { en: "Pain point", zh: "痛点", lv: "Sāpju punkts" },
  opportunity: { en: "Opportunity", zh: "机会", lv: "Iespēja" },
} satisfies Labels<BuiltinLane>;

const VALUE_LABELS = {
  yes: { en: "Yes", zh: "是", lv: "Jā" },
  no: { en: "No", zh: "否", lv: "Nē" },
} satisfies Labels<string>;

export const DEFAULT_LANES: ReadonlyArray<BuiltinLane> = [
  "touchpoint",
  "action",
  "thought",
  "emotion",
  "pain_point",
  "opportunity",
];

export function isBuiltinLane(lane: string): lane is BuiltinLane {
  return Object.prototype.hasOwnProperty.call(BUILTIN_LABELS, lane);
}

/** A lane's label in `language` ("" = the page's); a user's column keeps its own name. */
export function laneLabel(lane: string, language = ""): string {
  if (isBuiltinLane(lane)) return translate(BUILTIN_LABELS, language)(lane);
  return lane.startsWith("metric:") ? lane.slice("metric:".length) : lane;
}

/** Columns that never become a lane of their own (the touchpoint lane shows them). */
export const NOT_LANES: ReadonlySet<string> = new Set(["id", "stage", "touchpoint"]);

/** Every lane a user may show: the built-in ones, the table's other columns, then `metric:<name>` per metric. */
export function availableLanes(columns: Iterable<string>, metrics: Iterable<string> = []): string[] {
  const out: string[] = ["touchpoint", "channel", "action", "thought", "emotion", "pain_point", "opportunity"];
  for (const name of columns) if (!NOT_LANES.has(name) && !out.includes(name)) out.push(name);
  for (const name of metrics) if (!out.includes(`metric:${name}`)) out.push(`metric:${name}`);
  return out;
}

/** The lanes to draw, in order: strings only, each once (cells are addressed by lane name). */
export function resolveLanes(lanes: unknown): string[] {
  if (!Array.isArray(lanes)) return [...DEFAULT_LANES];
  const out: string[] = [];
  for (const lane of lanes) {
    if (typeof lane === "string" && lane !== "" && !out.includes(lane)) out.push(lane);
  }
  return out;
}

/** How a cell value reads as text; null/undefined/"" stay blank. */
export function formatValue(value: unknown, language = ""): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "boolean") return translate(VALUE_LABELS, language)(value ? "yes" : "no");
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  return String(value);
}
