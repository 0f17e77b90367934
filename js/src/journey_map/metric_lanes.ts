/**
 * Metric lanes: a lane `metric:<name>` shows one metric of the journey, from
 * the `_metrics` trait Python aggregates (cjm_widgets/sync/metric_lanes.py).
 *
 * One sub-row per series (stage-level or touchpoint-level, per segment): a
 * stage-level value spans its stage's columns, a touchpoint-level one sits
 * under its card. Each cell shows the latest value as text (missing reads
 * "–", never 0), a tint for where it sits in the metric's range, and with
 * periods a sparkline. Cells are read-only: they carry `cjm-metric-cell`,
 * not `cjm-lane-cell`, so editing and dragging leave them alone.
 */
import { el } from "../core/dom";
import { translate, type Labels } from "../core/i18n";
import type { StageGroup } from "./layout";
import { formatMetric, level, metricFormat, tintFor, type MetricFormat } from "./metric_format";
import { sparkline } from "./sparkline";
import type { MapState } from "./state";
import "./metric_lanes.css";

export const labels = {
  noValues: { en: "No values for this metric", zh: "此指标没有数值", lv: "Šim rādītājam nav vērtību" },
  missing: { en: "missing", zh: "缺失", lv: "nav datu" },
  latestOf: { en: "latest of {count} periods", zh: "{count} 个周期中的最新值", lv: "jaunākā no {count} periodiem" },
  stage: { en: "Stage", zh: "阶段", lv: "Posms" },
  touchpoint: { en: "Touchpoint", zh: "触点", lv: "Saskarsmes punkts" },
  segment: { en: "Segment", zh: "细分", lv: "Segments" },
  value: { en: "Value", zh: "数值", lv: "Vērtība" },
  byStage: { en: "per stage", zh: "按阶段", lv: "pa posmiem" },
  metric: { en: "Metric", zh: "指标", lv: "Rādītājs" },
} satisfies Labels<string>;

export type MetricLabel = keyof typeof labels;

export const METRIC_PREFIX = "metric:";

export interface MetricSeries {
  level: "stage" | "touchpoint";
  segment: string | null;
  targets: string[];
  /** `targets.length * max(1, periods.length)` values, target by target; null = missing. */
  values: Array<number | null>;
}

export interface MetricLane {
  periods: string[];
  min: number | null;
  max: number | null;
  integers: boolean;
  series: MetricSeries[];
}

export interface MetricLanes {
  /** Every metric of the journey (the lanes panel offers them). */
  names: string[];
  lanes: ReadonlyMap<string, MetricLane>;
}

/** The metric a lane shows, or null for other lanes. */
export function metricOf(lane: string): string | null {
  return lane.startsWith(METRIC_PREFIX) ? lane.slice(METRIC_PREFIX.length) : null;
}

const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

/**
 * A series' values: Python sends them as a little-endian float64 buffer (a
 * DataView once ipywidgets has put the binary frame back in place); plain
 * arrays are accepted too. NaN (missing) becomes null.
 */
export function readValues(raw: unknown): Array<number | null> {
  if (Array.isArray(raw)) return raw.map(num);
  const view = raw instanceof DataView ? raw : ArrayBuffer.isView(raw) ? new DataView(raw.buffer, raw.byteOffset, raw.byteLength) : raw instanceof ArrayBuffer ? new DataView(raw) : null;
  if (view === null) return [];
  const out = new Array<number | null>(Math.floor(view.byteLength / 8));
  for (let i = 0; i < out.length; i += 1) out[i] = num(view.getFloat64(i * 8, true));
  return out;
}
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === "string") : []);

function readSeries(raw: unknown): MetricSeries | null {
  if (typeof raw !== "object" || raw === null) return null;
  const r = raw as Record<string, unknown>;
  if (r["level"] !== "stage" && r["level"] !== "touchpoint") return null;
  return {
    level: r["level"],
    segment: typeof r["segment"] === "string" && r["segment"] !== "" ? r["segment"] : null,
    targets: strings(r["targets"]),
    values: readValues(r["values"]),
  };
}

// The trait's value is replaced, never mutated: decode each value once, however often a view reads its state.
const decoded = new WeakMap<object, MetricLanes>();

/** The `_metrics` trait, read defensively (it may be absent while a view starts). */
export function readMetricLanes(raw: unknown): MetricLanes {
  if (typeof raw !== "object" || raw === null) return decodeMetricLanes({});
  let found = decoded.get(raw);
  if (!found) {
    found = decodeMetricLanes(raw as Record<string, unknown>);
    decoded.set(raw, found);
  }
  return found;
}

function decodeMetricLanes(r: Record<string, unknown>): MetricLanes {
  const lanes = new Map<string, MetricLane>();
  const rawLanes = typeof r["lanes"] === "object" && r["lanes"] !== null ? (r["lanes"] as Record<string, unknown>) : {};
  for (const [name, value] of Object.entries(rawLanes)) {
    if (typeof value !== "object" || value === null) continue;
    const v = value as Record<string, unknown>;
    const series = (Array.isArray(v["series"]) ? v["series"] : []).map(readSeries).filter((s): s is MetricSeries => s !== null);
    lanes.set(name, { periods: strings(v["periods"]), min: num(v["min"]), max: num(v["max"]), integers: v["integers"] === true, series });
  }
  return { names: strings(r["names"]), lanes };
}

/** Per target, its values over the periods (one value when the metric has no periods). */
export function valuesByTarget(series: MetricSeries, periods: number): Map<string, Array<number | null>> {
  const width = Math.max(1, periods);
  const out = new Map<string, Array<number | null>>();
  series.targets.forEach((target, i) => out.set(target, series.values.slice(i * width, (i + 1) * width)));
  return out;
}

