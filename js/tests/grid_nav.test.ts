import { describe, expect, it } from "vitest";
import { journeyModel, touchpoint } from "./fake_model";
import { cellOf, mount } from "./render_helpers";

function press(key: string, init: KeyboardEventInit = {}): void {
  const target = document.activeElement ?? document.body;
  target.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true, ...init }));
}

function tabStops(host: Element): Element[] {
  return Array.from(host.querySelectorAll('.cjm-cell[tabindex="0"]'));
}

describe("keyboard navigation", () => {
  it("has exactly one cell in the tab order, the first one", () => {
    const { host } = mount(journeyModel());
    const stops = tabStops(host);
    expect(stops).toHaveLength(1);
    expect(stops[0]?.classList.contains("cjm-corner")).toBe(true);
    expect(host.querySelectorAll('.cjm-cell[tabindex="-1"]').length).toBeGreaterThan(10);
  });

  it("moves right and down between cells with the arrow keys", () => {
    const { host } = mount(journeyModel());
    const start = cellOf(host, "touchpoint", "t1");
    start?.focus();
    expect(document.activeElement).toBe(start);

    press("ArrowRight");
    expect(document.activeElement).toBe(cellOf(host, "touchpoint", "t2"));
    press("ArrowDown");
    expect(document.activeElement).toBe(cellOf(host, "action", "t2"));
    press("ArrowLeft");
    expect(document.activeElement).toBe(cellOf(host, "action", "t1"));
    press("ArrowUp");
    expect(document.activeElement).toBe(start);
    press("ArrowUp");
    // Up from the first lane reaches the (spanning) stage header above.
    expect(document.activeElement?.getAttribute("data-stage")).toBe("Discover");
    expect(tabStops(host)).toEqual([document.activeElement]);
  });

  it("moves from a spanning stage header down into its first column and stays put at edges", () => {
    const { host } = mount(journeyModel());
    const buy = host.querySelector<HTMLElement>('.cjm-stage-header[data-stage="Buy"]');
    buy?.focus();
    press("ArrowDown");
    expect(document.activeElement).toBe(cellOf(host, "touchpoint", "t3"));
    press("End");
    expect(document.activeElement?.getAttribute("data-stage")).toBe("Use");
    const event = new KeyboardEvent("keydown", { key: "ArrowRight", bubbles: true, cancelable: true });
    document.activeElement?.dispatchEvent(event);
    expect(document.activeElement?.getAttribute("data-stage")).toBe("Use");
    expect(event.defaultPrevented).toBe(true);
    press("Home");
    expect(document.activeElement?.getAttribute("role")).toBe("rowheader");
  });

  it("keeps the active cell across a re-render", () => {
    const model = journeyModel();
    const { host } = mount(model);
    cellOf(host, "thought", "t2")?.focus();
    model.set("_rows", [touchpoint("t0", "Discover"), ...model.get("_rows")]);
    expect(document.activeElement).toBe(cellOf(host, "thought", "t2"));
    expect(tabStops(host)).toHaveLength(1);
  });

  it("stops listening after cleanup", () => {
    const { host, cleanup } = mount(journeyModel());
    const root = host.querySelector(".cjm-journey-map") as HTMLElement;
    const cell = cellOf(host, "touchpoint", "t1") as HTMLElement;
    cleanup();
    host.append(root); // put the detached DOM back to poke it
    cell.focus();
    press("ArrowRight");
    expect(document.activeElement).toBe(cell);
  });
});
