/**
 * Builds the map (header + grid) from plain state. One CSS grid: column 1
 * holds the sticky lane labels, then one column per touchpoint. Each ARIA
 * row is a subgrid row spanning all columns, so the grid keeps its row
 * semantics while the columns line up across lanes.
 *
 * Cells are built one at a time by `buildCell` / `refreshCell`, so a patch
 * that changes one value redraws one cell instead of the grid.
 */
import { el, type ElOptions } from "../core/dom";
import { translate, type Labels } from "../core/i18n";
import { kindOf } from "./column_kinds";
import { segments, toScore, zeroY } from "./emotion";
import { renderEmotionCell, type EmotionCellInput } from "./emotion_cell";
import { textLaneContent, touchpointContent } from "./lane_cells";
import { isBuiltinLane, formatValue, laneLabel } from "./lanes";
import type { Column, StageGroup } from "./layout";
import { icon, lockBadge } from "./locking";
import { markerBadges } from "./markers";
import { metricOf, metricRows } from "./metric_lanes";
import { curveGroups, personaName, personaSlot } from "./personas";
import { groupLines, lineEnds } from "./emotion_lines";
import type { MapState } from "./state";
import type { Stage } from "./types";
import "./draw_grid.css";

const labels = {
  current: { en: "Current state", zh: "现状", lv: "Pašreizējā situācija" },
  future: { en: "Future state", zh: "未来状态", lv: "Nākotnes situācija" },
  "day-in-the-life": { en: "Day in the life", zh: "一天的生活", lv: "Dienas gaita" },
  addTouchpointTo: { en: "Add touchpoint to {stage}", zh: "向“{stage}”添加触点", lv: "Pievienot saskares punktu posmam “{stage}”" },
  stageActions: { en: "Stage {stage} actions", zh: "阶段“{stage}”的操作", lv: "Posma “{stage}” darbības" },
  goal: { en: "Goal: ", zh: "目标：", lv: "Mērķis: " },
  addStage: { en: "Add stage", zh: "添加阶段", lv: "Pievienot posmu" },
  addStageAtEnd: { en: "Add a stage at the end", zh: "在末尾添加一个阶段", lv: "Pievienot posmu beigās" },
  plusStage: { en: "+ Stage", zh: "+ 阶段", lv: "+ Posms" },
  noStages: { en: "This journey map has no stages yet.", zh: "这张旅程图还没有阶段。", lv: "Šai ceļojuma kartei vēl nav posmu." },
  corner: { en: "Stage", zh: "阶段", lv: "Posms" },
  map: { en: "Customer journey map", zh: "客户旅程图", lv: "Klienta ceļojuma karte" },
  lockedLane: {
    en: "Locked for this exercise: this lane cannot be changed",
    zh: "本练习已锁定：此泳道不能修改",
    lv: "Šim uzdevumam bloķēts: šo joslu nevar mainīt",
  },
  lockedStage: {
    en: "Locked for this exercise: this stage cannot be renamed, moved or deleted",
    zh: "本练习已锁定：此阶段不能重命名、移动或删除",
    lv: "Šim uzdevumam bloķēts: šo posmu nevar pārdēvēt, pārvietot vai dzēst",
  },
  timeOfDay: { en: "Time of day: {time}", zh: "时间：{time}", lv: "Diennakts laiks: {time}" },
  notConnected: {
    en: "Not connected to a kernel: edits are not saved.",
    zh: "未连接到内核：编辑不会被保存。",
    lv: "Nav savienojuma ar kodolu: labojumi netiek saglabāti.",
  },
  dismissMessage: { en: "Dismiss message", zh: "关闭消息", lv: "Aizvērt ziņojumu" },
  dismiss: { en: "Dismiss", zh: "关闭", lv: "Aizvērt" },
} satisfies Labels<string>;

type Key = keyof typeof labels;

/** Labels of this module in the map's language. */
export const viewText = (language: string): ((key: Key, values?: Record<string, string>) => string) => translate(labels, language);

