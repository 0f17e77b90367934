import { describe, expect, it } from "vitest";
import { freshStageName } from "../src/journey_map/stage_menu";
import { journeyModel } from "./fake_model";
import { click, dblclick, editor, edits, headerOf, key, lastEdit, mount, patch, press, texts } from "./render_helpers";

function openMenu(host: HTMLElement, stage: string): HTMLElement {
  click(headerOf(host, stage)?.querySelector(".cjm-stage-menu") ?? null);
  const menu = host.querySelector<HTMLElement>('.cjm-menu[role="menu"]');
  if (!menu) throw new Error("menu did not open");
  return menu;
}

function item(host: HTMLElement, action: string): HTMLElement | null {
  return host.querySelector<HTMLElement>(`.cjm-menu [data-action="${action}"]`);
}

describe("stage menu", () => {
  it("opens from the header's menu button and is keyboard navigable", () => {
    const model = journeyModel({ editable: true });
    const { host } = mount(model);
    const button = headerOf(host, "Buy")?.querySelector<HTMLButtonElement>("button.cjm-stage-menu");
    expect(button?.getAttribute("aria-label")).toBe("Stage Buy actions");
    const menu = openMenu(host, "Buy");
    expect(button?.getAttribute("aria-expanded")).toBe("true");
    expect(texts(menu.querySelectorAll('[role="menuitem"]'))).toEqual([
      "Add touchpoint",
      "Rename",
      "Move left",
      "Move right",
      "Add stage after",
      "Delete stage…",
    ]);
    expect(document.activeElement).toBe(item(host, "add-touchpoint"));
    press("ArrowDown");
    expect(document.activeElement).toBe(item(host, "rename"));
    press("End");
    expect(document.activeElement).toBe(item(host, "delete"));
    press("ArrowDown"); // wraps
    expect(document.activeElement).toBe(item(host, "add-touchpoint"));
    press("Escape");
    expect(host.querySelector(".cjm-menu")).toBeNull();
    expect(document.activeElement).toBe(headerOf(host, "Buy"));
    expect(button?.getAttribute("aria-expanded")).toBe("false");
    expect(edits(model)).toHaveLength(0);
  });

  it("opens with Enter on a focused header and disables moves past the ends", () => {
    const { host } = mount(journeyModel({ editable: true }));
    headerOf(host, "Discover")?.focus();
    press("Enter");
    expect(item(host, "move-left")?.getAttribute("aria-disabled")).toBe("true");
    expect(item(host, "move-right")?.getAttribute("aria-disabled")).toBeNull();
    press("Home");
    press("ArrowDown");
    press("ArrowDown"); // skips the disabled "Move left"
    expect(document.activeElement).toBe(item(host, "move-right"));
  });

  it("moves a stage left or right and keeps focus on its header", () => {
    const model = journeyModel({ editable: true });
    const { host } = mount(model);
    openMenu(host, "Buy");
    click(item(host, "move-right"));
    const edit = lastEdit(model);
    expect(edit.op).toEqual({ op: "move_stage", stage: "Buy", index: 2 });
    model.receive(patch(edit, [edit.op], { op: "move_stage", stage: "Buy", index: 1 }));
    expect(texts(host.querySelectorAll(".cjm-stage-name"))).toEqual(["Discover", "Use", "Buy"]);
    expect(document.activeElement).toBe(headerOf(host, "Buy"));
    openMenu(host, "Use");
    click(item(host, "move-left"));
    expect(lastEdit(model).op).toEqual({ op: "move_stage", stage: "Use", index: 0 });
  });

  it("renames in place from the menu, F2 or a double-click on the name", () => {
    const model = journeyModel({ editable: true });
    const { host } = mount(model);
    openMenu(host, "Buy");
    click(item(host, "rename"));
    let input = editor(host) as HTMLInputElement;
    expect(input.closest(".cjm-stage-header")).toBe(headerOf(host, "Buy"));
    expect(input.value).toBe("Buy");
    input.value = "Purchase";
    press("Enter");
    expect(lastEdit(model).op).toEqual({ op: "rename_stage", stage: "Buy", to: "Purchase" });
    expect(document.activeElement).toBe(headerOf(host, "Buy"));

    dblclick(headerOf(host, "Use")?.querySelector(".cjm-stage-name") ?? null);
    input = editor(host) as HTMLInputElement;
    input.value = "  ";
    press("Enter"); // an empty name is not sent
    headerOf(host, "Discover")?.focus();
    press("F2");
    (editor(host) as HTMLInputElement).value = "Find";
    press("Escape");
    expect(edits(model)).toHaveLength(1);
  });

  it("adds a stage after this one, or at the end with + Stage, asking its name", () => {
    const model = journeyModel({ editable: true });
    const { host } = mount(model);
    openMenu(host, "Discover");
    click(item(host, "add-after"));
    const input = host.querySelector<HTMLInputElement>(".cjm-prompt input.cjm-editor");
    expect(input?.value).toBe("New stage");
    expect(document.activeElement).toBe(input);
    (input as HTMLInputElement).value = "Compare";
    press("Enter");
    const edit = lastEdit(model);
    expect(edit.op).toEqual({ op: "add_stage", stage: "Compare", index: 1 });
    model.receive(
      patch(edit, [{ op: "add_stage", stage: "Compare", index: 1, record: { stage: "Compare", description: null, goal: null } }], {
        op: "delete_stage",
        stage: "Compare",
        touchpoints: "remove",
      }),
    );
    expect(texts(host.querySelectorAll(".cjm-stage-name"))).toEqual(["Discover", "Compare", "Buy", "Use"]);
    expect(document.activeElement).toBe(headerOf(host, "Compare"));

    const add = host.querySelector<HTMLButtonElement>("button.cjm-add-stage");
    expect(add?.getAttribute("aria-label")).toBe("Add stage");
    click(add);
    const second = host.querySelector<HTMLInputElement>(".cjm-prompt input");
    (second as HTMLInputElement).value = "Leave";
    press("Enter");
    expect(lastEdit(model).op).toEqual({ op: "add_stage", stage: "Leave", index: null });
    click(add);
    press("Escape");
    expect(host.querySelector(".cjm-prompt")).toBeNull();
    expect(edits(model)).toHaveLength(2);
  });

  it("names new stages uniquely", () => {
    expect(freshStageName(["A"])).toBe("New stage");
    expect(freshStageName(["New stage", "New stage 2"])).toBe("New stage 3");
  });
});

