/**
 * Values a view shows before Python confirms them: an edit the user just
 * made (keyed by its edit_id until its patch or reject arrives) or a
 * preview while dragging an emotion dot (no edit yet). Drawing overlays
 * them on the model's rows, so a redraw of any kind keeps showing them.
 */
import type { Row, Scalar } from "./types";

interface PendingValue {
  value: Scalar;
  editId: string | null;
}

export interface CellRef {
  id: string;
  column: string;
}

export class PendingCells {
  private readonly rows = new Map<string, Map<string, PendingValue>>();

  set(id: string, column: string, value: Scalar, editId: string | null): void {
    let cells = this.rows.get(id);
    if (!cells) this.rows.set(id, (cells = new Map()));
    cells.set(column, { value, editId });
  }

  has(id: string, column: string): boolean {
    return this.rows.get(id)?.has(column) ?? false;
  }

  get(id: string, column: string): Scalar | undefined {
    return this.rows.get(id)?.get(column)?.value;
  }

  /** Drop the value of one cell, or only if it belongs to `editId` when given. */
  delete(id: string, column: string, editId?: string): boolean {
    const cells = this.rows.get(id);
    const entry = cells?.get(column);
    if (!cells || !entry || (editId !== undefined && entry.editId !== editId)) return false;
    cells.delete(column);
    if (cells.size === 0) this.rows.delete(id);
    return true;
  }

  /** Drop whatever `editId` put up; returns the cell it was on. */
  deleteEdit(editId: string): CellRef | null {
    for (const [id, cells] of this.rows) {
      for (const [column, entry] of cells) {
        if (entry.editId === editId) {
          this.delete(id, column);
          return { id, column };
        }
      }
    }
    return null;
  }

  clear(): void {
    this.rows.clear();
  }

  /** How many rows have a value shown before Python confirmed it. */
  get size(): number {
    return this.rows.size;
  }

  /** `rows` with the pending values in place (rows without any are the same objects). */
  overlay(rows: readonly Row[]): Row[] {
    if (this.rows.size === 0) return [...rows];
    return rows.map((row) => {
      const cells = this.rows.get(String(row["id"]));
      if (!cells) return row;
      const out: Record<string, Scalar | undefined> = { ...row };
      for (const [column, entry] of cells) out[column] = entry.value;
      return out;
    });
  }
}
