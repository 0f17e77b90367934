/**
 * Everything a view draws, read from the model in one place (defensively:
 * during start-up some traits may still be undefined), with this view's
 * pending values overlaid.
 */
import type { AnyModel } from "@anywidget/types";
import { normaliseScale } from "./emotion";
import { readColumns, type Columns } from "./column_kinds";
import { buildLayout, type Layout } from "./layout";
import { resolveLanes } from "./lanes";
import { locksOf, readLocked, type Locks } from "./locking";
import { readMetricLanes, type MetricLanes } from "./metric_lanes";
import { readMarkers, type Markers } from "./markers";
import type { PendingCells } from "./pending";
import { readPersonas, rowsForPersona, type PersonaChoice } from "./personas";
import type { JourneyMapTraits, Row } from "./types";

export type Model = AnyModel<JourneyMapTraits>;

export interface MapState {
  title: string;
  kind: string;
  language: string;
  layout: Layout;
  lanes: string[];
  scale: [number, number];
  editable: boolean;
  selected: string | null;
  /** Touchpoint ids selected from outside (a linked widget or Python). */
  selectedTouchpoints: ReadonlySet<string>;
  markers: Markers;
  locks: Locks;
  /** The persona shown (null: all) and every persona of the map. */
  persona: string | null;
  personas: PersonaChoice[];
  columns: Columns;
  metrics: MetricLanes;
  /** True when cell (id, column) shows a value Python has not confirmed yet. */
  pending: (id: string, column: string) => boolean;
}

const text = (value: unknown): string => (typeof value === "string" ? value : "");

function modelRows(model: Model): Row[] {
  const rows = model.get("_rows");
  return Array.isArray(rows) ? rows.filter((r): r is Row => typeof r === "object" && r !== null) : [];
}

function readSelection(raw: unknown): ReadonlySet<string> {
  return new Set(Array.isArray(raw) ? raw.filter((id): id is string => typeof id === "string") : []);
}

export function readState(model: Model, pending: PendingCells): MapState {
  const rows = modelRows(model);
  const selected = model.get("selected_stage");
  const persona = model.get("persona");
  const shown = typeof persona === "string" && persona !== "" ? persona : null;
  return {
    title: text(model.get("title")),
    kind: text(model.get("kind")),
    language: text(model.get("language")),
    layout: buildLayout(model.get("_stages"), rowsForPersona(pending.overlay(rows), shown)),
    lanes: resolveLanes(model.get("lanes")),
    scale: normaliseScale(model.get("emotion_scale")),
    editable: model.get("editable") === true,
    selected: typeof selected === "string" ? selected : null,
    selectedTouchpoints: readSelection(model.get("selected_touchpoints")),
    markers: readMarkers(model.get("markers")),
    locks: locksOf(readLocked(model.get("locked"))),
    persona: shown,
    personas: readPersonas(model.get("_personas")),
    columns: readColumns(model.get("_columns"), rows),
    metrics: readMetricLanes(model.get("_metrics")),
    pending: (id, column) => pending.has(id, column),
  };
}
