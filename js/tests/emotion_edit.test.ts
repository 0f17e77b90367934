import { describe, expect, it } from "vitest";
import { scoreAtY } from "../src/journey_map/emotion";
import { scoreForKey } from "../src/journey_map/emotion_edit";
import { journeyModel, touchpoint } from "./fake_model";
import { cellOf, edits, lastEdit, mount, patch, pointer, press, setRect } from "./render_helpers";

const rows = [
  touchpoint("a", "Discover", { emotion: 1, touchpoint: "Sees an ad" }),
  touchpoint("b", "Discover", { emotion: null }),
  touchpoint("c", "Buy", { emotion: -1 }),
];

const dotOf = (host: Element, id: string): HTMLElement | null =>
  cellOf(host, "emotion", id)?.querySelector<HTMLElement>(".cjm-emotion-dot") ?? null;

describe("emotion geometry for editing", () => {
  it("turns a pointer height into a half-point score inside the scale", () => {
    expect(scoreAtY(15, [-2, 2])).toBe(2);
    expect(scoreAtY(50, [-2, 2])).toBe(0);
    expect(scoreAtY(85, [-2, 2])).toBe(-2);
    expect(scoreAtY(40, [-2, 2])).toBe(0.5);
    expect(scoreAtY(-20, [-2, 2])).toBe(2);
    expect(scoreAtY(200, [1, 5])).toBe(1);
  });

  it("steps by 1, 0.5 with Shift, and jumps with Home/End, clamped", () => {
    expect(scoreForKey("ArrowUp", false, 1, [-2, 2])).toBe(2);
    expect(scoreForKey("ArrowUp", false, 2, [-2, 2])).toBe(2);
    expect(scoreForKey("ArrowDown", true, 1, [-2, 2])).toBe(0.5);
    expect(scoreForKey("Home", false, 0, [-2, 2])).toBe(2);
    expect(scoreForKey("End", false, 0, [-2, 2])).toBe(-2);
    expect(scoreForKey("x", false, 0, [-2, 2])).toBeNull();
  });
});

