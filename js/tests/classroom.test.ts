import { describe, expect, it } from "vitest";
import { stageTime } from "../src/journey_map/draw_grid";
import { journeyModel, touchpoint } from "./fake_model";
import { cellOf, click, dblclick, edits, headerOf, key, mount, texts } from "./render_helpers";

function openMenu(host: HTMLElement, stage: string): HTMLElement {
  click(headerOf(host, stage)?.querySelector(".cjm-stage-menu") ?? null);
  const menu = host.querySelector<HTMLElement>('.cjm-menu[role="menu"]');
  if (!menu) throw new Error("menu did not open");
  return menu;
}

const disabled = (menu: HTMLElement, action: string): boolean =>
  menu.querySelector(`[data-action="${action}"]`)?.getAttribute("aria-disabled") === "true";

describe("locked lanes and stages", () => {
  it("marks locked lanes and stages and opens no editor in them, saying why", () => {
    const model = journeyModel({ editable: true, locked: ["thought", "touchpoint", "Discover"] });
    const { host } = mount(model);
    expect(host.querySelector('.cjm-lane-label[data-lane="thought"] .cjm-lock')?.getAttribute("aria-label")).toContain("Locked");
    expect(host.querySelector('.cjm-lane-label[data-lane="action"] .cjm-lock')).toBeNull();
    expect(cellOf(host, "thought", "t1")?.classList.contains("cjm-locked")).toBe(true);
    expect(cellOf(host, "action", "t1")?.classList.contains("cjm-locked")).toBe(false);
    expect(headerOf(host, "Discover")?.classList.contains("cjm-locked")).toBe(true);
    expect(headerOf(host, "Discover")?.querySelector(".cjm-lock")).not.toBeNull();

    dblclick(cellOf(host, "thought", "t1")?.querySelector(".cjm-text") ?? null);
    expect(host.querySelector(".cjm-editor")).toBeNull();
    expect(host.querySelector(".cjm-message")?.textContent).toContain("Thought lane is locked");
    key(cellOf(host, "touchpoint", "t1"), "Enter");
    expect(host.querySelector(".cjm-editor")).toBeNull();
    // An open lane still edits.
    dblclick(cellOf(host, "action", "t1")?.querySelector(".cjm-text") ?? null);
    expect(host.querySelector(".cjm-editor")).not.toBeNull();
    expect(edits(model)).toHaveLength(0);
  });

  it("offers no touchpoint controls when the touchpoint lane is locked", () => {
    const { host } = mount(journeyModel({ editable: true, locked: ["touchpoint"] }));
    expect(host.querySelector(".cjm-delete-touchpoint")).toBeNull();
    expect(host.querySelector(".cjm-drag-handle")).toBeNull();
    expect(host.querySelector(".cjm-add-touchpoint")).toBeNull();
    const menu = openMenu(host, "Buy");
    expect(disabled(menu, "add-touchpoint")).toBe(true);
    expect(disabled(menu, "rename")).toBe(false);
  });

  it("keeps a locked stage's name, place and existence out of reach", () => {
    const model = journeyModel({ editable: true, locked: ["Buy"] });
    const { host } = mount(model);
    const menu = openMenu(host, "Buy");
    for (const action of ["rename", "move-left", "move-right", "delete"]) expect(disabled(menu, action)).toBe(true);
    expect(disabled(menu, "add-touchpoint")).toBe(false);
    key(headerOf(host, "Buy"), "Escape");
    dblclick(headerOf(host, "Buy")?.querySelector(".cjm-stage-name") ?? null);
    expect(host.querySelector(".cjm-editor")).toBeNull();
    expect(host.querySelector(".cjm-message")?.textContent).toContain("stage Buy is locked");
    expect(edits(model)).toHaveLength(0);
  });

  it("makes the emotion dots plain points when the emotion lane is locked", () => {
    const { host } = mount(journeyModel({ editable: true, locked: ["emotion"] }));
    expect(host.querySelector('.cjm-emotion-dot[role="slider"]')).toBeNull();
    const open = mount(journeyModel({ editable: true })).host;
    expect(open.querySelector('.cjm-emotion-dot[role="slider"]')).not.toBeNull();
  });

  it("follows changes of the locked trait", () => {
    const model = journeyModel({ editable: true, locked: ["thought"] });
    const { host } = mount(model);
    model.set("locked", []);
    expect(host.querySelectorAll(".cjm-locked")).toHaveLength(0);
  });
});