/** The value a cell shows: the latest period's (missing stays missing). */
export function latest(values: ReadonlyArray<number | null> | undefined): number | null {
  return values === undefined || values.length === 0 ? null : (values[values.length - 1] ?? null);
}

/** A sub-row's label: the metric, its segment, and "per stage" when the metric has both levels. */
export function seriesLabel(name: string, series: MetricSeries, bothLevels: boolean, t: (k: MetricLabel) => string): string {
  const parts = [name];
  if (series.segment !== null) parts.push(series.segment);
  if (bothLevels && series.level === "stage") parts.push(t("byStage"));
  return parts.join(" · ");
}

function gridCell(col: number, span: number, className: string[], attrs: Record<string, string | number | null>, children: Node[]): HTMLDivElement {
  const node = el("div", { className, attrs: { ...attrs, role: "gridcell", "aria-colindex": col, "aria-colspan": span > 1 ? span : null } }, children);
  node.style.gridColumn = `${col} / span ${span}`;
  return node;
}

interface CellInput {
  lane: string;
  name: string;
  data: MetricLane;
  format: MetricFormat;
  seriesIndex: number;
  label: string;
  values: ReadonlyArray<number | null> | undefined;
  /** The stage or touchpoint name a reader hears. */
  targetName: string;
}

function metricCell(input: CellInput, state: MapState, col: number, span: number, attrs: Record<string, string | null>, edges: string[]): HTMLDivElement {
  const t = translate(labels, state.language);
  const { data, values } = input;
  const value = latest(values);
  const text = formatMetric(value, input.format, state.language || undefined);
  const periods = data.periods.length;
  const spoken = value === null ? t("missing") : periods > 1 ? `${text} (${t("latestOf", { count: periods })})` : text;
  const children: Node[] = [el("span", { className: ["cjm-metric-value", value === null && "cjm-metric-missing"], attrs: { "aria-hidden": "true" }, text })];
  if (periods > 1 && values !== undefined && data.min !== null && data.max !== null) children.push(sparkline(values, data.min, data.max));
  const node = gridCell(
    col,
    span,
    ["cjm-cell", "cjm-metric-cell", ...edges, value === null ? "cjm-empty" : ""].filter((c) => c !== ""),
    { ...attrs, "data-lane": input.lane, "data-series": input.seriesIndex, "aria-label": `${input.label}, ${input.targetName}: ${spoken}` },
    children,
  );
  node.style.backgroundColor = tintFor(level(value, data.min, data.max));
  return node;
}

function labelCell(lane: string, text: string, segment: string | null): HTMLDivElement {
  const node = gridCell(1, 1, ["cjm-cell", "cjm-lane-label", "cjm-metric-label"], { "data-lane": lane, dir: "auto" }, []);
  node.textContent = text;
  if (segment !== null) node.setAttribute("data-segment", segment);
  return node;
}

function stageCells(input: Omit<CellInput, "values" | "targetName">, byTarget: Map<string, Array<number | null>>, stages: StageGroup[], state: MapState): HTMLDivElement[] {
  return stages.map((group) =>
    metricCell({ ...input, values: byTarget.get(group.stage.stage), targetName: group.stage.stage }, state, group.start + 2, group.span, { "data-stage": group.stage.stage }, ["cjm-stage-start", "cjm-stage-end"]),
  );
}

function touchpointCells(input: Omit<CellInput, "values" | "targetName">, byTarget: Map<string, Array<number | null>>, state: MapState): HTMLDivElement[] {
  return state.layout.columns.map((column) => {
    const edges = [column.stageStart ? "cjm-stage-start" : "", column.stageEnd ? "cjm-stage-end" : ""];
    if (column.row === null) {
      return gridCell(column.index + 2, 1, ["cjm-cell", "cjm-metric-cell", "cjm-empty", ...edges].filter((c) => c !== ""), { "data-lane": input.lane, "data-stage": column.stage }, []);
    }
    const id = String(column.row["id"] ?? "");
    const targetName = String(column.row["touchpoint"] ?? id);
    return metricCell({ ...input, values: byTarget.get(id), targetName }, state, column.index + 2, 1, { "data-id": id, "data-stage": column.stage }, edges);
  });
}

/** The grid rows of metric lane `lane` (one per series; one "no values" row when there are none). */
export function metricRows(lane: string, state: MapState): HTMLDivElement[] {
  const name = metricOf(lane) ?? lane;
  const t = translate(labels, state.language);
  const data = state.metrics.lanes.get(name);
  const row = (label: HTMLDivElement, cells: HTMLDivElement[]): HTMLDivElement =>
    el("div", { className: ["cjm-row", "cjm-metric-row"], attrs: { role: "row", "data-lane": lane } }, [label, ...cells]);
  const count = state.layout.columns.length;
  if (!data || data.series.length === 0) {
    const empty = gridCell(2, Math.max(1, count), ["cjm-cell", "cjm-metric-cell", "cjm-empty"], { "data-lane": lane }, [
      el("span", { className: "cjm-placeholder", text: t("noValues") }),
    ]);
    return [row(labelCell(lane, name, null), [empty])];
  }
  const format = metricFormat(name, data);
  const bothLevels = new Set(data.series.map((s) => s.level)).size > 1;
  return data.series.map((series, seriesIndex) => {
    const label = seriesLabel(name, series, bothLevels, t);
    const input = { lane, name, data, format, seriesIndex, label };
    const byTarget = valuesByTarget(series, data.periods.length);
    const cells = series.level === "stage" ? stageCells(input, byTarget, state.layout.stages, state) : touchpointCells(input, byTarget, state);
    return row(labelCell(lane, label, series.segment), cells);
  });
}
