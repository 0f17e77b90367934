import { describe, expect, it } from "vitest";
import { buildLayout } from "../src/journey_map/layout";
import { stepMove } from "../src/journey_map/touchpoints";
import { journeyModel, STAGES, touchpoint } from "./fake_model";
import { cellOf, click, editor, edits, headerOf, lastEdit, mount, patch, press } from "./render_helpers";

describe("stepMove", () => {
  const layout = buildLayout(STAGES, [
    touchpoint("a", "Discover"),
    touchpoint("b", "Discover"),
    touchpoint("c", "Discover"),
    touchpoint("d", "Buy"),
  ]);

  it("moves one place within a stage", () => {
    expect(stepMove(layout, "b", -1)).toEqual({ op: "move", id: "b", stage: "Discover", before: "a" });
    expect(stepMove(layout, "a", 1)).toEqual({ op: "move", id: "a", stage: "Discover", before: "c" });
    expect(stepMove(layout, "b", 1)).toEqual({ op: "move", id: "b", stage: "Discover", before: null });
  });

  it("crosses into the neighbouring stage at a stage's edge, and stops at the map's ends", () => {
    expect(stepMove(layout, "c", 1)).toEqual({ op: "move", id: "c", stage: "Buy", before: "d" });
    expect(stepMove(layout, "d", -1)).toEqual({ op: "move", id: "d", stage: "Discover", before: null });
    expect(stepMove(layout, "d", 1)).toEqual({ op: "move", id: "d", stage: "Use", before: null }); // empty stage
    expect(stepMove(layout, "a", -1)).toBeNull();
    expect(stepMove(layout, "zzz", 1)).toBeNull();
  });
});

describe("adding and deleting touchpoints", () => {
  it("adds a touchpoint from the stage header, then focuses it and edits its name", () => {
    const model = journeyModel({ editable: true });
    const { host } = mount(model);
    const add = headerOf(host, "Use")?.querySelector<HTMLButtonElement>("button.cjm-add-touchpoint");
    expect(add?.getAttribute("aria-label")).toBe("Add touchpoint to Use");
    expect(add?.textContent).toBe("+");
    expect(add?.dataset["stage"]).toBe("Use");
    click(add ?? null);
    const edit = lastEdit(model);
    expect(edit.op).toEqual({ op: "insert", row: { stage: "Use", touchpoint: "New touchpoint" }, before: null });
    expect(model.get("selected_stage")).toBeUndefined();
    expect(model.sentOf("set_trait")).toHaveLength(0); // the click does not select the stage

    const row = touchpoint("tp-4", "Use", { touchpoint: "New touchpoint", channel: null, action: null, thought: null });
    model.receive(patch(edit, [{ op: "insert", row, before: null }], { op: "delete", id: "tp-4" }));
    const cell = cellOf(host, "touchpoint", "tp-4");
    const input = editor(host) as HTMLTextAreaElement;
    expect(input.parentElement).toBe(cell);
    expect(input.value).toBe("New touchpoint");
    expect([input.selectionStart, input.selectionEnd]).toEqual([0, "New touchpoint".length]);
    expect(document.activeElement).toBe(input);
  });

  it("deletes with the × button or the Delete key on a touchpoint cell", () => {
    const model = journeyModel({ editable: true });
    const { host } = mount(model);
    const button = cellOf(host, "touchpoint", "t2")?.querySelector<HTMLButtonElement>("button.cjm-delete-touchpoint");
    expect(button?.getAttribute("aria-label")).toBe("Delete touchpoint Reads reviews");
    expect(button?.dataset["id"]).toBe("t2");
    click(button ?? null);
    expect(lastEdit(model).op).toEqual({ op: "delete", id: "t2" });

    cellOf(host, "touchpoint", "t3")?.focus();
    const event = press("Delete");
    expect(event.defaultPrevented).toBe(true);
    expect(lastEdit(model).op).toEqual({ op: "delete", id: "t3" });
    // Delete on another lane's cell, or inside an editor, deletes nothing.
    cellOf(host, "action", "t1")?.focus();
    press("Delete");
    press("Enter");
    press("Delete");
    expect(edits(model)).toHaveLength(2);
  });

  it("moves the focused touchpoint with Alt+Arrow and keeps focus on it", () => {
    const model = journeyModel({ editable: true });
    const { host } = mount(model);
    cellOf(host, "touchpoint", "t2")?.focus();
    press("ArrowRight", { altKey: true });
    const edit = lastEdit(model);
    expect(edit.op).toEqual({ op: "move", id: "t2", stage: "Buy", before: "t3" });
    model.receive(patch(edit, [edit.op], { op: "move", id: "t2", stage: "Discover", before: null }));
    expect(cellOf(host, "touchpoint", "t2")?.getAttribute("data-stage")).toBe("Buy");
    expect(document.activeElement).toBe(cellOf(host, "touchpoint", "t2"));
    press("ArrowLeft", { altKey: true });
    expect(lastEdit(model).op).toEqual({ op: "move", id: "t2", stage: "Discover", before: null });
  });
});
