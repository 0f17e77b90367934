import { describe, expect, it } from "vitest";
import type { ColumnSpec } from "../src/journey_map/types";
import { journeyModel, touchpoint } from "./fake_model";
import { cellOf, dblclick, editor, edits, key, lastEdit, mount, patch, press, texts } from "./render_helpers";

const COLUMNS: ColumnSpec[] = [
  { name: "id", kind: "readonly" },
  { name: "stage", kind: "text" },
  { name: "touchpoint", kind: "text" },
  { name: "channel", kind: "text" },
  { name: "action", kind: "text" },
  { name: "thought", kind: "text" },
  { name: "emotion", kind: "number" },
  { name: "pain_point", kind: "text" },
  { name: "opportunity", kind: "text" },
  { name: "cost", kind: "number" },
  { name: "visits", kind: "integer" },
  { name: "online", kind: "boolean" },
  { name: "tier", kind: "category", options: ["gold", "silver"] },
  { name: "due", kind: "datetime" },
  { name: "created", kind: "readonly" },
];

function editableModel(extra = {}) {
  return journeyModel({ editable: true, _rev: 3, _columns: COLUMNS, ...extra });
}

function type(host: Element, value: string): void {
  const input = editor(host);
  if (!input) throw new Error("no editor open");
  input.value = value;
  input.dispatchEvent(new Event("input", { bubbles: true }));
}

describe("inline editing of text cells", () => {
  it("opens on double-click, commits on Enter and shows the value as pending until the patch", () => {
    const model = editableModel();
    const { host } = mount(model);
    const cell = cellOf(host, "action", "t1");
    dblclick(cell?.querySelector(".cjm-text") ?? null);
    const input = editor(host);
    expect(input?.tagName).toBe("TEXTAREA");
    expect(input?.getAttribute("dir")).toBe("auto");
    expect(input?.value).toBe("Action t1");
    expect(document.activeElement).toBe(input);
    expect(cell?.classList.contains("cjm-editing")).toBe(true);

    type(host, "Clicks the ad");
    key(input, "Enter");
    expect(editor(host)).toBeNull();
    expect(edits(model)).toHaveLength(1);
    const edit = lastEdit(model);
    expect(edit).toMatchObject({ type: "edit", rev: 3, op: { op: "set", id: "t1", column: "action", value: "Clicks the ad" } });
    expect(cell?.textContent).toBe("Clicks the ad");
    expect(cell?.classList.contains("cjm-pending")).toBe(true);
    expect(document.activeElement).toBe(cell);

    model.receive(patch(edit, [edit.op], { op: "set", id: "t1", column: "action", value: "Action t1" }));
    expect(cell?.classList.contains("cjm-pending")).toBe(false);
    expect(cellOf(host, "action", "t1")?.textContent).toBe("Clicks the ad");
    expect(model.get("_rows")[0]?.["action"]).toBe("Clicks the ad");
    expect(model.get("_rev")).toBe(4);
    expect(model.saveCount).toBe(0);
  });

  it("cancels on Escape, giving focus back to the cell", () => {
    const model = editableModel();
    const { host } = mount(model);
    const cell = cellOf(host, "thought", "t2") as HTMLElement;
    cell.focus();
    press("Enter");
    type(host, "Something else");
    press("Escape");
    expect(editor(host)).toBeNull();
    expect(edits(model)).toHaveLength(0);
    expect(cell.textContent).toBe("Thought t2");
    expect(document.activeElement).toBe(cell);
  });

  it("keeps Shift+Enter for line breaks and commits multi-line text on Enter", () => {
    const model = editableModel();
    const { host } = mount(model);
    cellOf(host, "pain_point", "t1")?.focus();
    press("Enter");
    type(host, "Line one");
    const shiftEnter = press("Enter", { shiftKey: true });
    expect(shiftEnter.defaultPrevented).toBe(false); // the textarea inserts the line break
    expect(editor(host)).not.toBeNull();
    type(host, "Line one\nLine two");
    press("Enter");
    expect(lastEdit(model).op).toEqual({ op: "set", id: "t1", column: "pain_point", value: "Line one\nLine two" });
  });

  it("commits on blur, only when the value changed, and sends null for empty text", () => {
    const model = editableModel();
    const { host } = mount(model);
    dblclick(cellOf(host, "action", "t2"));
    editor(host)?.blur();
    expect(edits(model)).toHaveLength(0);

    dblclick(cellOf(host, "pain_point", "t2"));
    type(host, "   ");
    editor(host)?.blur();
    expect(lastEdit(model).op).toEqual({ op: "set", id: "t2", column: "pain_point", value: null });
  });

  it("edits the channel badge, and Tab goes from the name to the channel", () => {
    const model = editableModel();
    const { host } = mount(model);
    dblclick(cellOf(host, "touchpoint", "t1")?.querySelector(".cjm-channel") ?? null);
    expect(editor(host)?.value).toBe("Web");
    expect(editor(host)?.getAttribute("aria-label")).toBe("Edit Channel of Sees an ad");
    type(host, "Email");
    press("Enter");
    expect(lastEdit(model).op).toEqual({ op: "set", id: "t1", column: "channel", value: "Email" });

    dblclick(cellOf(host, "touchpoint", "t3")?.querySelector(".cjm-touchpoint-text") ?? null);
    expect(editor(host)?.value).toBe("Checkout");
    type(host, "Pays");
    press("Tab");
    expect(lastEdit(model).op).toEqual({ op: "set", id: "t3", column: "touchpoint", value: "Pays" });
    expect(editor(host)?.value).toBe("Web"); // now on the channel
    expect(document.activeElement).toBe(editor(host));
  });

  it("stops keys typed in an editor from reaching the notebook", () => {
    const model = editableModel();
    const { host } = mount(model);
    const seen: string[] = [];
    document.body.addEventListener("keydown", (e) => seen.push(e.key));
    dblclick(cellOf(host, "action", "t1"));
    for (const k of ["d", "z", "ArrowDown", "Enter"]) key(editor(host) ?? document.body, k);
    expect(seen).toEqual([]);
  });

  it("keeps an open editor, its text and focus through a redraw caused by another view", () => {
    const model = editableModel();
    const { host } = mount(model);
    dblclick(cellOf(host, "thought", "t3"));
    type(host, "Half typed");
    model.receive(patch(null, [{ op: "insert", row: touchpoint("t0", "Discover"), before: "t1" }]));
    const input = editor(host);
    expect(input?.value).toBe("Half typed");
    expect(input?.parentElement).toBe(cellOf(host, "thought", "t3"));
    expect(document.activeElement).toBe(input);
    press("Enter");
    expect(lastEdit(model).op).toEqual({ op: "set", id: "t3", column: "thought", value: "Half typed" });
  });
});

