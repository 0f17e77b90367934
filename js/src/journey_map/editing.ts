/**
 * Inline editing of cells and stage names. One editor is open at a time;
 * it sits inside the element it edits (whose other content CSS hides), so
 * it takes the cell's place and size.
 *
 * Enter or leaving the editor commits (only a changed value), Shift+Enter
 * inserts a line break, Escape cancels. Keys typed in an editor never reach
 * the grid, the map's shortcuts or the notebook.
 *
 * A redraw (another view's structural edit) replaces the grid while the
 * user types: `suspend` / `resume` carry the editor, its text and caret
 * over into the same cell of the new grid.
 */
import { el } from "../core/dom";
import { focusIfConnected } from "../core/popover";
import { kindOf } from "./column_kinds";
import { rowById, type MapContext } from "./context";
import { translate, type Labels } from "../core/i18n";
import { formatValue, laneLabel } from "./lanes";
import { lockMessage } from "./locking";
import type { ColumnKind, Scalar } from "./types";
import "./editing.css";

const labels = {
  editTouchpoint: { en: "Edit touchpoint {name}", zh: "编辑触点“{name}”", lv: "Rediģēt saskares punktu “{name}”" },
  editLane: { en: "Edit {lane} of {name}", zh: "编辑“{name}”的{lane}", lv: "Rediģēt: {lane}, {name}" },
} satisfies Labels<string>;

export type EditorKind = "text" | "line" | "number" | "integer" | "datetime" | "category";

export interface EditorSpec {
  /** Element the editor goes into; gets class `cjm-editing` while open. */
  host: HTMLElement;
  /** The same host after a redraw (null: it is gone, the edit is cancelled). */
  locate: () => HTMLElement | null;
  kind: EditorKind;
  value: string;
  options?: string[];
  label: string;
  selectAll?: boolean;
  onCommit: (value: string) => void;
  returnFocus: () => HTMLElement | null;
  /** Tab / Shift+Tab: return true when handled (the touchpoint cell moves to its channel). */
  onTab?: (shift: boolean) => boolean;
}

type Input = HTMLTextAreaElement | HTMLInputElement | HTMLSelectElement;

interface Session {
  spec: EditorSpec;
  input: Input;
  host: HTMLElement;
  suspended: boolean;
  selection: [number, number] | null;
  /** A select's value was picked with the mouse: commit at once. */
  picked: boolean;
}

function createInput(spec: EditorSpec): Input {
  const attrs = { dir: "auto", "aria-label": spec.label, autocomplete: "off" };
  let input: Input;
  if (spec.kind === "text") {
    input = el("textarea", { className: "cjm-editor", attrs: { ...attrs, rows: 1, spellcheck: "true" } });
  } else if (spec.kind === "category") {
    const options = ["", ...(spec.options ?? [])];
    input = el(
      "select",
      { className: "cjm-editor", attrs: { "aria-label": spec.label } },
      options.map((o) => el("option", { attrs: { value: o }, text: o === "" ? "—" : o })),
    );
  } else {
    // Numbers are typed as text (with a numeric keyboard on touch devices): what the user
    // typed reaches Python as is when it is not a number, so Python's message explains why.
    const inputmode = spec.kind === "integer" ? "numeric" : spec.kind === "number" ? "decimal" : null;
    input = el("input", {
      className: "cjm-editor",
      attrs: { ...attrs, type: "text", inputmode, placeholder: spec.kind === "datetime" ? "2024-05-01T10:00" : null },
    });
  }
  input.value = spec.value;
  return input;
}

function fit(input: Input): void {
  if (!(input instanceof HTMLTextAreaElement)) return;
  input.style.height = "auto";
  if (input.scrollHeight > 0) input.style.height = `${input.scrollHeight}px`;
}

export class InlineEditor {
  private session: Session | null = null;

  isOpen(): boolean {
    return this.session !== null;
  }

  /** True when `node` is (inside) the open editor. */
  contains(node: EventTarget | null): boolean {
    return this.session !== null && node instanceof Node && this.session.input.contains(node);
  }