describe("emotion dots as sliders", () => {
  it("marks up each dot as a labelled slider, with a placeholder for a missing score", () => {
    const { host } = mount(journeyModel({ editable: true, _rows: rows }));
    const dot = dotOf(host, "a");
    expect(dot?.getAttribute("role")).toBe("slider");
    expect(dot?.getAttribute("aria-label")).toBe("Emotion +1 at Sees an ad");
    expect(dot?.getAttribute("aria-valuemin")).toBe("-2");
    expect(dot?.getAttribute("aria-valuemax")).toBe("2");
    expect(dot?.getAttribute("aria-valuenow")).toBe("1");
    expect(dot?.getAttribute("data-id")).toBe("a");
    expect(dot?.tabIndex).toBe(-1);
    const placeholder = dotOf(host, "b");
    expect(placeholder?.classList.contains("cjm-emotion-placeholder")).toBe(true);
    expect(placeholder?.style.top).toBe("50%");
    expect(placeholder?.getAttribute("aria-valuenow")).toBe("0");
    expect(cellOf(host, "emotion", "b")?.querySelector(".cjm-emotion-score")).toBeNull();
  });

  it("sends one set edit per key, from the value shown (pending included)", () => {
    const model = journeyModel({ editable: true, _rows: rows });
    const { host } = mount(model);
    dotOf(host, "a")?.focus();
    press("ArrowDown");
    expect(lastEdit(model).op).toEqual({ op: "set", id: "a", column: "emotion", value: 0 });
    expect(dotOf(host, "a")?.getAttribute("aria-valuenow")).toBe("0");
    expect(cellOf(host, "emotion", "a")?.classList.contains("cjm-pending")).toBe(true);
    press("ArrowDown", { shiftKey: true });
    expect(lastEdit(model).op).toMatchObject({ value: -0.5 });
    press("Home");
    expect(lastEdit(model).op).toMatchObject({ value: 2 });
    press("ArrowUp"); // already at the top: nothing to send
    press("End");
    expect(edits(model).map((e) => (e.op as { value: number }).value)).toEqual([0, -0.5, 2, -2]);
    // Focus stayed on the same dot node throughout.
    expect(document.activeElement).toBe(dotOf(host, "a"));
  });

  it("turns the placeholder into a real score on the first key", () => {
    const model = journeyModel({ editable: true, _rows: rows });
    const { host } = mount(model);
    dotOf(host, "b")?.focus();
    press("ArrowUp");
    expect(lastEdit(model).op).toEqual({ op: "set", id: "b", column: "emotion", value: 1 });
    expect(dotOf(host, "b")?.classList.contains("cjm-emotion-placeholder")).toBe(false);
  });

  it("goes into the dot with Enter or Tab on the cell and back out with Escape", () => {
    const { host } = mount(journeyModel({ editable: true, _rows: rows }));
    const cell = cellOf(host, "emotion", "c") as HTMLElement;
    cell.focus();
    press("Enter");
    expect(document.activeElement).toBe(dotOf(host, "c"));
    press("Escape");
    expect(document.activeElement).toBe(cell);
    press("Tab");
    expect(document.activeElement).toBe(dotOf(host, "c"));
  });

  it("previews a drag and sends one edit on release", () => {
    const model = journeyModel({ editable: true, _rows: rows });
    const { host } = mount(model);
    const cell = cellOf(host, "emotion", "c");
    setRect(cell, 0, 100, 200, 100);
    const dot = dotOf(host, "c");
    pointer(dot, "pointerdown", 100, 135);
    pointer(dot, "pointermove", 100, 120);
    pointer(dot, "pointermove", 100, 116); // near the top: +2
    expect(edits(model)).toHaveLength(0);
    expect(dotOf(host, "c")).toBe(dot);
    expect(dot?.getAttribute("aria-valuenow")).toBe("2");
    pointer(dot, "pointerup", 100, 116);
    expect(edits(model)).toHaveLength(1);
    expect(lastEdit(model).op).toEqual({ op: "set", id: "c", column: "emotion", value: 2 });
  });

  it("cancels a drag with Escape and sends nothing for a click", () => {
    const model = journeyModel({ editable: true, _rows: rows });
    const { host } = mount(model);
    setRect(cellOf(host, "emotion", "a"), 0, 0, 200, 100);
    const dot = dotOf(host, "a");
    pointer(dot, "pointerdown", 100, 32);
    pointer(dot, "pointerup", 100, 32);
    pointer(dot, "pointerdown", 100, 32);
    pointer(dot, "pointermove", 100, 90);
    expect(dot?.getAttribute("aria-valuenow")).toBe("-2");
    press("Escape");
    expect(dot?.getAttribute("aria-valuenow")).toBe("1");
    pointer(dot, "pointerup", 100, 90);
    expect(edits(model)).toHaveLength(0);
  });

  it("redraws an emotion patch in place: the dot, and the curve pieces next to it", () => {
    const model = journeyModel({ editable: true, _rows: rows });
    const { host } = mount(model);
    const dot = dotOf(host, "a");
    dot?.focus();
    const before = cellOf(host, "emotion", "b")?.querySelector("path")?.getAttribute("d") ?? null;
    model.receive(patch(null, [{ op: "set", id: "b", column: "emotion", value: 2 }]));
    expect(dotOf(host, "a")).toBe(dot);
    expect(document.activeElement).toBe(dot);
    expect(dotOf(host, "b")?.getAttribute("aria-valuenow")).toBe("2");
    expect(before).toBeNull();
    // a now connects to b: its piece gains a right half; c's gains a left half.
    expect(cellOf(host, "emotion", "a")?.querySelector("path")?.getAttribute("d")).toMatch(/100 /);
    expect(cellOf(host, "emotion", "c")?.querySelector("path")?.getAttribute("d")).toMatch(/^M0 /);
  });
});
