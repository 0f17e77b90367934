import { describe, expect, it } from "vitest";
import widget from "../src/empathy_map/index";
import { groupNotes, neighbour, toNote } from "../src/empathy_map/notes";
import type { EmpathyTraits } from "../src/empathy_map/view";
import { FakeModel } from "./fake_model";
import { click, dblclick, key, patch, press, reject, type SentEdit } from "./render_helpers";

const last = <T>(items: readonly T[]): T | undefined => items[items.length - 1];

const ROWS = [
  { id: "n1", quadrant: "says", text: "I just want it to work", persona: null, source: "interview 3" },
  { id: "n2", quadrant: "thinks", text: "这个值得买吗？", persona: "colleen", source: null },
  { id: "n3", quadrant: "pains", text: "<b>Too</b> many tabs", persona: "bob", source: null },
];

function model(overrides: Partial<EmpathyTraits> = {}): FakeModel<EmpathyTraits> {
  return new FakeModel<EmpathyTraits>({ _rows: ROWS, _rev: 0, title: "Colleen", persona: null, editable: true, language: "en", ...overrides });
}

function mount(m: FakeModel<EmpathyTraits>): HTMLElement {
  widget.initialize({ model: m.proxy() });
  const host = document.createElement("div");
  document.body.append(host);
  widget.render({ model: m.proxy(), el: host });
  return host;
}

const note = (host: Element, id: string): HTMLElement => host.querySelector(`.cjm-note[data-id="${id}"]`) as HTMLElement;
const ids = (host: Element, quadrant: string): string[] =>
  [...host.querySelectorAll(`.cjm-quadrant[data-quadrant="${quadrant}"] .cjm-note`)].map((n) => n.getAttribute("data-id") ?? "");
const lastEdit = (m: FakeModel<EmpathyTraits>): SentEdit => last(m.sentOf("edit")) as unknown as SentEdit;

describe("notes logic", () => {
  it("groups notes by quadrant and filters by persona, keeping shared notes", () => {
    const all = groupNotes(ROWS, null);
    expect(all.get("says")?.map((n) => n.id)).toEqual(["n1"]);
    expect(all.get("pains")?.map((n) => n.id)).toEqual(["n3"]);
    const colleen = groupNotes(ROWS, "colleen");
    expect([...colleen.values()].flat().map((n) => n.id)).toEqual(["n1", "n2"]);
    expect(toNote({ id: "x", quadrant: "nowhere", text: "a" })).toBeNull();
  });

  it("finds the neighbouring quadrant on screen", () => {
    expect(neighbour("says", "ArrowRight")).toBe("thinks");
    expect(neighbour("says", "ArrowDown")).toBe("does");
    expect(neighbour("feels", "ArrowDown")).toBe("gains");
    expect(neighbour("gains", "ArrowLeft")).toBe("pains");
    expect(neighbour("says", "ArrowUp")).toBeNull();
    expect(neighbour("thinks", "ArrowRight")).toBeNull();
  });
});

