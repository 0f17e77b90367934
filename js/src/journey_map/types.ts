/**
 * The traits of the Python `JourneyMap` widget: the contract with
 * cjm_widgets (Python). Names and shapes must match it exactly.
 */

export type Scalar = string | number | boolean | null;

export type MapKind = "current" | "future" | "day-in-the-life";

export interface Stage {
  stage: string;
  description: string | null;
  goal: string | null;
}

/**
 * One touchpoint. Canonical keys: id, stage, touchpoint, channel, action,
 * thought, emotion (number | null), pain_point, opportunity, persona; any
 * other key is a user's extra column.
 */
export type Row = Readonly<Record<string, Scalar | undefined>>;

// A type alias (not an interface) so it satisfies anywidget's ObjectHash index signature.
export type JourneyMapTraits = {
  title: string;
  kind: MapKind;
  _stages: Stage[];
  _rows: Row[];
  lanes: string[];
  emotion_scale: [number, number];
};

/** Traits whose change re-renders the map. */
export const TRAITS: ReadonlyArray<keyof JourneyMapTraits> = [
  "title",
  "kind",
  "_stages",
  "_rows",
  "lanes",
  "emotion_scale",
];
