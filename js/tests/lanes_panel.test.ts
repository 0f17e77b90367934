import { describe, expect, it } from "vitest";
import { reorder } from "../src/journey_map/lanes_panel";
import { journeyModel, touchpoint } from "./fake_model";
import { click, mount, press, texts } from "./render_helpers";

const columns = ["id", "stage", "touchpoint", "channel", "action", "thought", "emotion", "pain_point", "opportunity", "owner"].map(
  (name) => ({ name, kind: name === "emotion" ? "number" : "text" }) as const,
);

function openPanel(host: HTMLElement): HTMLElement {
  click(host.querySelector("button.cjm-lanes-button"));
  const panel = host.querySelector<HTMLElement>(".cjm-lanes-panel");
  if (!panel) throw new Error("no panel");
  return panel;
}

const box = (panel: Element, lane: string): HTMLInputElement | null =>
  panel.querySelector<HTMLInputElement>(`input[type="checkbox"][data-lane="${lane}"]`);

describe("lanes panel", () => {
  it("lists the shown lanes in order, then the others, from _columns", () => {
    const model = journeyModel({ _columns: [...columns], lanes: ["touchpoint", "emotion", "action"] });
    const { host } = mount(model);
    const button = host.querySelector("button.cjm-lanes-button");
    expect(button?.textContent).toBe("Lanes");
    const panel = openPanel(host);
    expect(button?.getAttribute("aria-expanded")).toBe("true");
    expect(Array.from(panel.querySelectorAll("li"), (li) => li.getAttribute("data-lane"))).toEqual([
      "touchpoint",
      "emotion",
      "action",
      "channel",
      "thought",
      "pain_point",
      "opportunity",
      "owner",
    ]);
    expect(texts(panel.querySelectorAll(".cjm-lanes-label"))).toContain("Pain point");
    expect(box(panel, "touchpoint")?.disabled).toBe(true);
    expect(box(panel, "touchpoint")?.checked).toBe(true);
    expect(box(panel, "owner")?.checked).toBe(false);
    expect(panel.querySelector('[data-lane="id"], [data-lane="stage"]')).toBeNull();
  });

  it("shows and hides lanes with the checkboxes (also in a read-only map)", () => {
    const model = journeyModel({ _columns: [...columns], lanes: ["touchpoint", "emotion", "action"] });
    const { host } = mount(model);
    const panel = openPanel(host);
    box(panel, "owner")?.click();
    expect(model.sentOf("set_trait").pop()).toEqual({ type: "set_trait", name: "lanes", value: ["touchpoint", "emotion", "action", "owner"] });
    box(panel, "emotion")?.click();
    expect(model.sentOf("set_trait").pop()).toEqual({ type: "set_trait", name: "lanes", value: ["touchpoint", "action"] });
    expect(model.sentOf("edit")).toHaveLength(0);
  });

  it("reorders shown lanes with Up/Down and redraws when the trait comes back", () => {
    const model = journeyModel({ _columns: [...columns], lanes: ["touchpoint", "emotion", "action"] });
    const { host } = mount(model);
    const panel = openPanel(host);
    const up = panel.querySelector<HTMLButtonElement>('.cjm-lane-up[data-lane="action"]');
    expect(up?.getAttribute("aria-label")).toBe("Move Action up");
    expect(panel.querySelector<HTMLButtonElement>('.cjm-lane-up[data-lane="touchpoint"]')?.disabled).toBe(true);
    expect(panel.querySelector<HTMLButtonElement>('.cjm-lane-down[data-lane="owner"]')?.disabled).toBe(true);
    up?.focus();
    click(up ?? null);
    expect(model.sentOf("set_trait").pop()).toEqual({ type: "set_trait", name: "lanes", value: ["touchpoint", "action", "emotion"] });
    model.set("lanes", ["touchpoint", "action", "emotion"]);
    expect(texts(host.querySelectorAll('[role="rowheader"]'))).toEqual(["Touchpoint", "Action", "Emotion"]);
    const again = host.querySelector(".cjm-lanes-panel");
    expect(Array.from(again?.querySelectorAll("li") ?? [], (li) => li.getAttribute("data-lane")).slice(0, 3)).toEqual([
      "touchpoint",
      "action",
      "emotion",
    ]);
    expect(document.activeElement).toBe(again?.querySelector('.cjm-lane-up[data-lane="action"]'));
    click(again?.querySelector('.cjm-lane-down[data-lane="action"]') ?? null);
    expect(model.sentOf("set_trait").pop()).toMatchObject({ value: ["touchpoint", "emotion", "action"] });
  });

  it("closes on Escape, giving focus back to its button", () => {
    const { host } = mount(journeyModel({ _rows: [touchpoint("x", "Buy", { owner: "me" })] }));
    const panel = openPanel(host);
    // Without _columns, the columns come from the rows.
    expect(box(panel, "owner")).not.toBeNull();
    panel.querySelector<HTMLInputElement>("input:not([disabled])")?.focus();
    press("Escape");
    expect(host.querySelector(".cjm-lanes-panel")).toBeNull();
    expect(document.activeElement).toBe(host.querySelector("button.cjm-lanes-button"));
  });

  it("moves a lane by one place", () => {
    expect(reorder(["a", "b", "c"], "c", -1)).toEqual(["a", "c", "b"]);
    expect(reorder(["a", "b", "c"], "a", -1)).toEqual(["a", "b", "c"]);
    expect(reorder(["a", "b"], "z", 1)).toEqual(["a", "b"]);
  });
});
