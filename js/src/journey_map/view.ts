/**
 * Builds the whole map (header + grid) from plain state. One CSS grid:
 * column 1 holds the sticky lane labels, then one column per touchpoint.
 * Each ARIA row is a subgrid row spanning all columns, so the grid keeps
 * its row semantics while the columns line up across lanes.
 */
import { el, type ElOptions } from "../core/dom";
import { textLaneContent, touchpointContent } from "./cells";
import { segments, toScore, zeroY } from "./emotion";
import { emotionCellContent } from "./emotion_cell";
import { isBuiltinLane, formatValue, laneLabel } from "./lanes";
import type { Column, Layout, StageGroup } from "./layout";

export interface MapState {
  title: string;
  kind: string;
  layout: Layout;
  lanes: string[];
  scale: [number, number];
}

const KIND_LABELS: Readonly<Record<string, string>> = {
  current: "Current state",
  future: "Future state",
  "day-in-the-life": "Day in the life",
};

export function kindLabel(kind: string): string {
  return KIND_LABELS[kind] ?? kind;
}

/** A focusable grid cell placed at 1-based grid column `col` spanning `span` columns. */
function cell(role: string, col: number, span: number, opts: ElOptions, children: Node[] = []): HTMLDivElement {
  const attrs = { ...opts.attrs, role, "aria-colindex": col, "aria-colspan": span > 1 ? span : null };
  const node = el("div", { ...opts, attrs }, children);
  node.style.gridColumn = `${col} / span ${span}`;
  return node;
}

function row(className: string, cells: Node[]): HTMLDivElement {
  return el("div", { className: ["cjm-row", className], attrs: { role: "row" } }, cells);
}

function stageHeader(group: StageGroup): HTMLDivElement {
  const { stage, description, goal } = group.stage;
  return cell(
    "columnheader",
    group.start + 2,
    group.span,
    { className: ["cjm-cell", "cjm-stage-header"], attrs: { "data-stage": stage } },
    [
      el("div", { className: "cjm-stage-name", attrs: { dir: "auto" }, text: stage }),
      description === null ? null : el("div", { className: "cjm-stage-description", attrs: { dir: "auto" }, text: description }),
      goal === null
        ? null
        : el("div", { className: "cjm-stage-goal" }, [
            el("span", { className: "cjm-stage-goal-label", text: "Goal: " }),
            el("span", { attrs: { dir: "auto" }, text: goal }),
          ]),
    ].filter((n): n is HTMLDivElement => n !== null),
  );
}

function laneCell(lane: string, column: Column, content: Node[], extraClasses: string[]): HTMLDivElement {
  const id = column.row === null ? null : formatValue(column.row["id"]);
  const empty = content.length === 0;
  return cell(
    "gridcell",
    column.index + 2,
    1,
    {
      className: [
        "cjm-cell",
        "cjm-lane-cell",
        isBuiltinLane(lane) ? `cjm-lane-${lane}` : "cjm-lane-extra",
        column.stageStart && "cjm-stage-start",
        column.stageEnd && "cjm-stage-end",
        empty && "cjm-empty",
        ...extraClasses,
      ],
      // Emotion cells hold geometry, not text: their direction must stay fixed.
      attrs: { "data-lane": lane, "data-stage": column.stage, "data-id": id, dir: lane === "emotion" ? null : "auto" },
    },
    content,
  );
}

function laneRow(lane: string, state: MapState): HTMLDivElement {
  const { columns } = state.layout;
  const label = cell("rowheader", 1, 1, {
    className: ["cjm-cell", "cjm-lane-label"],
    attrs: { "data-lane": lane, dir: "auto" },
    text: laneLabel(lane),
  });
  let cells: HTMLDivElement[];
  if (lane === "emotion") {
    const pieces = segments(columns.map((c) => toScore(c.row?.["emotion"])), state.scale);
    const zero = zeroY(state.scale);
    cells = columns.map((column, i) => {
      const score = toScore(column.row?.["emotion"]);
      const touchpoint = column.row === null ? "" : formatValue(column.row["touchpoint"]);
      const content = emotionCellContent({ segment: pieces[i] ?? null, score, zero, touchpoint });
      // The zero line alone does not make the cell non-empty.
      const node = laneCell(lane, column, content, []);
      node.classList.toggle("cjm-empty", score === null);
      return node;
    });
  } else if (lane === "touchpoint") {
    cells = columns.map((column) => laneCell(lane, column, touchpointContent(column.row), []));
  } else {
    cells = columns.map((column) => {
      const content = textLaneContent(column.row, lane);
      // Tint only filled pain points / opportunities: empty cells stay blank.
      const tint = content.length === 0 ? [] : lane === "pain_point" ? ["cjm-pain"] : lane === "opportunity" ? ["cjm-opportunity"] : [];
      return laneCell(lane, column, content, tint);
    });
  }
  return row("cjm-lane-row", [label, ...cells]);
}

function header(state: MapState): HTMLElement {
  const label = kindLabel(state.kind);
  return el("div", { className: "cjm-header" }, [
    el("div", { className: "cjm-title", attrs: { dir: "auto" }, text: state.title }),
    label === "" ? null : el("span", { className: ["cjm-kind", `cjm-kind-${state.kind}`], text: label }),
  ]);
}

/** The nodes making up the map, to put inside the `.cjm-journey-map` root. */
export function renderMap(state: MapState): HTMLElement[] {
  const { layout } = state;
  if (layout.columns.length === 0) {
    return [header(state), el("div", { className: "cjm-empty-map", text: "This journey map has no stages yet." })];
  }
  const headerRow = row("cjm-header-row", [
    cell("columnheader", 1, 1, { className: ["cjm-cell", "cjm-corner"], text: "Stage" }),
    ...layout.stages.map(stageHeader),
  ]);
  const grid = el(
    "div",
    {
      className: "cjm-grid",
      // Force LTR: the emotion geometry and the sticky label column assume it.
      attrs: { role: "grid", "aria-label": state.title || "Customer journey map", "aria-colcount": layout.columns.length + 1, dir: "ltr" },
    },
    [headerRow, ...state.lanes.map((lane) => laneRow(lane, state))],
  );
  grid.style.setProperty("--cjm-columns", String(layout.columns.length));
  return [header(state), el("div", { className: "cjm-scroll" }, [grid])];
}
