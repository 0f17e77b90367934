/**
 * DOM of one emotion-lane cell: the dashed zero line, this column's piece
 * of the curve (SVG stretched over the cell) and the dot with its score as
 * HTML positioned in %, so dots stay round however the cell is stretched.
 *
 * The cell is updated in place (existing nodes are reused, never moved), so
 * a dot keeps keyboard focus and pointer capture while its score changes.
 * In an editable map the dot is a slider, and a touchpoint without a score
 * gets a faint placeholder dot at 0 to grab.
 */
import { translate, type Labels } from "../core/i18n";
import { el, setAttr, svg } from "../core/dom";
import { clampScore, formatScore, signOf, yFor, type Segment } from "./emotion";
import "./emotion_cell.css";

export interface EmotionCellInput {
  segment: Segment | null;
  score: number | null;
  /** y of the zero line, or null when 0 is off the scale. */
  zero: number | null;
  /** Touchpoint name for the dot's accessible label. */
  touchpoint: string;
  /** The map's language ("" = the page's), for the dot's label. */
  language?: string;
  /** Colour slot and name of the touchpoint's persona when several personas share the lane (else null). */
  personaSlot?: number | null;
  personaName?: string | null;
  /** Set in an editable map, for a column that has a touchpoint. */
  slider: { id: string; scale: [number, number] } | null;
}

const pct = (y: number): string => `${Math.round(y * 100) / 100}%`;

function child(cell: Element, className: string): HTMLElement | SVGElement | undefined {
  return Array.from(cell.children).find((c) => c.classList.contains(className)) as HTMLElement | SVGElement | undefined;
}

const labels = {
  score: { en: "Emotion {score}", zh: "情绪 {score}", lv: "Emocijas {score}" },
  notSet: { en: "not set", zh: "未设置", lv: "nav norādītas" },
  scoreAt: { en: "Emotion {score} at {touchpoint}", zh: "“{touchpoint}”的情绪 {score}", lv: "Emocijas {score}: {touchpoint}" },
} satisfies Labels<string>;

function label(score: string, touchpoint: string, language: string): string {
  return translate(labels, language)(touchpoint === "" ? "score" : "scoreAt", { score, touchpoint });
}

function updateZero(cell: HTMLElement, zero: number | null): void {
  let line = child(cell, "cjm-emotion-zero") as HTMLElement | undefined;
  if (zero === null) return line?.remove();
  if (!line) cell.prepend((line = el("div", { className: "cjm-emotion-zero", attrs: { "aria-hidden": "true" } })));
  line.style.top = pct(zero);
}

function updateCurve(cell: HTMLElement, path: string): void {
  let curve = child(cell, "cjm-emotion-curve");
  if (path === "") return curve?.remove();
  if (!curve) {
    curve = svg(
      "svg",
      {
        className: "cjm-emotion-curve",
        attrs: { viewBox: "0 0 100 100", preserveAspectRatio: "none", "aria-hidden": "true", focusable: "false" },
      },
      // non-scaling-stroke keeps the line width even though the viewBox is stretched.
      [svg("path", { attrs: { "vector-effect": "non-scaling-stroke" } })],
    );
    const zero = child(cell, "cjm-emotion-zero");
    cell.insertBefore(curve, zero ? zero.nextSibling : cell.firstChild);
  }
  curve.querySelector("path")?.setAttribute("d", path);
}

function updateDot(cell: HTMLElement, input: EmotionCellInput): void {
  const { score, slider, segment } = input;
  let dot = child(cell, "cjm-emotion-point") as HTMLElement | undefined;
  if (score === null && slider === null) return dot?.remove();
  if (!dot) {
    dot = el("div");
    cell.insertBefore(dot, child(cell, "cjm-emotion-score") ?? null);
  }
  const sign = score === null ? "placeholder" : signOf(score);
  const text = score === null ? translate(labels, input.language ?? "")("notSet") : formatScore(score);
  const plain = label(text, input.touchpoint, input.language ?? "");
  const name = input.personaName ? `${plain} (${input.personaName})` : plain;
  dot.setAttribute(
    "class",
    [
      "cjm-emotion-point",
      slider && "cjm-emotion-dot",
      `cjm-emotion-${sign}`,
      typeof input.personaSlot === "number" && `cjm-persona-${input.personaSlot}`,
    ]
      .filter(Boolean)
      .join(" "),
  );
  setAttr(dot, "aria-label", name);
  setAttr(dot, "title", name);
  if (slider === null) {
    setAttr(dot, "role", "img");
  } else {
    const [min, max] = slider.scale;
    setAttr(dot, "role", "slider");
    setAttr(dot, "tabindex", -1);
    setAttr(dot, "data-id", slider.id);
    setAttr(dot, "aria-orientation", "vertical");
    setAttr(dot, "aria-valuemin", min);
    setAttr(dot, "aria-valuemax", max);
    setAttr(dot, "aria-valuenow", score ?? clampScore(0, slider.scale));
    setAttr(dot, "aria-valuetext", text);
  }
  dot.style.top = pct(segment?.y ?? yFor(clampScore(0, slider?.scale ?? [-1, 1]), slider?.scale ?? [-1, 1]));
}

function updateScore(cell: HTMLElement, score: number | null, y: number | null): void {
  let text = child(cell, "cjm-emotion-score") as HTMLElement | undefined;
  if (score === null || y === null) return text?.remove();
  // The printed score repeats the dot's label: hide it from screen readers.
  if (!text) cell.append((text = el("span", { className: "cjm-emotion-score", attrs: { "aria-hidden": "true" } })));
  text.textContent = formatScore(score);
  text.style.top = pct(y);
}

/** Bring `cell`'s content up to date with `input`. */
export function renderEmotionCell(cell: HTMLElement, input: EmotionCellInput): void {
  const segment = input.score === null ? null : input.segment;
  updateZero(cell, input.zero);
  updateCurve(cell, segment?.path ?? "");
  updateDot(cell, { ...input, segment });
  updateScore(cell, input.score, segment?.y ?? null);
}
