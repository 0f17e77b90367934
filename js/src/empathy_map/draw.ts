/**
 * Drawing the quadrants and notes. Note text goes in as text (never markup);
 * `dir="auto"` and CSS wrapping keep Chinese and Latvian text readable.
 */
import { el } from "../core/dom";
import type { LabelKey } from "./labels";
import { QUADRANTS, type Note, type Quadrant } from "./notes";

export interface DrawState {
  groups: Map<Quadrant, Note[]>;
  editable: boolean;
  pending: ReadonlySet<string>;
  t: (key: LabelKey) => string;
}

function noteCard(note: Note, state: DrawState): HTMLElement {
  const { t } = state;
  const text = el("div", { className: "cjm-note-text", attrs: { dir: "auto" }, text: note.text });
  const children: Array<Node | null> = [text];
  if (note.source !== null) children.push(el("div", { className: "cjm-note-source", attrs: { dir: "auto" }, text: note.source }));
  if (state.editable) {
    children.push(
      el("button", {
        className: ["cjm-button", "cjm-note-delete"],
        attrs: { type: "button", tabindex: -1, "aria-label": t("delete"), title: t("delete"), "data-id": note.id },
        text: "×",
      }),
    );
  }
  return el(
    "div",
    {
      className: ["cjm-note", state.pending.has(note.id) && "cjm-pending"],
      attrs: {
        role: "listitem",
        tabindex: 0,
        "data-id": note.id,
        "data-quadrant": note.quadrant,
        "data-persona": note.persona,
        "aria-label": `${t("note")}: ${note.text}`,
        "aria-description": state.editable ? t("note_help") : null,
        title: state.editable ? t("note_help") : null,
      },
    },
    children,
  );
}

function quadrant(name: Quadrant, state: DrawState): HTMLElement {
  const { t } = state;
  const notes = state.groups.get(name) ?? [];
  const headingId = `cjm-q-${name}-${Math.random().toString(36).slice(2, 8)}`;
  const list = el(
    "div",
    { className: "cjm-note-list", attrs: { role: "list", "aria-labelledby": headingId } },
    notes.map((note) => noteCard(note, state)),
  );
  const add = state.editable
    ? el("button", {
        className: ["cjm-button", "cjm-add-note"],
        attrs: { type: "button", "data-quadrant": name, "aria-label": `${t("add_to")} ${t(name)}` },
        text: t("add"),
      })
    : null;
  return el("section", { className: ["cjm-quadrant", `cjm-quadrant-${name}`], attrs: { "data-quadrant": name } }, [
    el("header", { className: "cjm-quadrant-header" }, [
      el("h3", { className: "cjm-quadrant-title", attrs: { id: headingId }, text: t(name) }),
      el("span", { className: "cjm-quadrant-hint", text: t(`${name}_hint` as LabelKey) }),
      el("span", { className: "cjm-quadrant-count", attrs: { "aria-hidden": "true" }, text: String(notes.length) }),
    ]),
    list,
    add,
  ]);
}

/** The six quadrants, Says / Thinks / Does / Feels as a 2x2 grid, Pains and Gains below. */
export function drawQuadrants(state: DrawState): HTMLElement {
  return el(
    "div",
    { className: "cjm-quadrants" },
    QUADRANTS.map((name) => quadrant(name, state)),
  );
}
