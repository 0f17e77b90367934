/**
 * The traits of the Python `JourneyMap` widget: the contract with
 * cjm_widgets (Python), see docs/sync-protocol.md. Names and shapes must
 * match it exactly.
 */
import type { MAP_DATA_TRAITS, MAP_VIEW_TRAITS, SETTABLE_TRAITS } from "./view_traits";

export type Scalar = string | number | boolean | null;

export type MapKind = "current" | "future" | "day-in-the-life";

export interface Stage {
  stage: string;
  description: string | null;
  goal: string | null;
  /** Time of day of a day-in-the-life stage (the stages table's optional `time` column). */
  time?: string | null;
}

/**
 * One touchpoint. Canonical keys: id, stage, touchpoint, channel, action,
 * thought, emotion (number | null), pain_point, opportunity, persona; any
 * other key is a user's extra column.
 */
export type Row = Readonly<Record<string, Scalar | undefined>>;

/** How a column's cells are edited (Python's `column_kind`, schema/cell_values.py). */
export type ColumnKind = "text" | "number" | "integer" | "boolean" | "datetime" | "category" | "readonly";

export interface ColumnSpec {
  name: string;
  kind: ColumnKind;
  options?: string[];
}

// A type alias (not an interface) so it satisfies anywidget's ObjectHash index signature.
export type JourneyMapTraits = {
  title: string;
  kind: MapKind;
  _stages: Stage[];
  _rows: Row[];
  /** Revision of `_stages` / `_rows`; edits say which revision they were made on. */
  _rev?: number;
  _columns?: ColumnSpec[];
  lanes: string[];
  emotion_scale: [number, number];
  editable?: boolean;
  selected_stage?: string | null;
  /** Ids of the touchpoints selected (e.g. by a linked flow view); their cards are highlighted. */
  selected_touchpoints?: string[];
  /** Badges put on the map by analyses (see markers.ts). */
  markers?: unknown[];
  language?: string;
  /** Lanes and stages the page may not change (a classroom exercise's frame). */
  locked?: string[];
  /** The persona whose touchpoints the map shows (null: all). */
  persona?: string | null;
  /** The persona switcher's choices. */
  _personas?: unknown[];
  /** Why the last autosave write failed (Python's message), or null. */
  autosave_error?: string | null;
  /** Data of the shown metric lanes, aggregated by Python (see metric_lanes.ts). */
  _metrics?: unknown;
};

/** A trait declared above; a name that is not one fails typechecking where it is used. */
type DeclaredTrait<Name extends keyof JourneyMapTraits> = Name;

/** Every trait named in view_traits.ts: tsc fails here if one is not declared in JourneyMapTraits. */
export type ListedTrait = DeclaredTrait<(typeof MAP_DATA_TRAITS | typeof MAP_VIEW_TRAITS | typeof SETTABLE_TRAITS)[number]>;

/** A trait a view may set by message (`set_trait`): one of SETTABLE_TRAITS. */
export type SettableTrait = DeclaredTrait<(typeof SETTABLE_TRAITS)[number]>;

/** Traits whose change redraws the whole grid (unless a patch being applied caused it). */
export const GRID_TRAITS: ReadonlyArray<keyof JourneyMapTraits> = [
  "_stages",
  "_rows",
  "_columns",
  "lanes",
  "emotion_scale",
  "editable",
  "markers",
  "locked",
  // A day in the life draws its stage headers as times of day.
  "kind",
  // Every label of the map is in this language.
  "language",
  "persona",
  "_personas",
];

/** Traits shown in the header only. */
export const HEADER_TRAITS: ReadonlyArray<keyof JourneyMapTraits> = ["title"];