describe("deleting a stage", () => {
  function openDelete(host: HTMLElement, stage: string): HTMLElement {
    openMenu(host, stage);
    click(item(host, "delete"));
    const dialog = host.querySelector<HTMLElement>('.cjm-dialog[role="dialog"]');
    if (!dialog) throw new Error("no dialog");
    return dialog;
  }

  it("asks what to do with the touchpoints and moves them by default", () => {
    const model = journeyModel({ editable: true });
    const { host } = mount(model);
    const dialog = openDelete(host, "Discover");
    expect(dialog.getAttribute("aria-modal")).toBe("true");
    expect(dialog.textContent).toContain("2 touchpoints");
    const move = dialog.querySelector<HTMLInputElement>('input[type="radio"][value="move"]');
    expect(move?.checked).toBe(true);
    expect(document.activeElement).toBe(move);
    // One label per control (Playwright's get_by_label("Move them to") must find the radio alone).
    expect(move?.closest("label")?.contains(dialog.querySelector("select"))).toBe(false);
    expect(move?.closest("label")?.textContent).toBe("Move them to");
    const select = dialog.querySelector<HTMLSelectElement>("select.cjm-delete-target");
    expect(texts(select?.querySelectorAll("option") ?? [])).toEqual(["Buy", "Use"]);
    (select as HTMLSelectElement).value = "Use";
    click(dialog.querySelector(".cjm-dialog-confirm"));
    expect(lastEdit(model).op).toEqual({ op: "delete_stage", stage: "Discover", touchpoints: "move", to: "Use" });
    expect(host.querySelector(".cjm-dialog")).toBeNull();
    expect(document.activeElement).toBe(headerOf(host, "Discover"));
  });

  it("deletes the touchpoints when asked to", () => {
    const model = journeyModel({ editable: true });
    const { host } = mount(model);
    const dialog = openDelete(host, "Buy");
    dialog.querySelector<HTMLInputElement>('input[value="remove"]')?.click();
    click(dialog.querySelector(".cjm-dialog-confirm"));
    expect(lastEdit(model).op).toEqual({ op: "delete_stage", stage: "Buy", touchpoints: "remove" });
  });

  it("traps focus and cancels on Escape", () => {
    const model = journeyModel({ editable: true });
    const { host } = mount(model);
    const dialog = openDelete(host, "Buy");
    const confirm = dialog.querySelector<HTMLElement>(".cjm-dialog-confirm");
    confirm?.focus();
    const tab = press("Tab");
    expect(tab.defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(dialog.querySelector('input[type="radio"]'));
    press("Tab", { shiftKey: true });
    expect(document.activeElement).toBe(confirm);
    press("Escape");
    expect(host.querySelector(".cjm-dialog")).toBeNull();
    expect(document.activeElement).toBe(headerOf(host, "Buy"));
    expect(edits(model)).toHaveLength(0);
  });

  it("just confirms for a stage without touchpoints", () => {
    const model = journeyModel({ editable: true });
    const { host } = mount(model);
    const dialog = openDelete(host, "Use");
    expect(dialog.querySelector('input[type="radio"]')).toBeNull();
    expect(dialog.textContent).toContain("no touchpoints");
    click(dialog.querySelector(".cjm-dialog-confirm"));
    expect(lastEdit(model).op).toEqual({ op: "delete_stage", stage: "Use", touchpoints: "remove" });
  });
});

describe("selecting a stage", () => {
  it("selects on a click of the header, clears on a second click, and follows the trait", () => {
    const model = journeyModel();
    const { host } = mount(model);
    click(headerOf(host, "Buy")?.querySelector(".cjm-stage-name") ?? null);
    expect(model.sentOf("set_trait")).toEqual([{ type: "set_trait", name: "selected_stage", value: "Buy" }]);
    expect(model.sentOf("edit")).toHaveLength(0);
    // Python sets the trait; every view highlights it.
    model.set("selected_stage", "Buy");
    expect(headerOf(host, "Buy")?.classList.contains("cjm-selected")).toBe(true);
    expect(headerOf(host, "Buy")?.getAttribute("aria-selected")).toBe("true");
    expect(host.querySelectorAll(".cjm-selected")).toHaveLength(1);
    click(headerOf(host, "Buy"));
    expect(model.sentOf("set_trait")[1]).toEqual({ type: "set_trait", name: "selected_stage", value: null });
    model.set("selected_stage", null);
    expect(host.querySelector(".cjm-selected")).toBeNull();
  });

  it("selects with Space (and Enter in a read-only map)", () => {
    const model = journeyModel({ selected_stage: "Use" });
    const { host } = mount(model);
    expect(headerOf(host, "Use")?.classList.contains("cjm-selected")).toBe(true);
    key(headerOf(host, "Discover"), " ");
    key(headerOf(host, "Use"), "Enter");
    expect(model.sentOf("set_trait").map((m) => m["value"])).toEqual(["Discover", null]);
  });
});