  open(spec: EditorSpec): void {
    this.close(true, false);
    const input = createInput(spec);
    const session: Session = { spec, input, host: spec.host, suspended: false, selection: null, picked: false };
    this.session = session;
    // Size to the cell's content box so the grid does not jump.
    const height = spec.host.getBoundingClientRect().height;
    if (height > 0 && input instanceof HTMLTextAreaElement) input.style.minHeight = `${Math.max(0, height - 12)}px`;
    input.addEventListener("keydown", (event) => this.onKey(session, event as KeyboardEvent));
    input.addEventListener("input", () => fit(input));
    input.addEventListener("blur", () => {
      if (this.session === session && !session.suspended) this.close(true, false);
    });
    if (input instanceof HTMLSelectElement) {
      input.addEventListener("pointerdown", () => (session.picked = true));
      input.addEventListener("change", () => {
        if (session.picked) this.close(true, true);
      });
    }
    spec.host.classList.add("cjm-editing");
    spec.host.append(input);
    fit(input);
    input.focus();
    if (spec.selectAll && !(input instanceof HTMLSelectElement)) input.select();
  }

  /** Close the editor; `commit` sends a changed value, `refocus` gives focus back to the cell. */
  close(commit: boolean, refocus: boolean): void {
    const session = this.session;
    if (!session) return;
    this.session = null;
    const { spec, input } = session;
    const value = input.value;
    session.host.classList.remove("cjm-editing");
    input.remove();
    if (refocus) focusIfConnected(spec.returnFocus());
    if (commit && value !== spec.value) spec.onCommit(value);
  }

  /** Before the grid is replaced: take the editor out without ending the edit. */
  suspend(): void {
    const session = this.session;
    if (!session) return;
    const { input } = session;
    session.suspended = true;
    const active = document.activeElement === input;
    session.selection = active && !(input instanceof HTMLSelectElement) ? [input.selectionStart ?? 0, input.selectionEnd ?? 0] : null;
    input.remove();
  }

  /** After the redraw: put the editor back into the same cell, or cancel if the cell is gone. */
  resume(): void {
    const session = this.session;
    if (!session || !session.suspended) return;
    const host = session.spec.locate();
    if (!host) {
      this.session = null;
      return;
    }
    session.host = host;
    host.classList.add("cjm-editing");
    host.append(session.input);
    const { input, selection } = session;
    if (selection !== null) {
      input.focus();
      if (!(input instanceof HTMLSelectElement)) input.setSelectionRange(selection[0], selection[1]);
    }
    session.suspended = false;
  }

