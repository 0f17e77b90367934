/**
 * Where a dragged touchpoint or stage would land, from plain geometry (no
 * DOM, so it is unit-tested alone). x/y are viewport coordinates.
 *
 * A touchpoint dropped on a touchpoint column goes before that touchpoint;
 * dropped on a stage header (or a stage's empty column) it goes last in
 * that stage. Drops that would change nothing give null.
 */

export interface DropColumn {
  left: number;
  right: number;
  /** Touchpoint shown in the column; null for an empty stage's placeholder column. */
  id: string | null;
  stage: string;
}

export interface DropHeader {
  left: number;
  right: number;
  stage: string;
}

export interface DropGeometry {
  /** Touchpoint columns in map order. */
  columns: DropColumn[];
  headers: DropHeader[];
  /** Vertical extent of the header row, and of the whole grid. */
  headerTop: number;
  headerBottom: number;
  top: number;
  bottom: number;
}

export interface TouchpointDrop {
  stage: string;
  before: string | null;
  /** What to highlight: the column the row goes before, or the stage header. */
  marker: { column: number } | { stage: string };
}

const within = (x: number, box: { left: number; right: number }): boolean => box.left <= x && x < box.right;

/** The touchpoint after `id` in its stage, null if it is the last, undefined if `id` is not shown. */
function nextInStage(columns: readonly DropColumn[], id: string): string | null | undefined {
  const at = columns.findIndex((c) => c.id === id);
  if (at < 0) return undefined;
  const next = columns[at + 1];
  return next && next.stage === columns[at]?.stage ? next.id : null;
}

export function dropTarget(geom: DropGeometry, x: number, y: number, draggedId: string): TouchpointDrop | null {
  if (y < geom.top || y > geom.bottom) return null;
  const from = geom.columns.find((c) => c.id === draggedId);
  const after = nextInStage(geom.columns, draggedId);
  if (geom.headerTop <= y && y <= geom.headerBottom) {
    const header = geom.headers.find((h) => within(x, h));
    if (!header) return null;
    if (from?.stage === header.stage && after === null) return null; // already last there
    return { stage: header.stage, before: null, marker: { stage: header.stage } };
  }
  const index = geom.columns.findIndex((c) => within(x, c));
  const column = geom.columns[index];
  if (!column || column.id === draggedId) return null;
  if (column.id === null) return { stage: column.stage, before: null, marker: { stage: column.stage } };
  if (after === column.id) return null; // right before where it already is
  return { stage: column.stage, before: column.id, marker: { column: index } };
}

/** The index a dragged stage header would move to, or null for no change. */
export function stageDropIndex(headers: readonly DropHeader[], x: number, dragged: string): number | null {
  const to = headers.findIndex((h) => within(x, h));
  const from = headers.findIndex((h) => h.stage === dragged);
  return to < 0 || from < 0 || to === from ? null : to;
}
