/**
 * Details of a metric cell on hover or keyboard focus: the metric, its stage
 * or touchpoint, the segment and every period's value. A tooltip placed
 * under the cell with the popover helper; the cell points to it with
 * aria-describedby while it is open. Escape closes it.
 */
import { el } from "../core/dom";
import { translate } from "../core/i18n";
import { placeBelow, uniqueId } from "../core/popover";
import type { MapContext } from "./context";
import { formatMetric, metricFormat } from "./metric_format";
import { labels, metricOf, valuesByTarget } from "./metric_lanes";
import type { MapState } from "./state";
import "./metric_details.css";

const CELL = ".cjm-metric-cell[data-series]";

/** The lines of a cell's details, as [label, value] pairs (text only). */
export function metricDetails(cell: Element, state: MapState): Array<[string, string]> | null {
  const lane = cell.getAttribute("data-lane") ?? "";
  const name = metricOf(lane);
  const data = name === null ? undefined : state.metrics.lanes.get(name);
  const series = data?.series[Number(cell.getAttribute("data-series"))];
  if (name === null || !data || !series) return null;
  const t = translate(labels, state.language);
  const id = cell.getAttribute("data-id");
  const stage = cell.getAttribute("data-stage") ?? "";
  const format = metricFormat(name, data);
  const show = (v: number | null | undefined): string => (v === null || v === undefined ? `– (${t("missing")})` : formatMetric(v, format, state.language || undefined));
  const values = valuesByTarget(series, data.periods.length).get(series.level === "stage" ? stage : (id ?? "")) ?? [];
  const row = id === null ? null : state.layout.columns.find((c) => c.row !== null && String(c.row["id"]) === id)?.row;
  const lines: Array<[string, string]> = [[t("metric"), name]];
  lines.push(series.level === "stage" ? [t("stage"), stage] : [t("touchpoint"), String(row?.["touchpoint"] ?? id)]);
  if (series.segment !== null) lines.push([t("segment"), series.segment]);
  if (data.periods.length === 0) lines.push([t("value"), show(values[0])]);
  else data.periods.forEach((period, i) => lines.push([period, show(values[i])]));
  return lines;
}

export function installMetricDetails(ctx: MapContext): () => void {
  const { root } = ctx;
  const id = uniqueId("cjm-metric-details");
  let open: { cell: Element; tip: HTMLElement } | null = null;

  const close = (): void => {
    if (!open) return;
    open.cell.removeAttribute("aria-describedby");
    open.tip.remove();
    open = null;
  };
  const show = (cell: Element): void => {
    if (open?.cell === cell) return;
    close();
    const lines = metricDetails(cell, ctx.state());
    if (!lines) return;
    const tip = el("div", { className: "cjm-metric-details", attrs: { id, role: "tooltip" } }, [
      el(
        "dl",
        {},
        lines.flatMap(([term, value]) => [el("dt", { attrs: { dir: "auto" }, text: term }), el("dd", { attrs: { dir: "auto" }, text: value })]),
      ),
    ]);
    root.append(tip);
    placeBelow(tip, cell, root);
    cell.setAttribute("aria-describedby", id);
    open = { cell, tip };
  };
  const cellOf = (target: EventTarget | null): Element | null => (target as Element | null)?.closest?.(CELL) ?? null;

  const onOver = (event: Event): void => {
    const cell = cellOf(event.target);
    if (cell) show(cell);
  };
  const onOut = (event: Event): void => {
    const next = (event as FocusEvent).relatedTarget as Node | null;
    if (open && !(next && open.cell.contains(next))) close();
  };
  const onKey = (event: KeyboardEvent): void => {
    if (event.key === "Escape" && open) {
      close();
      event.stopPropagation();
    }
  };
  root.addEventListener("pointerover", onOver);
  root.addEventListener("pointerout", onOut);
  root.addEventListener("focusin", onOver);
  root.addEventListener("focusout", onOut);
  root.addEventListener("keydown", onKey);
  return () => {
    close();
    root.removeEventListener("pointerover", onOver);
    root.removeEventListener("pointerout", onOut);
    root.removeEventListener("focusin", onOver);
    root.removeEventListener("focusout", onOut);
    root.removeEventListener("keydown", onKey);
  };
}