  private onKey(session: Session, event: KeyboardEvent): void {
    event.stopPropagation(); // typing belongs to the editor alone
    if (event.isComposing || this.session !== session) return;
    const multiline = session.input instanceof HTMLTextAreaElement;
    if (event.key === "Enter" && !(multiline && event.shiftKey)) {
      event.preventDefault();
      this.close(true, true);
    } else if (event.key === "Escape") {
      event.preventDefault();
      this.close(false, true);
    } else if (event.key === "Tab") {
      event.preventDefault();
      const onTab = session.spec.onTab;
      this.close(true, !onTab);
      if (onTab && !onTab(event.shiftKey)) focusIfConnected(session.spec.returnFocus());
    }
  }
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * The value to send for what the user typed: empty is null, a number column
 * gets a number. Anything else goes as typed: Python validates every value
 * and its reject says what is wrong, in one wording for every front end.
 */
export function parseInput(kind: ColumnKind, raw: string): Scalar {
  const trimmed = raw.trim();
  if (trimmed === "") return null;
  if ((kind === "number" || kind === "integer") && DECIMAL.test(trimmed)) return Number(trimmed);
  return raw;
}

function editorKind(kind: ColumnKind): EditorKind | null {
  if (kind === "readonly" || kind === "boolean") return null;
  return kind;
}

/**
 * Open the editor of `column` in a touchpoint's `cell` (the lane's own
 * column, or `channel` in the touchpoint cell). False if it cannot be edited.
 */
export function editCell(ctx: MapContext, cell: HTMLElement, column: string, selectAll = false): boolean {
  const state = ctx.state();
  const id = cell.getAttribute("data-id");
  const lane = cell.getAttribute("data-lane");
  const row = id === null ? null : rowById(state, id);
  const kind = kindOf(state.columns, column);
  const editor = editorKind(kind);
  if (!state.editable || id === null || lane === null || row === null || editor === null) return false;
  if (state.locks.lane(column)) {
    // Say why instead of silently doing nothing (Python would refuse the edit anyway).
    ctx.message(lockMessage(state.language)("lane", { lane: laneLabel(lane, state.language) }));
    return true;
  }
  const t = translate(labels, state.language);
  const value = row[column];
  const name = formatValue(row["touchpoint"]);
  const locate = (): HTMLElement | null => ctx.cellOf(lane, id);
  ctx.editor.open({
    host: cell,
    locate,
    kind: editor,
    value: formatValue(typeof value === "boolean" ? null : value),
    options: state.columns.get(column)?.options,
    label: column === "touchpoint" ? t("editTouchpoint", { name }) : t("editLane", { lane: laneLabel(column, state.language), name }),
    selectAll,
    returnFocus: locate,
    onCommit: (raw) => {
      const parsed = parseInput(kind, raw);
      if (parsed !== (value ?? null)) ctx.setCell(id, column, parsed);
    },
    // In the touchpoint cell, Tab goes from the name to the channel badge and Shift+Tab back.
    onTab:
      lane === "touchpoint"
        ? (shift) => {
            const target = locate();
            const next = shift ? (column === "channel" ? "touchpoint" : null) : column === "touchpoint" ? "channel" : null;
            return target !== null && next !== null && editCell(ctx, target, next);
          }
        : undefined,
  });
  return true;
}

/** The column a double-click or Enter on `target` inside `cell` edits. */
function columnAt(cell: HTMLElement, target: Element | null): string | null {
  const lane = cell.getAttribute("data-lane");
  if (lane === null || lane === "emotion") return null;
  if (lane === "touchpoint" && target?.closest(".cjm-channel")) return "channel";
  return lane;
}

function isEditableTarget(target: Element | null): boolean {
  return target?.closest(".cjm-editor, button, input, select") != null;
}

/** Double-click / Enter / F2 open editors; checkboxes of boolean columns toggle. */
export function installEditing(ctx: MapContext): () => void {
  const { root } = ctx;
  const cellFrom = (target: EventTarget | null): HTMLElement | null =>
    (target as Element | null)?.closest?.<HTMLElement>(".cjm-lane-cell[data-id]") ?? null;

  const toggle = (cell: HTMLElement): boolean => {
    const state = ctx.state();
    const id = cell.getAttribute("data-id");
    const lane = cell.getAttribute("data-lane");
    if (!state.editable || id === null || lane === null || kindOf(state.columns, lane) !== "boolean" || state.locks.lane(lane)) return false;
    ctx.setCell(id, lane, rowById(state, id)?.[lane] !== true);
    return true;
  };

  const onDblClick = (event: MouseEvent): void => {
    const target = event.target as Element | null;
    const cell = cellFrom(target);
    if (!cell || isEditableTarget(target) || target?.closest(".cjm-drag-handle")) return;
    const column = columnAt(cell, target);
    if (column !== null && editCell(ctx, cell, column)) event.preventDefault();
  };
  const onKeyDown = (event: KeyboardEvent): void => {
    const cell = cellFrom(event.target);
    if (event.defaultPrevented || !cell || event.target !== cell || event.altKey || event.ctrlKey || event.metaKey) return;
    const column = columnAt(cell, null);
    let handled = false;
    if (event.key === "Enter" || event.key === "F2") {
      handled = toggle(cell) || (column !== null && editCell(ctx, cell, column));
    } else if (event.key === " ") {
      handled = toggle(cell);
    }
    if (handled) {
      event.preventDefault();
      event.stopPropagation();
    }
  };
  const onChange = (event: Event): void => {
    const box = event.target as HTMLInputElement;
    const cell = cellFrom(box);
    if (!box.classList?.contains("cjm-checkbox") || !cell) return;
    const id = cell.getAttribute("data-id");
    const lane = cell.getAttribute("data-lane");
    if (id !== null && lane !== null && ctx.state().editable && !ctx.state().locks.lane(lane)) ctx.setCell(id, lane, box.checked);
  };
  root.addEventListener("dblclick", onDblClick);
  root.addEventListener("keydown", onKeyDown);
  root.addEventListener("change", onChange);
  return () => {
    root.removeEventListener("dblclick", onDblClick);
    root.removeEventListener("keydown", onKeyDown);
    root.removeEventListener("change", onChange);
  };
}
