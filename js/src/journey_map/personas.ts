/**
 * Personas on the map: the switcher's choices, which touchpoints a persona
 * sees, and the colour slot that tells personas apart on the emotion lane.
 * Pure functions (no DOM), unit-tested alone.
 */
import type { Row } from "./types";

export interface PersonaChoice {
  persona: string;
  /** The persona's display name (null: show the key). */
  name: string | null;
}

/** The `_personas` trait, dropping malformed entries. */
export function readPersonas(raw: unknown): PersonaChoice[] {
  const out: PersonaChoice[] = [];
  for (const item of Array.isArray(raw) ? raw : []) {
    if (typeof item !== "object" || item === null) continue;
    const { persona, name } = item as Record<string, unknown>;
    if (typeof persona !== "string" || persona === "") continue;
    out.push({ persona, name: typeof name === "string" && name !== "" ? name : null });
  }
  return out;
}

const personaOf = (row: Row): string | null => {
  const value = row["persona"];
  return typeof value === "string" && value !== "" ? value : null;
};

/**
 * The rows a persona sees: its own touchpoints and those of nobody in
 * particular (shared by every persona). `null` (All) sees every row.
 */
export function rowsForPersona<R extends Row>(rows: readonly R[], persona: string | null): R[] {
  if (persona === null) return [...rows];
  return rows.filter((row) => {
    const own = personaOf(row);
    return own === null || own === persona;
  });
}

/** Number of colour slots (CSS classes cjm-persona-0 .. cjm-persona-5); more personas reuse them. */
export const PERSONA_SLOTS = 6;

/** The colour slot of a row's persona (null: no persona, or only one persona on the map). */
export function personaSlot(row: Row | null, personas: readonly PersonaChoice[]): number | null {
  const own = row === null ? null : personaOf(row);
  if (own === null || personas.length < 2) return null;
  const index = personas.findIndex((p) => p.persona === own);
  return index < 0 ? null : index % PERSONA_SLOTS;
}

/**
 * Which neighbouring emotion scores belong to the same curve: with several
 * personas shown at once, each persona has its own curve, so the line never
 * joins one persona's moment to another's.
 */
export function curveGroups(rows: ReadonlyArray<Row | null>, personas: readonly PersonaChoice[], persona: string | null): Array<string | null> {
  if (persona !== null || personas.length < 2) return rows.map(() => null);
  return rows.map((row) => (row === null ? null : personaOf(row)));
}

/** The display name of a row's persona when several personas share the map (else null). */
export function personaName(row: Row | null, personas: readonly PersonaChoice[]): string | null {
  if (personaSlot(row, personas) === null || row === null) return null;
  const choice = personas.find((p) => p.persona === personaOf(row));
  return choice ? (choice.name ?? choice.persona) : null;
}
