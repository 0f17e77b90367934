/**
 * Adding, deleting and moving touchpoints from buttons and keys:
 * "+" in a stage header adds one (then its name is edited at once), the ×
 * button or Delete on a touchpoint cell deletes it, Alt+ArrowLeft /
 * Alt+ArrowRight move it one place in map order, crossing into the
 * neighbouring stage at a stage's edge.
 */
import { translate, type Labels } from "../core/i18n";
import type { Op } from "../core/ops";
import type { MapContext } from "./context";
import { editCell } from "./editing";
import type { Layout } from "./layout";

type MoveOp = Extract<Op, { op: "move" }>;

const idOf = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

/** The move taking touchpoint `id` one place earlier (-1) or later (+1), or null at the map's ends. */
export function stepMove(layout: Layout, id: string, direction: -1 | 1): MoveOp | null {
  const groups = layout.stages.map((group) => ({
    stage: group.stage.stage,
    ids: layout.columns.slice(group.start, group.start + group.span).map((c) => idOf(c.row?.["id"])).filter((i): i is string => i !== null),
  }));
  const g = groups.findIndex((group) => group.ids.includes(id));
  const group = groups[g];
  if (!group) return null;
  const i = group.ids.indexOf(id);
  if (direction < 0) {
    if (i > 0) return { op: "move", id, stage: group.stage, before: group.ids[i - 1] ?? null };
    const previous = groups[g - 1];
    return previous ? { op: "move", id, stage: previous.stage, before: null } : null;
  }
  if (i < group.ids.length - 1) return { op: "move", id, stage: group.stage, before: group.ids[i + 2] ?? null };
  const next = groups[g + 1];
  return next ? { op: "move", id, stage: next.stage, before: next.ids[0] ?? null } : null;
}

const labels = {
  newTouchpoint: { en: "New touchpoint", zh: "新触点", lv: "Jauns saskares punkts" },
} satisfies Labels<string>;

/** The name a new touchpoint starts with (selected at once, for the user to type over). */
export const newTouchpointName = (language: string): string => translate(labels, language)("newTouchpoint");

export function addTouchpoint(ctx: MapContext, stage: string): void {
  // While the switcher shows one persona, a new touchpoint is that persona's (when the table has the column).
  const { persona, layout, language } = ctx.state();
  const hasPersonas = layout.columns.some((c) => c.row !== null && "persona" in c.row);
  const name = newTouchpointName(language);
  const row = persona !== null && hasPersonas ? { stage, touchpoint: name, persona } : { stage, touchpoint: name };
  ctx.edit(
    { op: "insert", row, before: null },
    {
      onApplied: (msg) => {
        const inserted = msg.ops.find((op) => op.op === "insert");
        const id = inserted && inserted.op === "insert" ? idOf(inserted.row["id"]) : null;
        const cell = id === null ? null : ctx.cellOf("touchpoint", id);
        if (!cell) return;
        ctx.focusCell(cell);
        editCell(ctx, cell, "touchpoint", true);
      },
    },
  );
}

export function deleteTouchpoint(ctx: MapContext, id: string): void {
  ctx.edit({ op: "delete", id });
}

export function installTouchpointActions(ctx: MapContext): () => void {
  const { root } = ctx;
  const onClick = (event: MouseEvent): void => {
    const target = event.target as Element | null;
    const add = target?.closest?.<HTMLElement>(".cjm-add-touchpoint");
    const remove = target?.closest?.<HTMLElement>(".cjm-delete-touchpoint");
    if (add?.dataset["stage"] !== undefined) addTouchpoint(ctx, add.dataset["stage"]);
    else if (remove?.dataset["id"] !== undefined) deleteTouchpoint(ctx, remove.dataset["id"]);
    else return;
    event.stopPropagation(); // not a click on the stage header itself (selection)
  };
  const onKeyDown = (event: KeyboardEvent): void => {
    const cell = event.target as HTMLElement;
    if (event.defaultPrevented || !cell.matches?.('.cjm-lane-cell[data-lane="touchpoint"][data-id]')) return;
    const id = cell.getAttribute("data-id") as string;
    const state = ctx.state();
    if (!state.editable || event.ctrlKey || event.metaKey) return;
    if (event.key === "Delete" && !event.altKey) {
      deleteTouchpoint(ctx, id);
    } else if (event.altKey && (event.key === "ArrowLeft" || event.key === "ArrowRight")) {
      const op = stepMove(state.layout, id, event.key === "ArrowLeft" ? -1 : 1);
      if (op) ctx.edit(op);
    } else {
      return;
    }
    event.preventDefault();
    event.stopPropagation();
  };
  root.addEventListener("click", onClick);
  root.addEventListener("keydown", onKeyDown);
  return () => {
    root.removeEventListener("click", onClick);
    root.removeEventListener("keydown", onKeyDown);
  };
}
