/**
 * Dragging with the pointer: a touchpoint by its cell (or its handle) onto
 * another column or a stage header, and a stage by its header onto another
 * header. A press only becomes a drag after 5 px, so clicks, double-clicks
 * and text selection in editors are unaffected. The geometry is measured
 * from the DOM at each move (the grid may scroll or redraw meanwhile) and
 * handed to the pure functions of drop_target.ts.
 */
import { el } from "../core/dom";
import { trackPointer } from "../core/pointer_drag";
import type { MapContext } from "./context";
import { dropTarget, stageDropIndex, type DropGeometry, type DropHeader, type TouchpointDrop } from "./drop_target";
import "./drag.css";

const THRESHOLD = 5;
const EDGE = 40; // px from the scroller's edge where a drag scrolls the map sideways

function box(node: Element): { left: number; right: number } {
  const r = node.getBoundingClientRect();
  return { left: r.left, right: r.right };
}

function headers(grid: Element): DropHeader[] {
  return Array.from(grid.querySelectorAll<HTMLElement>(".cjm-stage-header")).map((h) => ({
    ...box(h),
    stage: h.dataset["stage"] ?? "",
  }));
}

export function measure(grid: Element): DropGeometry | null {
  const headerRow = grid.querySelector(".cjm-header-row");
  const laneRow = grid.querySelector(".cjm-lane-row");
  if (!headerRow || !laneRow) return null;
  const columns = Array.from(laneRow.querySelectorAll<HTMLElement>(".cjm-lane-cell")).map((c) => ({
    ...box(c),
    id: c.dataset["id"] ?? null,
    stage: c.dataset["stage"] ?? "",
  }));
  const h = headerRow.getBoundingClientRect();
  const g = grid.getBoundingClientRect();
  return { columns, headers: headers(grid), headerTop: h.top, headerBottom: h.bottom, top: g.top, bottom: g.bottom };
}

function autoScroll(scroller: Element | null, x: number): void {
  if (!scroller) return;
  const r = scroller.getBoundingClientRect();
  if (x < r.left + EDGE) scroller.scrollLeft -= 12;
  else if (x > r.right - EDGE) scroller.scrollLeft += 12;
}

/** The insertion line and header highlight shown while dragging. */
class DropMarker {
  private readonly line = el("div", { className: "cjm-drop-marker", attrs: { "aria-hidden": "true" } });

  constructor(private readonly root: HTMLElement) {}

  show(target: TouchpointDrop | { stage: string } | null, geom: DropGeometry | null): void {
    this.clearHeaders();
    const scroller = this.root.querySelector<HTMLElement>(".cjm-scroll");
    if (!target || !geom || !scroller) return this.line.remove();
    const marker = "marker" in target ? target.marker : { stage: target.stage };
    if ("stage" in marker) {
      this.line.remove();
      const header = Array.from(this.root.querySelectorAll(".cjm-stage-header")).find((h) => h.getAttribute("data-stage") === marker.stage);
      header?.classList.add("cjm-drop-target");
      return;
    }
    const column = geom.columns[marker.column];
    if (!column) return this.line.remove();
    const s = scroller.getBoundingClientRect();
    this.line.style.left = `${column.left - s.left + scroller.scrollLeft}px`;
    this.line.style.height = `${geom.bottom - geom.top}px`;
    if (this.line.parentElement !== scroller) scroller.append(this.line);
  }

  clear(): void {
    this.line.remove();
    this.clearHeaders();
  }

  private clearHeaders(): void {
    for (const h of this.root.querySelectorAll(".cjm-drop-target")) h.classList.remove("cjm-drop-target");
  }
}

function isControl(target: Element | null): boolean {
  return target?.closest("button, input, select, textarea, .cjm-editor, .cjm-editing, .cjm-emotion-dot") != null;
}

export function installDrag(ctx: MapContext): () => void {
  const { root } = ctx;
  const marker = new DropMarker(root);
  let stop: (() => void) | null = null;

  // The click that ends a drag must not also select a stage or press a button.
  const swallowClick = (): void => {
    const swallow = (e: Event): void => e.stopPropagation();
    root.addEventListener("click", swallow, { capture: true, once: true });
    setTimeout(() => root.removeEventListener("click", swallow, { capture: true }), 0);
  };

  const markDragging = (selector: string, on: boolean): void => {
    if (!on) swallowClick();
    else document.getSelection()?.removeAllRanges(); // a press may have begun selecting text
    root.classList.toggle("cjm-drag-active", on);
    for (const node of root.querySelectorAll(".cjm-dragging")) node.classList.remove("cjm-dragging");
    if (on) for (const node of root.querySelectorAll(selector)) node.classList.add("cjm-dragging");
  };

  const dragTouchpoint = (event: PointerEvent, cell: HTMLElement, id: string): void => {
    const selector = `.cjm-lane-cell[data-id="${CSS.escape(id)}"]`;
    let target: TouchpointDrop | null = null;
    stop = trackPointer(event, cell, {
      threshold: THRESHOLD,
      onStart: () => markDragging(selector, true),
      onMove: (e) => {
        const grid = root.querySelector('[role="grid"]');
        autoScroll(root.querySelector(".cjm-scroll"), e.clientX);
        const geom = grid ? measure(grid) : null;
        target = geom ? dropTarget(geom, e.clientX, e.clientY, id) : null;
        marker.show(target, geom);
      },
      onDrop: () => {
        stop = null;
        marker.clear();
        markDragging(selector, false);
        if (target) ctx.edit({ op: "move", id, stage: target.stage, before: target.before });
      },
      onCancel: () => {
        stop = null;
        marker.clear();
        markDragging(selector, false);
      },
    });
  };

  const dragStage = (event: PointerEvent, header: HTMLElement, stage: string): void => {
    const selector = `.cjm-stage-header[data-stage="${CSS.escape(stage)}"]`;
    let index: number | null = null;
    stop = trackPointer(event, header, {
      threshold: THRESHOLD,
      onStart: () => markDragging(selector, true),
      onMove: (e) => {
        const grid = root.querySelector('[role="grid"]');
        autoScroll(root.querySelector(".cjm-scroll"), e.clientX);
        const all = grid ? headers(grid) : [];
        index = stageDropIndex(all, e.clientX, stage);
        marker.show(index === null ? null : { stage: all[index]?.stage ?? "" }, grid ? measure(grid) : null);
      },
      onDrop: () => {
        stop = null;
        marker.clear();
        markDragging(selector, false);
        if (index !== null) ctx.edit({ op: "move_stage", stage, index });
      },
      onCancel: () => {
        stop = null;
        marker.clear();
        markDragging(selector, false);
      },
    });
  };

  const onPointerDown = (event: PointerEvent): void => {
    const target = event.target as Element | null;
    if (event.button !== 0 || !ctx.state().editable || isControl(target)) return;
    const cell = target?.closest<HTMLElement>('.cjm-lane-cell[data-lane="touchpoint"][data-id]');
    const header = target?.closest<HTMLElement>(".cjm-stage-header[data-stage]");
    stop?.();
    const { locks } = ctx.state();
    // Locked touchpoints and stages stay put (a drop out of a locked stage is Python's to refuse, with a message).
    if (cell && !locks.touchpoints) dragTouchpoint(event, cell, cell.dataset["id"] as string);
    else if (header && !locks.stage(header.dataset["stage"] as string)) dragStage(event, header, header.dataset["stage"] as string);
  };

  root.addEventListener("pointerdown", onPointerDown);
  return () => {
    stop?.();
    marker.clear();
    root.removeEventListener("pointerdown", onPointerDown);
  };
}
