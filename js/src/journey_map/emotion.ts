/**
 * Pure geometry of the emotion curve (no DOM, so it is unit-tested alone).
 *
 * Each touchpoint column draws its own piece of the curve in a 0..100 x
 * 0..100 viewBox stretched over the cell (`preserveAspectRatio="none"`), so
 * nothing needs measuring: the piece runs from the left edge, at the mean of
 * (previous, current), to the centre, at the current score, to the right
 * edge, at the mean of (current, next). Neighbouring cells meet at the same
 * y, and because the pieces are halves of one symmetric S-curve between
 * two dots they also meet at the same slope. A missing score (null) has no
 * piece, and its neighbours stop at their centres: the line breaks.
 */

export type Score = number | null | undefined;

export type Sign = "positive" | "negative" | "neutral";

/** Room (in % of the cell height) kept above the top and below the bottom score for the dot. */
export const EDGE_PADDING = 15;

export interface Segment {
  /** y (0 = top, 100 = bottom) of the dot at the centre of the cell. */
  y: number;
  /** y where the curve enters at the left edge, or null when the previous score is missing. */
  leftY: number | null;
  /** y where the curve leaves at the right edge, or null when the next score is missing. */
  rightY: number | null;
  /** SVG path data in the 0..100 viewBox ("" when the dot stands alone). */
  path: string;
}

/** A finite number, or null for anything else (null, undefined, NaN, strings from bad data). */
export function toScore(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** Normalise [min, max] so min < max (swapped or degenerate scales still draw). */
export function normaliseScale(scale: readonly number[] | null | undefined): [number, number] {
  const a = toScore(scale?.[0]) ?? -2;
  const b = toScore(scale?.[1]) ?? 2;
  if (a === b) return [a - 1, b + 1];
  return a < b ? [a, b] : [b, a];
}

/** y in % (0 top, 100 bottom) of a score: max at the top, min at the bottom; clamped to the scale. */
export function yFor(score: number, scale: readonly [number, number]): number {
  const [min, max] = normaliseScale(scale);
  const clamped = Math.min(max, Math.max(min, score));
  const fraction = (max - clamped) / (max - min);
  return EDGE_PADDING + fraction * (100 - 2 * EDGE_PADDING);
}

/** y of the dashed zero line, or null when 0 is outside the scale. */
export function zeroY(scale: readonly [number, number]): number | null {
  const [min, max] = normaliseScale(scale);
  return min <= 0 && 0 <= max ? yFor(0, [min, max]) : null;
}

const round = (n: number): number => Math.round(n * 1000) / 1000;

/**
 * Curve pieces for every column; null where the column has no score. With
 * `groups` (one curve per persona), neighbours of different groups are not joined.
 */
export function segments(
  scores: ReadonlyArray<Score>,
  scale: readonly [number, number],
  groups?: ReadonlyArray<string | null>,
): Array<Segment | null> {
  const values = scores.map(toScore);
  const joined = (a: number, b: number): boolean => groups === undefined || groups[a] === groups[b];
  return values.map((value, i) => {
    if (value === null) return null;
    const prev = i > 0 && joined(i - 1, i) ? values[i - 1] ?? null : null;
    const next = joined(i, i + 1) ? values[i + 1] ?? null : null;
    const y = yFor(value, scale);
    // Mean of the (clamped) ys: equals the y of the mean score inside the scale,
    // and keeps neighbours meeting exactly when a score is off the scale.
    const leftY = prev === null ? null : (yFor(prev, scale) + y) / 2;
    const rightY = next === null ? null : (y + yFor(next, scale)) / 2;
    return { y, leftY, rightY, path: segmentPath(y, leftY, rightY) };
  });
}

/**
 * Cubic halves of the S-curve between neighbouring dots (control points from
 * splitting the curve [(0,a), (50,a), (50,b), (100,b)] at its midpoint), so
 * the tangent is flat at each dot and continuous at each cell edge.
 */
export function segmentPath(y: number, leftY: number | null, rightY: number | null): string {
  const parts: string[] = [];
  if (leftY !== null) {
    const prevY = 2 * leftY - y; // leftY is the mean of the previous y and this one
    parts.push(`M0 ${round(leftY)}C12.5 ${round((prevY + 3 * y) / 4)} 25 ${round(y)} 50 ${round(y)}`);
  }
  if (rightY !== null) {
    const nextY = 2 * rightY - y;
    const start = leftY === null ? `M50 ${round(y)}` : "";
    parts.push(`${start}C75 ${round(y)} 87.5 ${round((3 * y + nextY) / 4)} 100 ${round(rightY)}`);
  }
  return parts.join("");
}

export function signOf(score: number): Sign {
  if (score > 0) return "positive";
  if (score < 0) return "negative";
  return "neutral";
}

/** "+2", "-1", "0", "+1.5": the sign always shown, at most two decimals. */
export function formatScore(score: number): string {
  const rounded = Math.round(score * 100) / 100;
  if (rounded === 0) return "0";
  const text = String(Math.abs(rounded));
  return rounded > 0 ? `+${text}` : `-${text}`;
}

/** `score` kept inside the (normalised) scale. */
export function clampScore(score: number, scale: readonly [number, number]): number {
  const [min, max] = normaliseScale(scale);
  return Math.min(max, Math.max(min, score));
}

/**
 * The score under a pointer at `y` (% of the cell height, 0 = top): the
 * inverse of `yFor`, snapped to half points and clamped to the scale.
 */
export function scoreAtY(y: number, scale: readonly [number, number]): number {
  const [min, max] = normaliseScale(scale);
  const fraction = (y - EDGE_PADDING) / (100 - 2 * EDGE_PADDING);
  const score = max - fraction * (max - min);
  return clampScore(Math.round(score * 2) / 2, [min, max]);
}