describe("the empathy map view", () => {
  it("draws six quadrants with notes as text, never markup", () => {
    const host = mount(model());
    expect([...host.querySelectorAll(".cjm-quadrant-title")].map((h) => h.textContent)).toEqual(["Says", "Thinks", "Does", "Feels", "Pains", "Gains"]);
    expect(note(host, "n3").querySelector(".cjm-note-text")?.textContent).toBe("<b>Too</b> many tabs");
    expect(host.querySelector("b")).toBeNull();
    expect(note(host, "n1").querySelector(".cjm-note-source")?.textContent).toBe("interview 3");
  });

  it("shows labels in Chinese and Latvian", () => {
    expect(mount(model({ language: "zh" })).querySelector(".cjm-quadrant-title")?.textContent).toBe("说");
    expect(mount(model({ language: "lv" })).querySelector(".cjm-add-note")?.textContent).toBe("+ Pievienot piezīmi");
  });

  it("adds a note with the persona filter's persona", () => {
    const m = model({ persona: "colleen" });
    const host = mount(m);
    expect(note(host, "n3")).toBeNull(); // Bob's note is filtered out
    click(host.querySelector('.cjm-add-note[data-quadrant="feels"]'));
    const editor = host.querySelector(".cjm-note-editor") as HTMLTextAreaElement;
    expect(document.activeElement).toBe(editor);
    editor.value = "  Tired of choosing ";
    press("Enter");
    expect(lastEdit(m).op).toEqual({ op: "insert", row: { quadrant: "feels", text: "Tired of choosing", persona: "colleen" }, before: null });
    const row = { id: "note-4", quadrant: "feels", text: "Tired of choosing", persona: "colleen", source: null };
    m.receive(patch(lastEdit(m), [{ op: "insert", row, before: null }], { op: "delete", id: "note-4" }));
    expect(ids(host, "feels")).toEqual(["note-4"]);
  });

  it("edits inline, shows the value at once, and puts it back when Python refuses", () => {
    const m = model();
    const host = mount(m);
    dblclick(note(host, "n1"));
    const editor = note(host, "n1").querySelector(".cjm-note-editor") as HTMLTextAreaElement;
    editor.value = "Changed";
    press("Enter");
    expect(lastEdit(m).op).toEqual({ op: "set", id: "n1", column: "text", value: "Changed" });
    expect(note(host, "n1").textContent).toContain("Changed");
    expect(note(host, "n1").classList.contains("cjm-pending")).toBe(true);
    m.receive(reject(lastEdit(m), "notes, column 'text': no"));
    expect(note(host, "n1").querySelector(".cjm-note-text")?.textContent).toBe("I just want it to work");
    expect(host.querySelector(".cjm-message-text")?.textContent).toBe("notes, column 'text': no");
  });

  it("never redraws an open editor away: another view's patch waits until it closes", () => {
    const m = model();
    const host = mount(m);
    dblclick(note(host, "n1"));
    const editor = note(host, "n1").querySelector(".cjm-note-editor") as HTMLTextAreaElement;
    editor.value = "half typed";
    m.receive(patch(null, [{ op: "set", id: "n2", column: "text", value: "From Python" }]));
    expect(editor.isConnected).toBe(true);
    press("Escape");
    expect(note(host, "n2").textContent).toContain("From Python");
  });

  it("moves a note with Alt+Arrow keys, deletes with Delete, and undoes with Ctrl+Z", () => {
    const m = model();
    const host = mount(m);
    note(host, "n1").focus();
    press("ArrowRight", { altKey: true });
    const move = lastEdit(m);
    expect(move.op).toEqual({ op: "set", id: "n1", column: "quadrant", value: "thinks" });
    expect(ids(host, "thinks")).toEqual(["n1", "n2"]); // shown there at once
    expect(document.activeElement).toBe(note(host, "n1"));
    m.receive(patch(move, [move.op], { op: "set", id: "n1", column: "quadrant", value: "says" }));
    press("z", { ctrlKey: true });
    expect(lastEdit(m).op).toEqual({ op: "set", id: "n1", column: "quadrant", value: "says" });
    note(host, "n2").focus();
    press("Delete");
    expect(lastEdit(m).op).toEqual({ op: "delete", id: "n2" });
    const undo = host.querySelector(".cjm-undo") as HTMLButtonElement;
    expect(undo.textContent).toBe("Undo");
  });

  it("is read-only when not editable", () => {
    const m = model({ editable: false });
    const host = mount(m);
    expect(host.querySelector(".cjm-add-note")).toBeNull();
    note(host, "n1").focus();
    key(note(host, "n1"), "Delete");
    dblclick(note(host, "n1"));
    expect(host.querySelector(".cjm-note-editor")).toBeNull();
    expect(m.sentOf("edit")).toEqual([]);
  });
});