describe("editing extra columns by kind", () => {
  const rows = [
    touchpoint("t1", "Discover", { cost: 12.5, visits: 3, online: true, tier: "gold", due: null, created: "x" }),
    touchpoint("t2", "Buy", { cost: null, visits: 1, online: false, tier: null, due: null, created: "y" }),
  ];
  const lanes = ["touchpoint", "cost", "visits", "online", "tier", "due", "created"];

  it("uses a numeric input and sends numbers, null for empty", () => {
    const model = editableModel({ _rows: rows, lanes });
    const { host } = mount(model);
    dblclick(cellOf(host, "cost", "t1"));
    const input = editor(host) as HTMLInputElement;
    expect(input.tagName).toBe("INPUT");
    expect(input.getAttribute("inputmode")).toBe("decimal");
    expect(input.value).toBe("12.5");
    type(host, " -2.5e1 ");
    press("Enter");
    expect(lastEdit(model).op).toEqual({ op: "set", id: "t1", column: "cost", value: -25 });

    dblclick(cellOf(host, "visits", "t2"));
    expect((editor(host) as HTMLInputElement).getAttribute("inputmode")).toBe("numeric");
    type(host, "");
    press("Enter");
    expect(lastEdit(model).op).toEqual({ op: "set", id: "t2", column: "visits", value: null });
    dblclick(cellOf(host, "visits", "t1"));
    type(host, "3.0");
    press("Enter"); // the same number: nothing to send
    expect(edits(model)).toHaveLength(2);
  });

  it("lets Python refuse what is not a number, with its own message", () => {
    const model = editableModel({ _rows: rows, lanes });
    const { host } = mount(model);
    dblclick(cellOf(host, "visits", "t1"));
    type(host, "lots");
    press("Enter");
    const edit = lastEdit(model);
    expect(edit.op).toEqual({ op: "set", id: "t1", column: "visits", value: "lots" });
    model.receive({ type: "reject", edit_id: edit.edit_id, message: "touchpoints, column 'visits': expected a number, got 'lots'" });
    expect(cellOf(host, "visits", "t1")?.textContent).toBe("3");
    expect(host.querySelector(".cjm-message")?.textContent).toContain("expected a number");
  });

  it("toggles a boolean with its checkbox or Space/Enter on the cell", () => {
    const model = editableModel({ _rows: rows, lanes });
    const { host } = mount(model);
    const box = cellOf(host, "online", "t1")?.querySelector<HTMLInputElement>("input.cjm-checkbox");
    expect(box?.checked).toBe(true);
    box?.click();
    expect(lastEdit(model).op).toEqual({ op: "set", id: "t1", column: "online", value: false });
    cellOf(host, "online", "t2")?.focus();
    press(" ");
    expect(lastEdit(model).op).toEqual({ op: "set", id: "t2", column: "online", value: true });
    expect(editor(host)).toBeNull();
  });

  it("offers a category's options in a select", () => {
    const model = editableModel({ _rows: rows, lanes });
    const { host } = mount(model);
    cellOf(host, "tier", "t2")?.focus();
    press("Enter");
    const select = editor(host) as HTMLSelectElement;
    expect(select.tagName).toBe("SELECT");
    expect(texts(select.querySelectorAll("option"))).toEqual(["—", "gold", "silver"]);
    select.value = "silver";
    press("Enter");
    expect(lastEdit(model).op).toEqual({ op: "set", id: "t2", column: "tier", value: "silver" });
  });

  it("edits a datetime as ISO text and never opens read-only columns", () => {
    const model = editableModel({ _rows: rows, lanes });
    const { host } = mount(model);
    dblclick(cellOf(host, "due", "t1"));
    expect((editor(host) as HTMLInputElement).type).toBe("text");
    type(host, "2024-05-01T10:00");
    press("Enter");
    expect(lastEdit(model).op).toEqual({ op: "set", id: "t1", column: "due", value: "2024-05-01T10:00" });
    dblclick(cellOf(host, "created", "t1"));
    cellOf(host, "created", "t1")?.focus();
    press("Enter");
    expect(editor(host)).toBeNull();
    expect(edits(model)).toHaveLength(1);
  });
});
