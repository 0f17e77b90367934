/**
 * How a metric value reads and how strongly its cell is tinted. Pure
 * functions (tested without a DOM).
 *
 * Rates (every value within 0..1, and not only whole numbers, or a name that
 * says rate) read as percentages. The tint is one hue whose opacity grows
 * with the value's place between the metric's minimum and maximum; it stays
 * light enough that the theme's text keeps a contrast of at least 4.5 on it
 * in the light and the dark theme (see the vitest), and the number is always
 * shown, so colour never carries the meaning alone.
 */

export type MetricFormat = "percent" | "number";

const RATE_NAME = /rate|conversion|drop|churn|share|ratio|percent|pct|%|retention|bounce|completion/i;

export interface ValueRange {
  min: number | null;
  max: number | null;
  /** True when every value is a whole number (counts, not rates). */
  integers: boolean;
}

export function metricFormat(name: string, range: ValueRange): MetricFormat {
  const { min, max } = range;
  if (min === null || max === null || min < 0 || max > 1) return "number";
  return range.integers && !RATE_NAME.test(name) ? "number" : "percent";
}

// Building an Intl.NumberFormat costs far more than using one: a large map formats thousands of values.
const formatters = new Map<string, Intl.NumberFormat>();

function formatter(locale: string | undefined, format: MetricFormat, digits: number): Intl.NumberFormat {
  const key = `${locale ?? ""}|${format}|${digits}`;
  let found = formatters.get(key);
  if (!found) {
    const options: Intl.NumberFormatOptions =
      format === "percent" ? { style: "percent", maximumFractionDigits: digits } : { maximumFractionDigits: digits };
    try {
      found = new Intl.NumberFormat(locale || undefined, options);
    } catch {
      found = new Intl.NumberFormat(undefined, options); // an unknown locale tag
    }
    formatters.set(key, found);
  }
  return found;
}

/** The value as text; `null` (missing) is "–", never 0. */
export function formatMetric(value: number | null, format: MetricFormat, locale?: string): string {
  if (value === null || !Number.isFinite(value)) return "–";
  const size = Math.abs(value);
  const digits = format === "percent" ? (size < 0.1 ? 1 : 0) : size >= 100 ? 0 : size >= 10 ? 1 : 2;
  return formatter(locale, format, digits).format(value);
}

/** Where `value` sits between min and max, 0..1 (0.5 when all values are equal); null when missing. */
export function level(value: number | null, min: number | null, max: number | null): number | null {
  if (value === null || !Number.isFinite(value) || min === null || max === null) return null;
  if (max <= min) return 0.5;
  return Math.min(1, Math.max(0, (value - min) / (max - min)));
}

// Opacity of the tint at level 0 and level 1 (the vitest checks contrast at both ends).
export const TINT_MIN = 0.05;
export const TINT_MAX = 0.42;
/** The tint's hue: the map's accent blue. */
export const TINT_RGB: readonly [number, number, number] = [25, 118, 210];

export function tintAlpha(lvl: number): number {
  return TINT_MIN + (TINT_MAX - TINT_MIN) * lvl;
}

/** The cell background for a level (CSS colour). */
export function tintFor(lvl: number | null): string {
  if (lvl === null) return "";
  const [r, g, b] = TINT_RGB;
  return `rgba(${r}, ${g}, ${b}, ${tintAlpha(lvl).toFixed(3)})`;
}

type Rgb = readonly [number, number, number];

/** `top` at opacity `alpha` over an opaque `bottom`. */
export function blend(top: Rgb, alpha: number, bottom: Rgb): Rgb {
  return [0, 1, 2].map((i) => (top[i] as number) * alpha + (bottom[i] as number) * (1 - alpha)) as unknown as Rgb;
}

function luminance(rgb: Rgb): number {
  const [r, g, b] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two opaque colours. */
export function contrast(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}
