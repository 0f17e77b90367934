/**
 * Keyboard navigation for an ARIA grid with a roving tabindex: exactly one
 * cell is in the tab order, arrow keys move focus between cells. Cells may
 * span columns (stage headers), so positions use `aria-colindex` /
 * `aria-colspan` rather than child order.
 *
 * Markup contract: rows have class `cjm-row`, focusable cells `cjm-cell`.
 */

const ROW = ".cjm-row";
const CELL = ".cjm-cell";

/** Where the active cell is; `key` is a selector that finds the same cell after a re-render. */
export interface GridPosition {
  row: number;
  col: number;
  key: string | null;
}

function rowsOf(grid: Element): HTMLElement[] {
  return Array.from(grid.querySelectorAll<HTMLElement>(ROW));
}

function cellsOf(row: Element): HTMLElement[] {
  return Array.from(row.querySelectorAll<HTMLElement>(CELL));
}

function colStart(cell: Element): number {
  return Number(cell.getAttribute("aria-colindex") ?? "1");
}

function colSpan(cell: Element): number {
  return Number(cell.getAttribute("aria-colspan") ?? "1");
}

/** The cell of `row` that covers column `col` (or the nearest one before it). */
function cellAtColumn(row: Element, col: number): HTMLElement | undefined {
  const cells = cellsOf(row);
  const covering = cells.find((c) => colStart(c) <= col && col < colStart(c) + colSpan(c));
  return covering ?? cells.filter((c) => colStart(c) <= col).pop() ?? cells[0];
}

/**
 * Stable identity of a cell from its data attributes, to find it again after
 * re-rendering. A touchpoint's cells are known by (lane, id) alone, so focus
 * follows a touchpoint that moved to another stage.
 */
export function keyOf(cell: Element): string | null {
  const parts: string[] = [];
  const names = cell.hasAttribute("data-id") ? ["data-lane", "data-id"] : ["data-lane", "data-stage"];
  for (const name of names) {
    const value = cell.getAttribute(name);
    if (value !== null) parts.push(`[${name}="${CSS.escape(value)}"]`);
  }
  return parts.length > 0 ? `${CELL}${parts.join("")}` : null;
}

/** Put `cell` (alone) in the tab order, optionally focusing it. */
export function activate(grid: Element, cell: HTMLElement, focus: boolean): void {
  for (const other of grid.querySelectorAll<HTMLElement>(`${CELL}[tabindex="0"]`)) {
    if (other !== cell) other.tabIndex = -1;
  }
  cell.tabIndex = 0;
  if (focus) cell.focus();
}

export function activePosition(grid: Element): GridPosition | null {
  const cell = grid.querySelector<HTMLElement>(`${CELL}[tabindex="0"]`);
  const row = cell?.closest(ROW);
  if (!cell || !row) return null;
  return { row: rowsOf(grid).indexOf(row as HTMLElement), col: colStart(cell), key: keyOf(cell) };
}

/**
 * Make every cell of a freshly rendered grid unfocusable except one: the cell
 * matching `previous` (same data attributes, else same place), else the first.
 */
export function initRoving(grid: Element, previous: GridPosition | null, focus: boolean): void {
  const cells = Array.from(grid.querySelectorAll<HTMLElement>(CELL));
  for (const cell of cells) cell.tabIndex = -1;
  let target: HTMLElement | undefined;
  if (previous?.key) target = grid.querySelector<HTMLElement>(previous.key) ?? undefined;
  if (!target && previous) {
    const rows = rowsOf(grid);
    const row = rows[Math.min(previous.row, rows.length - 1)];
    if (row) target = cellAtColumn(row, previous.col);
  }
  target ??= cells[0];
  if (target) activate(grid, target, focus);
}

/** The cell a navigation key leads to from `cell`, or undefined if the key is not ours. */
function targetFor(grid: Element, cell: HTMLElement, event: KeyboardEvent): HTMLElement | undefined {
  const rows = rowsOf(grid);
  const row = cell.closest(ROW);
  const r = row ? rows.indexOf(row as HTMLElement) : -1;
  if (r < 0) return undefined;
  const inRow = cellsOf(rows[r] as HTMLElement);
  const i = inRow.indexOf(cell);
  const col = colStart(cell);
  switch (event.key) {
    case "ArrowRight":
      return inRow[i + 1];
    case "ArrowLeft":
      return inRow[i - 1];
    case "ArrowDown":
      return rows[r + 1] ? cellAtColumn(rows[r + 1] as HTMLElement, col) : undefined;
    case "ArrowUp":
      return r > 0 ? cellAtColumn(rows[r - 1] as HTMLElement, col) : undefined;
    case "Home":
      return event.ctrlKey ? cellsOf(rows[0] as HTMLElement)[0] : inRow[0];
    case "End":
      return event.ctrlKey ? cellsOf(rows[rows.length - 1] as HTMLElement).pop() : inRow[inRow.length - 1];
    default:
      return undefined;
  }
}

const NAV_KEYS = new Set(["ArrowRight", "ArrowLeft", "ArrowDown", "ArrowUp", "Home", "End"]);

/**
 * Listen on `root` (which outlives re-renders of the grid inside it) for
 * arrow keys and focus changes. Returns a function removing the listeners.
 */
export function installGridNavigation(root: HTMLElement): () => void {
  const onKeyDown = (event: KeyboardEvent): void => {
    if (!NAV_KEYS.has(event.key) || event.altKey || event.metaKey || event.defaultPrevented) return;
    const cell = (event.target as Element | null)?.closest<HTMLElement>(CELL);
    const grid = cell?.closest('[role="grid"]');
    if (!cell || !grid) return;
    // Keys pressed inside a cell's own input (future inline editing) stay there.
    if (event.target !== cell) return;
    const next = targetFor(grid, cell, event);
    // Arrow keys would otherwise scroll the notebook; swallow them even at an edge.
    event.preventDefault();
    event.stopPropagation();
    if (next) activate(grid, next, true);
  };
  // A click (or any focus) on a cell makes it the roving tab stop.
  const onFocusIn = (event: FocusEvent): void => {
    const cell = (event.target as Element | null)?.closest<HTMLElement>(CELL);
    const grid = cell?.closest('[role="grid"]');
    if (cell && grid) activate(grid, cell, false);
  };
  root.addEventListener("keydown", onKeyDown);
  root.addEventListener("focusin", onFocusIn);
  return () => {
    root.removeEventListener("keydown", onKeyDown);
    root.removeEventListener("focusin", onFocusIn);
  };
}