describe("evidence", () => {
  it("labels each touchpoint with what backs it, as text", () => {
    const model = journeyModel({
      _rows: [
        touchpoint("t1", "Discover", { evidence: "observed" }),
        touchpoint("t2", "Discover", { evidence: "assumed" }),
        touchpoint("t3", "Buy", { evidence: "<b>made up</b>" }),
      ],
    });
    const { host } = mount(model);
    const badge = (id: string) => cellOf(host, "touchpoint", id)?.querySelector(".cjm-evidence");
    expect(badge("t1")?.textContent).toBe("Observed");
    expect(badge("t1")?.getAttribute("data-evidence")).toBe("observed");
    expect(badge("t2")?.textContent).toBe("Assumed");
    expect(badge("t2")?.getAttribute("title")).toContain("hypothesis");
    expect(badge("t3")).toBeNull();
  });
});

describe("map kinds", () => {
  it("shows a day in the life's stages as times of day", () => {
    const model = journeyModel({
      kind: "day-in-the-life",
      _stages: [
        { stage: "Wake up", description: null, goal: null, time: "7:00" },
        { stage: "12:30", description: null, goal: null },
        { stage: "Evening", description: null, goal: null },
      ],
      _rows: [touchpoint("t1", "Wake up"), touchpoint("t2", "12:30")],
    });
    const { host } = mount(model);
    expect(host.querySelector(".cjm-kind")?.textContent).toBe("Day in the life");
    const time = (stage: string) => headerOf(host, stage)?.querySelector(".cjm-stage-time");
    expect(time("Wake up")?.textContent).toContain("7:00");
    expect(time("Wake up")?.getAttribute("aria-label")).toBe("Time of day: 7:00");
    expect(time("12:30")?.getAttribute("aria-label")).toBe("Time of day: 12:30");
    expect(time("12:30")?.textContent).toBe(""); // the stage's name already reads 12:30
    expect(time("Evening")?.getAttribute("aria-label")).toBeNull();
    expect(time("Evening")?.querySelector(".cjm-clock")).not.toBeNull();
    model.set("kind", "current");
    expect(host.querySelector(".cjm-stage-time")).toBeNull();
  });

  it("reads clock times from stage names", () => {
    expect(stageTime({ stage: "07.30" })).toBe("07.30");
    expect(stageTime({ stage: "9 am" })).toBe("9 am");
    expect(stageTime({ stage: "Lunch" })).toBeNull();
    expect(stageTime({ stage: "Lunch", time: "12:00" })).toBe("12:00");
  });

  it("marks a future-state map with a badge and a frame", () => {
    const { host } = mount(journeyModel({ kind: "future" }));
    expect(host.querySelector(".cjm-kind-future")?.textContent).toBe("Future state");
    expect(host.querySelector(".cjm-journey-map")?.classList.contains("cjm-future")).toBe(true);
  });
});

describe("languages", () => {
  it("shows the map's labels in Chinese or Latvian and the user's text unchanged", () => {
    const model = journeyModel({ language: "zh", editable: true, kind: "future" });
    const { host } = mount(model);
    const root = host.querySelector(".cjm-journey-map");
    expect(root?.getAttribute("lang")).toBe("zh");
    expect(texts(host.querySelectorAll(".cjm-lane-label"))).toEqual(["触点", "行为", "想法", "情绪", "痛点", "机会"]);
    expect(host.querySelector(".cjm-kind")?.textContent).toBe("未来状态");
    expect(host.querySelector(".cjm-undo")?.textContent).toBe("撤销");
    expect(cellOf(host, "touchpoint", "t1")?.querySelector(".cjm-touchpoint-text")?.textContent).toBe("Sees an ad");
    model.set("language", "lv");
    expect(texts(host.querySelectorAll(".cjm-lane-label"))[0]).toBe("Saskares punkts");
    expect(host.querySelector(".cjm-undo")?.textContent).toBe("Atsaukt");
    model.set("language", "");
    expect(texts(host.querySelectorAll(".cjm-lane-label"))[0]).toBe("Touchpoint");
    expect(root?.hasAttribute("lang")).toBe(false);
  });
});