export function kindLabel(kind: string, language = ""): string {
  return kind in labels ? viewText(language)(kind as Key) : kind;
}

// A stage name that reads as a clock time ("7:30", "07.30", "9 am", "21h") is its own time of day.
const CLOCK_TIME = /^\s*\d{1,2}([:.h]\d{2})?\s*(am|pm|h)?\s*$/i;

/** The time a day-in-the-life stage stands for: its `time` column, else a stage name that is a time. */
export function stageTime(stage: { stage: string; time?: string | null }): string | null {
  if (stage.time) return stage.time;
  return CLOCK_TIME.test(stage.stage) ? stage.stage.trim() : null;
}

function timeOfDay(stage: Stage, language: string): HTMLElement {
  const time = stageTime(stage);
  const label = time === null ? null : viewText(language)("timeOfDay", { time });
  // A stage named by its time shows the clock alone: the name below already says the time.
  const text = time === null || time === stage.stage.trim() ? null : time;
  return el("div", { className: "cjm-stage-time", attrs: { title: label, "aria-label": label } }, [
    icon("cjm-clock", ["M8 1.5a6.5 6.5 0 1 1 0 13a6.5 6.5 0 0 1 0-13z", "M8 4v4l2.5 2"]),
    text === null ? null : el("span", { attrs: { dir: "auto", "aria-hidden": "true" }, text }),
  ]);
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

function iconButton(className: string, label: string, stage: string, text = ""): HTMLButtonElement {
  return el("button", {
    className: ["cjm-icon-button", className],
    // In-cell buttons stay out of the tab order (one tab stop per grid); keys reach them from the cell.
    attrs: { type: "button", tabindex: -1, "data-stage": stage, "aria-label": label, title: label },
    text,
  });
}

function stageHeader(group: StageGroup, state: MapState): HTMLDivElement {
  const { stage, description, goal } = group.stage;
  const t = viewText(state.language);
  const selected = state.selected === stage;
  const locked = state.locks.stage(stage);
  const name = el("div", { className: "cjm-stage-name", attrs: { dir: "auto" } }, [locked ? lockBadge(t("lockedStage")) : null, stage]);
  const title = state.editable
    ? el("div", { className: "cjm-stage-title" }, [
        name,
        el("span", { className: "cjm-stage-controls" }, [
          state.locks.touchpoints ? null : iconButton("cjm-add-touchpoint", t("addTouchpointTo", { stage }), stage, "+"),
          iconButton("cjm-stage-menu", t("stageActions", { stage }), stage),
        ]),
      ])
    : name;
  const daytime = state.kind === "day-in-the-life";
  const menuButton = title.querySelector(".cjm-stage-menu");
  menuButton?.setAttribute("aria-haspopup", "menu");
  menuButton?.setAttribute("aria-expanded", "false");
  return cell(
    "columnheader",
    group.start + 2,
    group.span,
    {
      className: ["cjm-cell", "cjm-stage-header", selected && "cjm-selected", locked && "cjm-locked", daytime && "cjm-time-stage"],
      attrs: { "data-stage": stage, "aria-selected": selected ? "true" : null },
    },
    [
      daytime ? timeOfDay(group.stage, state.language) : null,
      title,
      description === null ? null : el("div", { className: "cjm-stage-description", attrs: { dir: "auto" }, text: description }),
      goal === null
        ? null
        : el("div", { className: "cjm-stage-goal" }, [
            el("span", { className: "cjm-stage-goal-label", text: t("goal") }),
            el("span", { attrs: { dir: "auto" }, text: goal }),
          ]),
      markerBadges(state.markers.forStage(stage)),
    ].filter((n): n is HTMLElement => n !== null),
  );
}

/** The columns a lane's cell shows (its pending state follows them). */
function laneColumns(lane: string): string[] {
  return lane === "touchpoint" ? ["touchpoint", "channel"] : [lane];
}

/** Emotion-cell inputs for every column (the curve needs its neighbours). */
export function emotionInputs(state: MapState): EmotionCellInput[] {
  const { columns } = state.layout;
  const rows = columns.map((c) => c.row);
  const scores = columns.map((c) => toScore(c.row?.["emotion"]));
  const groups = curveGroups(rows, state.personas, state.persona);
  const pieces = segments(scores, state.scale);
  // Several personas under "All": one line per persona, named at its end.
  const grouped = groups.some((g) => g !== null);
  const lines = grouped ? groupLines(scores, state.scale, groups) : null;
  const ends = grouped ? lineEnds(scores, groups) : new Map<string, number>();
  const slotOf = (persona: string): number | null => personaSlot({ persona }, state.personas);
  const zero = zeroY(state.scale);
  return columns.map((column, i) => ({
    lines: lines?.[i]?.map((line) => ({ path: line.path, slot: slotOf(line.group) })),
    lineLabel: groups[i] !== null && ends.get(groups[i] ?? "") === i ? { name: personaName(column.row, state.personas) ?? "", slot: personaSlot(column.row, state.personas) } : null,
    segment: pieces[i] ?? null,
    score: toScore(column.row?.["emotion"]),
    zero,
    touchpoint: column.row === null ? "" : formatValue(column.row["touchpoint"]),
    language: state.language,
    personaSlot: personaSlot(column.row, state.personas),
    personaName: personaName(column.row, state.personas),
    slider: state.editable && !state.locks.lane("emotion") && column.row !== null ? { id: formatValue(column.row["id"]), scale: state.scale } : null,
  }));
}

function cellClasses(lane: string, column: Column, state: MapState, empty: boolean): string[] {
  const id = column.row === null ? null : formatValue(column.row["id"]);
  const filled = !empty && column.row !== null;
  const tint = !filled ? null : lane === "pain_point" ? "cjm-pain" : lane === "opportunity" ? "cjm-opportunity" : null;
  const pending = id !== null && laneColumns(lane).some((c) => state.pending(id, c));
  return [
    "cjm-cell",
    "cjm-lane-cell",
    isBuiltinLane(lane) ? `cjm-lane-${lane}` : "cjm-lane-extra",
    column.stageStart ? "cjm-stage-start" : "",
    column.stageEnd ? "cjm-stage-end" : "",
    empty ? "cjm-empty" : "",
    // Tint only filled pain points / opportunities: empty cells stay blank.
    tint ?? "",
    pending ? "cjm-pending" : "",
    id !== null && state.selectedTouchpoints.has(id) ? "cjm-selected" : "",
    state.locks.lane(lane) ? "cjm-locked" : "",
  ].filter((c) => c !== "");
}

/** The cell of `lane` in `column`; `emotion` is that column's entry of `emotionInputs`. */
export function buildCell(lane: string, column: Column, state: MapState, emotion?: EmotionCellInput): HTMLDivElement {
  const id = column.row === null ? null : formatValue(column.row["id"]);
  let content: Node[] = [];
  if (lane === "touchpoint") {
    const badges = id === null ? null : markerBadges(state.markers.forTouchpoint(id));
    content = touchpointContent(column.row, state.editable && !state.locks.touchpoints, state.language);
    if (badges) content.push(badges);
  }
  else if (lane !== "emotion") {
    content = textLaneContent(column.row, lane, kindOf(state.columns, lane), state.editable && !state.locks.lane(lane), state.language);
  }
  // The zero line alone does not make an emotion cell non-empty.
  const empty = lane === "emotion" ? (emotion?.score ?? null) === null : content.length === 0;
  const node = cell("gridcell", column.index + 2, 1, {
    className: cellClasses(lane, column, state, empty),
    // Emotion cells hold geometry, not text: their direction must stay fixed.
    attrs: { "data-lane": lane, "data-stage": column.stage, "data-id": id, dir: lane === "emotion" ? null : "auto" },
  }, content);
  if (lane === "emotion" && emotion) renderEmotionCell(node, emotion);
  return node;
}

/**
 * Bring an existing cell up to date in place: the node itself (and its
 * focus) stays; an open inline editor inside it is kept untouched.
 */
export function refreshCell(existing: HTMLElement, lane: string, column: Column, state: MapState, emotion?: EmotionCellInput): void {
  const editing = existing.classList.contains("cjm-editing");
  if (lane === "emotion" && emotion) {
    renderEmotionCell(existing, emotion);
    existing.setAttribute("class", cellClasses(lane, column, state, emotion.score === null).join(" "));
    return;
  }
  const fresh = buildCell(lane, column, state);
  existing.setAttribute("class", fresh.getAttribute("class") ?? "");
  existing.classList.toggle("cjm-editing", editing);
  const editors = Array.from(existing.children).filter((c) => c.classList.contains("cjm-editor"));
  for (const node of Array.from(existing.childNodes)) if (!editors.includes(node as Element)) node.remove();
  const anchor = editors[0] ?? null;
  for (const node of Array.from(fresh.childNodes)) existing.insertBefore(node, anchor);
}

function laneRow(lane: string, state: MapState): HTMLDivElement {
  const { columns } = state.layout;
  const locked = state.locks.lane(lane);
  const label = cell(
    "rowheader",
    1,
    1,
    { className: ["cjm-cell", "cjm-lane-label", locked && "cjm-locked"], attrs: { "data-lane": lane, dir: "auto" } },
    [el("span", { text: laneLabel(lane, state.language) }), locked ? lockBadge(viewText(state.language)("lockedLane")) : null].filter(
      (n): n is HTMLSpanElement => n !== null,
    ),
  );
  const emotion = lane === "emotion" ? emotionInputs(state) : [];
  return row("cjm-lane-row", [label, ...columns.map((column, i) => buildCell(lane, column, state, emotion[i]))]);
}

export function renderHeader(state: MapState): HTMLElement {
  const label = kindLabel(state.kind, state.language);
  return el("div", { className: "cjm-header" }, [
    el("div", { className: "cjm-title", attrs: { dir: "auto" }, text: state.title }),
    label === "" ? null : el("span", { className: ["cjm-kind", `cjm-kind-${state.kind}`], text: label }),
  ]);
}

function addStageButton(language: string): HTMLButtonElement {
  const t = viewText(language);
  return el("button", {
    className: ["cjm-button", "cjm-add-stage"],
    attrs: { type: "button", tabindex: -1, "aria-label": t("addStage"), title: t("addStageAtEnd") },
    text: t("plusStage"),
  });
}

/** The grid (or the no-stages message), to put in the view's body. */
export function renderBody(state: MapState): HTMLElement {
  const { layout } = state;
  const t = viewText(state.language);
  if (layout.columns.length === 0) {
    const button = addStageButton(state.language);
    button.removeAttribute("tabindex");
    return el("div", { className: "cjm-empty-map" }, [
      el("span", { text: t("noStages") }),
      state.editable ? button : null,
    ]);
  }
  const count = layout.columns.length;
  const addCell = state.editable
    ? cell("columnheader", count + 2, 1, { className: ["cjm-cell", "cjm-add-stage-cell"] }, [addStageButton(state.language)])
    : null;
  const headerRow = row("cjm-header-row", [
    cell("columnheader", 1, 1, { className: ["cjm-cell", "cjm-corner"], text: t("corner") }),
    ...layout.stages.map((group) => stageHeader(group, state)),
    ...(addCell ? [addCell] : []),
  ]);
  const grid = el(
    "div",
    {
      className: ["cjm-grid", state.editable && "cjm-grid-editable"],
      // Force LTR: the emotion geometry and the sticky label column assume it.
      attrs: {
        role: "grid",
        "aria-label": state.title || t("map"),
        "aria-colcount": count + (addCell ? 2 : 1),
        "aria-readonly": state.editable ? null : "true",
        dir: "ltr",
      },
    },
    [headerRow, ...state.lanes.flatMap((lane) => (metricOf(lane) === null ? [laneRow(lane, state)] : metricRows(lane, state)))],
  );
  grid.style.setProperty("--cjm-columns", String(count));
  return el("div", { className: "cjm-scroll" }, [grid]);
}
