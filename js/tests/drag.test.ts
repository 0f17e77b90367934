import { describe, expect, it } from "vitest";
import { dropTarget, stageDropIndex, type DropGeometry } from "../src/journey_map/drop_target";
import { journeyModel } from "./fake_model";
import { edits, headerOf, lastEdit, mount, pointer, setRect } from "./render_helpers";

// Columns 100 px wide from x=100: t1 t2 (Discover) | t3 (Buy) | empty (Use).
const GEOM: DropGeometry = {
  columns: [
    { left: 100, right: 200, id: "t1", stage: "Discover" },
    { left: 200, right: 300, id: "t2", stage: "Discover" },
    { left: 300, right: 400, id: "t3", stage: "Buy" },
    { left: 400, right: 500, id: null, stage: "Use" },
  ],
  headers: [
    { left: 100, right: 300, stage: "Discover" },
    { left: 300, right: 400, stage: "Buy" },
    { left: 400, right: 500, stage: "Use" },
  ],
  headerTop: 0,
  headerBottom: 50,
  top: 0,
  bottom: 400,
};

describe("dropTarget", () => {
  it("drops before the touchpoint under the pointer", () => {
    expect(dropTarget(GEOM, 350, 200, "t1")).toEqual({ stage: "Buy", before: "t3", marker: { column: 2 } });
    expect(dropTarget(GEOM, 120, 200, "t2")).toEqual({ stage: "Discover", before: "t1", marker: { column: 0 } });
  });

  it("drops last in a stage on its header or its empty column", () => {
    expect(dropTarget(GEOM, 350, 20, "t1")).toEqual({ stage: "Buy", before: null, marker: { stage: "Buy" } });
    expect(dropTarget(GEOM, 450, 200, "t1")).toEqual({ stage: "Use", before: null, marker: { stage: "Use" } });
    expect(dropTarget(GEOM, 150, 20, "t1")).toEqual({ stage: "Discover", before: null, marker: { stage: "Discover" } });
  });

  it("gives null where nothing would change or outside the grid", () => {
    expect(dropTarget(GEOM, 150, 200, "t1")).toBeNull(); // on itself
    expect(dropTarget(GEOM, 250, 200, "t1")).toBeNull(); // before its own successor
    expect(dropTarget(GEOM, 250, 20, "t2")).toBeNull(); // already last in Discover
    expect(dropTarget(GEOM, 50, 200, "t1")).toBeNull(); // the label column
    expect(dropTarget(GEOM, 350, 500, "t1")).toBeNull(); // below the grid
  });
});

describe("stageDropIndex", () => {
  it("is the index of the header under the pointer, or null", () => {
    expect(stageDropIndex(GEOM.headers, 450, "Discover")).toBe(2);
    expect(stageDropIndex(GEOM.headers, 150, "Use")).toBe(0);
    expect(stageDropIndex(GEOM.headers, 150, "Discover")).toBeNull();
    expect(stageDropIndex(GEOM.headers, 900, "Discover")).toBeNull();
  });
});

function layOut(host: HTMLElement): void {
  const grid = host.querySelector('[role="grid"]');
  setRect(grid, 0, 0, 600, 400);
  setRect(host.querySelector(".cjm-scroll"), 0, 0, 600, 400);
  setRect(host.querySelector(".cjm-header-row"), 0, 0, 600, 50);
  for (const row of host.querySelectorAll(".cjm-lane-row")) {
    row.querySelectorAll(".cjm-lane-cell").forEach((cell, i) => setRect(cell, 100 + 100 * i, 50, 100, 50));
  }
  for (const geom of GEOM.headers) setRect(headerOf(host, geom.stage), geom.left, 0, geom.right - geom.left, 50);
}

describe("dragging with the pointer", () => {
  it("moves a touchpoint before the column it is dropped on", () => {
    const model = journeyModel({ editable: true });
    const { host } = mount(model);
    layOut(host);
    const cell = host.querySelector('.cjm-lane-cell[data-lane="touchpoint"][data-id="t1"]');
    pointer(cell, "pointerdown", 150, 70);
    pointer(cell, "pointermove", 152, 71); // under the 5 px threshold: still a click
    expect(host.querySelector(".cjm-dragging")).toBeNull();
    pointer(cell, "pointermove", 340, 200);
    expect(host.querySelectorAll(".cjm-dragging").length).toBeGreaterThan(0);
    const marker = host.querySelector<HTMLElement>(".cjm-drop-marker");
    expect(marker?.style.left).toBe("300px");
    pointer(cell, "pointerup", 340, 200);
    expect(lastEdit(model).op).toEqual({ op: "move", id: "t1", stage: "Buy", before: "t3" });
    expect(host.querySelector(".cjm-drop-marker, .cjm-dragging")).toBeNull();
  });

  it("moves a touchpoint last into a stage dropped on its header", () => {
    const model = journeyModel({ editable: true });
    const { host } = mount(model);
    layOut(host);
    const handle = host.querySelector('.cjm-lane-cell[data-id="t3"] .cjm-drag-handle');
    pointer(handle, "pointerdown", 350, 60);
    pointer(handle, "pointermove", 420, 25);
    expect(headerOf(host, "Use")?.classList.contains("cjm-drop-target")).toBe(true);
    pointer(handle, "pointerup", 420, 25);
    expect(lastEdit(model).op).toEqual({ op: "move", id: "t3", stage: "Use", before: null });
  });

  it("sends nothing for a click, a drop in place or a cancelled drag", () => {
    const model = journeyModel({ editable: true });
    const { host } = mount(model);
    layOut(host);
    const cell = host.querySelector('.cjm-lane-cell[data-lane="touchpoint"][data-id="t2"]');
    pointer(cell, "pointerdown", 250, 70);
    pointer(cell, "pointerup", 250, 70);
    pointer(cell, "pointerdown", 250, 70);
    pointer(cell, "pointermove", 280, 200);
    pointer(cell, "pointerup", 280, 200);
    pointer(cell, "pointerdown", 250, 70);
    pointer(cell, "pointermove", 350, 200);
    document.activeElement?.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
    pointer(cell, "pointerup", 350, 200);
    expect(edits(model)).toHaveLength(0);
  });

  it("reorders stages by dragging a header", () => {
    const model = journeyModel({ editable: true });
    const { host } = mount(model);
    layOut(host);
    const header = headerOf(host, "Discover");
    pointer(header, "pointerdown", 150, 20);
    pointer(header, "pointermove", 450, 20);
    pointer(header, "pointerup", 450, 20);
    expect(lastEdit(model).op).toEqual({ op: "move_stage", stage: "Discover", index: 2 });
  });
});
