/**
 * What a person does to notes: add (button), edit inline (double-click or
 * Enter), delete (× or Delete), move to another quadrant (drag, or
 * Alt+Arrow keys), move focus (Arrow keys), undo/redo (Ctrl+Z, Ctrl+Y,
 * Ctrl+Shift+Z). Everything becomes a call on `NoteActions`.
 */
import { commitOnEnter } from "../core/text_entry";
import { el } from "../core/dom";
import { trackPointer } from "../core/pointer_drag";
import type { LabelKey } from "./labels";
import { isQuadrant, neighbour, type Direction, type Quadrant } from "./notes";

export interface NoteActions {
  readonly root: HTMLElement;
  readonly editable: boolean;
  t: (key: LabelKey) => string;
  noteEl(id: string): HTMLElement | null;
  quadrantOf(id: string): Quadrant | null;
  textOf(id: string): string;
  addNote(quadrant: Quadrant, text: string): void;
  setNote(id: string, column: "text" | "quadrant", value: string): void;
  deleteNote(id: string): void;
  undo(): void;
  redo(): void;
  editorClosed(): void;
}

const ARROWS = new Set(["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight"]);

/**
 * A textarea in place of a note's text (or at the end of a quadrant, for a
 * new note). Enter commits, Shift+Enter is a new line, Escape cancels; leaving
 * the field commits, so nothing typed is lost.
 */
function openEditor(actions: NoteActions, host: HTMLElement, initial: string, commit: (text: string) => void, after: () => void): void {
  const editor = el("textarea", {
    className: "cjm-note-editor",
    attrs: { "aria-label": actions.t("editor"), dir: "auto", rows: 3 },
  });
  editor.value = initial;
  let done = false;
  const finish = (save: boolean): void => {
    if (done) return;
    done = true;
    const text = editor.value.trim();
    editor.remove();
    if (save && text !== "" && text !== initial) commit(text);
    actions.editorClosed();
    after();
  };
  commitOnEnter(editor, finish, true);
  host.append(editor);
  editor.focus();
  editor.select();
}

function editNote(actions: NoteActions, note: HTMLElement): void {
  const id = note.getAttribute("data-id");
  if (id === null || !actions.editable || note.querySelector(".cjm-note-editor")) return;
  const text = note.querySelector<HTMLElement>(".cjm-note-text");
  if (text) text.hidden = true;
  openEditor(
    actions,
    note,
    actions.textOf(id),
    (value) => actions.setNote(id, "text", value),
    () => actions.noteEl(id)?.focus(),
  );
}

function addNote(actions: NoteActions, button: HTMLElement): void {
  const quadrant = button.getAttribute("data-quadrant");
  if (!isQuadrant(quadrant) || !actions.editable) return;
  const list = button.parentElement?.querySelector<HTMLElement>(".cjm-note-list");
  if (!list || list.querySelector(".cjm-note-editor")) return;
  openEditor(actions, list, "", (text) => actions.addNote(quadrant, text), () => button.focus());
}

function moveFocus(note: HTMLElement, key: string): void {
  const notes = [...(note.closest(".cjm-note-list")?.querySelectorAll<HTMLElement>(".cjm-note") ?? [])];
  const index = notes.indexOf(note);
  const next = key === "ArrowDown" || key === "ArrowRight" ? notes[index + 1] : notes[index - 1];
  next?.focus();
}

function onKeyDown(actions: NoteActions, event: KeyboardEvent): void {
  if (event.defaultPrevented) return;
  const target = event.target as HTMLElement;
  if (target.closest("textarea, input")) return;
  const ctrl = event.ctrlKey || event.metaKey;
  const key = event.key.toLowerCase();
  if (ctrl && !event.altKey && (key === "z" || key === "y")) {
    event.preventDefault();
    event.stopPropagation();
    if (key === "y" || event.shiftKey) actions.redo();
    else actions.undo();
    return;
  }
  const note = target.closest<HTMLElement>(".cjm-note");
  const id = note?.getAttribute("data-id");
  if (!note || !id || target !== note) return;
  if (event.altKey && ARROWS.has(event.key)) {
    const from = actions.quadrantOf(id);
    const to = from ? neighbour(from, event.key as Direction) : null;
    event.preventDefault();
    event.stopPropagation();
    if (to && actions.editable) actions.setNote(id, "quadrant", to);
  } else if (ARROWS.has(event.key)) {
    event.preventDefault();
    moveFocus(note, event.key);
  } else if ((event.key === "Enter" || event.key === "F2") && actions.editable) {
    event.preventDefault();
    editNote(actions, note);
  } else if ((event.key === "Delete" || event.key === "Backspace") && actions.editable) {
    event.preventDefault();
    actions.deleteNote(id);
  }
}

/** Press on a note and drag it onto another quadrant; the quadrant under the pointer is highlighted. */
function onPointerDown(actions: NoteActions, event: PointerEvent): void {
  const target = event.target as HTMLElement;
  const note = target.closest<HTMLElement>(".cjm-note");
  const id = note?.getAttribute("data-id");
  if (!note || !id || event.button !== 0 || !actions.editable || target.closest("button, textarea")) return;
  const doc = actions.root.ownerDocument;
  let over: HTMLElement | null = null;
  const highlight = (quadrant: HTMLElement | null): void => {
    over?.classList.remove("cjm-drop-target");
    over = quadrant;
    over?.classList.add("cjm-drop-target");
  };
  const quadrantAt = (e: PointerEvent): HTMLElement | null => {
    const hit = doc.elementFromPoint(e.clientX, e.clientY);
    const quadrant = hit?.closest<HTMLElement>(".cjm-quadrant") ?? null;
    return quadrant && actions.root.contains(quadrant) ? quadrant : null;
  };
  trackPointer(event, note, {
    threshold: 5,
    onStart: () => note.classList.add("cjm-dragging"),
    onMove: (e) => highlight(quadrantAt(e)),
    onDrop: (e) => {
      const quadrant = quadrantAt(e)?.getAttribute("data-quadrant");
      highlight(null);
      note.classList.remove("cjm-dragging");
      if (isQuadrant(quadrant) && quadrant !== actions.quadrantOf(id)) actions.setNote(id, "quadrant", quadrant);
    },
    onCancel: () => {
      highlight(null);
      note.classList.remove("cjm-dragging");
    },
  });
}

export function installInteractions(actions: NoteActions): () => void {
  const root = actions.root;
  const onClick = (event: MouseEvent): void => {
    const target = event.target as HTMLElement;
    const del = target.closest<HTMLElement>(".cjm-note-delete");
    const add = target.closest<HTMLElement>(".cjm-add-note");
    if (del?.getAttribute("data-id")) actions.deleteNote(del.getAttribute("data-id") as string);
    else if (add) addNote(actions, add);
  };
  const onDblClick = (event: MouseEvent): void => {
    const note = (event.target as HTMLElement).closest<HTMLElement>(".cjm-note");
    if (note && !(event.target as HTMLElement).closest("button, textarea")) editNote(actions, note);
  };
  const onKey = (event: KeyboardEvent): void => onKeyDown(actions, event);
  const onDown = (event: PointerEvent): void => onPointerDown(actions, event);
  root.addEventListener("click", onClick);
  root.addEventListener("dblclick", onDblClick);
  root.addEventListener("keydown", onKey);
  root.addEventListener("pointerdown", onDown);
  return () => {
    root.removeEventListener("click", onClick);
    root.removeEventListener("dblclick", onDblClick);
    root.removeEventListener("keydown", onKey);
    root.removeEventListener("pointerdown", onDown);
  };
}
