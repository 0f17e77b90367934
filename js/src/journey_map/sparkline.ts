/**
 * A metric's values over its periods as a tiny inline SVG line. Missing
 * values break the line (a gap, never a dip to zero); a lone value between
 * gaps is a dot. The path maths is pure, for the vitest.
 */
import { svg } from "../core/dom";

export const SPARK_WIDTH = 64;
export const SPARK_HEIGHT = 18;
const PAD = 2;

/** Position of period `i` of `n` and of value `v` in the box; y grows downwards. */
function scales(n: number, min: number, max: number, width: number, height: number): { x: (i: number) => number; y: (v: number) => number } {
  return {
    x: (i) => (n <= 1 ? width / 2 : PAD + ((width - 2 * PAD) * i) / (n - 1)),
    y: (v) => (max <= min ? height / 2 : height - PAD - ((height - 2 * PAD) * (v - min)) / (max - min)),
  };
}

/** SVG path data: one `M ... L ...` run per stretch of present values. */
export function sparklinePath(values: ReadonlyArray<number | null>, min: number, max: number, width = SPARK_WIDTH, height = SPARK_HEIGHT): string {
  const { x, y } = scales(values.length, min, max, width, height);
  const parts: string[] = [];
  let drawing = false;
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) {
      drawing = false;
      return;
    }
    parts.push(`${drawing ? "L" : "M"}${x(i).toFixed(1)} ${y(v).toFixed(1)}`);
    drawing = true;
  });
  return parts.join(" ");
}

/** Single present values (no neighbour to join): drawn as dots so they do not vanish. */
export function lonePoints(values: ReadonlyArray<number | null>): number[] {
  const present = (i: number): boolean => {
    const v = values[i];
    return v !== null && v !== undefined && Number.isFinite(v);
  };
  return values.map((_, i) => i).filter((i) => present(i) && !present(i - 1) && !present(i + 1));
}

/** The sparkline element (decorative: the cell's label and details carry the numbers). */
export function sparkline(values: ReadonlyArray<number | null>, min: number, max: number): SVGSVGElement {
  const d = sparklinePath(values, min, max);
  const { x, y } = scales(values.length, min, max, SPARK_WIDTH, SPARK_HEIGHT);
  const dots = lonePoints(values).map((i) =>
    svg("circle", { attrs: { cx: x(i).toFixed(1), cy: y(values[i] as number).toFixed(1), r: 1.6 } }),
  );
  return svg(
    "svg",
    {
      className: "cjm-sparkline",
      attrs: { viewBox: `0 0 ${SPARK_WIDTH} ${SPARK_HEIGHT}`, width: SPARK_WIDTH, height: SPARK_HEIGHT, "aria-hidden": "true", focusable: "false" },
    },
    [d === "" ? null : svg("path", { attrs: { d } }), ...dots],
  );
}
