/**
 * One emotion line per persona on the map's lane (pure geometry, no DOM).
 *
 * With several personas shown at once ("All"), a persona's touchpoints are
 * rarely neighbours: its line has to pass over the columns of the others.
 * Each line runs through its persona's dots (and the dots shared by every
 * persona) as one S-curve per pair of dots, cut at every cell edge it
 * crosses, so each cell draws its own pieces in its 0..100 viewBox like the
 * single curve of `emotion.ts` (the same shape when the dots are neighbours).
 */
import { toScore, yFor, type Score } from "./emotion";

/** The pieces of one persona's line that cross one column. */
export interface LinePiece {
  /** The persona's key. */
  group: string;
  /** SVG path data in the cell's 0..100 viewBox. */
  path: string;
}

type Point = readonly [number, number];
type Cubic = readonly [Point, Point, Point, Point];

const round = (n: number): number => Math.round(n * 1000) / 1000;
const lerp = (a: Point, b: Point, t: number): Point => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];

/** de Casteljau: the cubic cut at `t` into its two halves. */
function split(c: Cubic, t: number): [Cubic, Cubic] {
  const [p0, p1, p2, p3] = c;
  const a = lerp(p0, p1, t);
  const b = lerp(p1, p2, t);
  const d = lerp(p2, p3, t);
  const ab = lerp(a, b, t);
  const bd = lerp(b, d, t);
  const mid = lerp(ab, bd, t);
  return [
    [p0, a, ab, mid],
    [mid, bd, d, p3],
  ];
}

/** The t where the cubic's x (increasing along the curve) reaches `x`, by bisection. */
function tAtX(c: Cubic, x: number): number {
  const xAt = (t: number): number => {
    const u = 1 - t;
    return u * u * u * c[0][0] + 3 * u * u * t * c[1][0] + 3 * u * t * t * c[2][0] + t * t * t * c[3][0];
  };
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 40; i++) {
    const mid = (lo + hi) / 2;
    if (xAt(mid) < x) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** `c` (x in column units * 100) as path data local to column `k`. */
function localPath(c: Cubic, k: number): string {
  const p = c.map(([x, y]) => `${round(x - 100 * k)} ${round(y)}`);
  return `M${p[0]}C${p[1]} ${p[2]} ${p[3]}`;
}

/**
 * Pieces of the S-curve from dot `i` to dot `j` (column indices, i < j) at
 * heights `yi` and `yj`, added to `out[k]` for every column k it crosses.
 */
function addLink(out: LinePiece[][], group: string, i: number, yi: number, j: number, yj: number): void {
  const xi = 100 * i + 50;
  const xj = 100 * j + 50;
  const xm = (xi + xj) / 2;
  let rest: Cubic = [
    [xi, yi],
    [xm, yi],
    [xm, yj],
    [xj, yj],
  ];
  for (let k = i; k < j; k++) {
    const edge = 100 * (k + 1);
    const [here, after] = split(rest, tAtX(rest, edge));
    // Snap the cut onto the edge exactly, so neighbouring cells meet.
    const cut: Point = [edge, here[3][1]];
    out[k]?.push({ group, path: localPath([here[0], here[1], here[2], cut], k) });
    rest = [cut, after[1], after[2], after[3]];
  }
  out[j]?.push({ group, path: localPath(rest, j) });
}

/**
 * Each group's line, as pieces per column. `groups[i]` is column i's
 * persona; null is a touchpoint shared by every persona, on every line
 * (or a line of its own, keyed "", when no column has a persona).
 */
export function groupLines(
  scores: ReadonlyArray<Score>,
  scale: readonly [number, number],
  groups: ReadonlyArray<string | null>,
): LinePiece[][] {
  const out: LinePiece[][] = scores.map(() => []);
  const named = [...new Set(groups.filter((g): g is string => g !== null))];
  for (const group of named.length > 0 ? named : [""]) {
    let last: { i: number; y: number } | null = null;
    scores.forEach((value, i) => {
      const score = toScore(value);
      const own = groups[i] ?? null;
      if (score === null || (own !== null && own !== group)) return;
      const y = yFor(score, scale);
      if (last !== null) addLink(out, group, last.i, last.y, i, y);
      last = { i, y };
    });
  }
  return out;
}

/** For each group, the column of its line's last dot (where its name is written). */
export function lineEnds(scores: ReadonlyArray<Score>, groups: ReadonlyArray<string | null>): Map<string, number> {
  const ends = new Map<string, number>();
  scores.forEach((value, i) => {
    const group = groups[i] ?? null;
    if (group !== null && toScore(value) !== null) ends.set(group, i);
  });
  return ends;
}
