/**
 * Pure logic of the empathy map: which notes a view shows, grouped by
 * quadrant, and where a note goes when moved with the keyboard.
 */
import type { Rec } from "../core/ops";

export const QUADRANTS = ["says", "thinks", "does", "feels", "pains", "gains"] as const;
export type Quadrant = (typeof QUADRANTS)[number];

export interface Note {
  id: string;
  quadrant: Quadrant;
  text: string;
  persona: string | null;
  source: string | null;
}

const str = (value: unknown): string | null => (typeof value === "string" && value !== "" ? value : null);

export const isQuadrant = (value: unknown): value is Quadrant => QUADRANTS.includes(value as Quadrant);

/** A row as a note, or null when it is not one (no id, unknown quadrant). */
export function toNote(row: Rec): Note | null {
  const id = str(row["id"]);
  const quadrant = row["quadrant"];
  if (id === null || !isQuadrant(quadrant)) return null;
  return { id, quadrant, text: str(row["text"]) ?? "", persona: str(row["persona"]), source: str(row["source"]) };
}

/**
 * Notes per quadrant, in table order. With a persona filter, a note shows
 * when it is that persona's or nobody's in particular (shared by all).
 */
export function groupNotes(rows: readonly Rec[], persona: string | null): Map<Quadrant, Note[]> {
  const groups = new Map<Quadrant, Note[]>(QUADRANTS.map((q) => [q, []]));
  for (const row of rows) {
    const note = toNote(row);
    if (note === null) continue;
    if (persona !== null && note.persona !== null && note.persona !== persona) continue;
    groups.get(note.quadrant)?.push(note);
  }
  return groups;
}

// Where each quadrant sits on screen: Says | Thinks over Does | Feels, then Pains | Gains.
const GRID: Record<Quadrant, [number, number]> = {
  says: [0, 0],
  thinks: [0, 1],
  does: [1, 0],
  feels: [1, 1],
  pains: [2, 0],
  gains: [2, 1],
};

export type Direction = "ArrowUp" | "ArrowDown" | "ArrowLeft" | "ArrowRight";

/** The quadrant next to `from` in `direction` on screen, or null at the edge. */
export function neighbour(from: Quadrant, direction: Direction): Quadrant | null {
  const [row, col] = GRID[from];
  const steps: Record<Direction, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
  const [dr, dc] = steps[direction];
  const target = QUADRANTS.find((q) => GRID[q][0] === row + dr && GRID[q][1] === col + dc);
  return target ?? null;
}
