/**
 * What the feature modules (editing, drag, stage menu, lanes panel...) may
 * do with a view. They talk to this interface only, never to each other or
 * to the model, so each stays small and the view owns all the state.
 */
import type { Op } from "../core/ops";
import type { PatchMessage } from "../core/sync";
import type { InlineEditor } from "./editing";
import type { MapState } from "./state";
import type { Scalar, SettableTrait } from "./types";

export interface EditOptions {
  /** Runs after this edit's patch has been applied and drawn (e.g. to focus the new row). */
  onApplied?: (msg: PatchMessage) => void;
}

export interface MapContext {
  /** The widget root: popups and dialogs are placed inside it. */
  readonly root: HTMLElement;
  readonly editor: InlineEditor;
  /** The state as currently drawn (model + this view's pending values). */
  state(): MapState;
  /** Send an edit (ignored unless the map is editable); returns its edit_id. */
  edit(op: Op, options?: EditOptions): string | null;
  /** Set one cell: shown at once as pending, confirmed or reverted by Python's answer. */
  setCell(id: string, column: string, value: Scalar): void;
  /** Show a value without sending it (a drag in progress); undefined ends the preview. */
  preview(id: string, column: string, value: Scalar | undefined): void;
  /** A view setting kept by Python (`lanes`, `selected_stage`, `persona`: SETTABLE_TRAITS of view_traits.ts). */
  setTrait(name: SettableTrait, value: unknown): void;
  message(text: string): void;
  cellOf(lane: string, id: string): HTMLElement | null;
  stageHeaderOf(stage: string): HTMLElement | null;
  /** Make `cell` the grid's tab stop and focus it. */
  focusCell(cell: HTMLElement): void;
}

/** The row with id `id` as drawn, or null. */
export function rowById(state: MapState, id: string): Readonly<Record<string, Scalar | undefined>> | null {
  return state.layout.columns.find((c) => c.row !== null && String(c.row["id"]) === id)?.row ?? null;
}
