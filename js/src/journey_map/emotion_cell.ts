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
  /**
   * With one line per persona (several personas under "All"): the pieces of
   * every persona's line crossing this column, each with its colour slot;
   * they replace `segment.path`.
   */
  lines?: ReadonlyArray<{ path: string; slot: number | null }>;
  /** The persona's name written at the end of its line (its last dot), else null. */
  lineLabel?: { name: string; slot: number | null } | null;
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

interface CurvePath {
  d: string;
  slot: number | null;
}

function updateCurve(cell: HTMLElement, paths: readonly CurvePath[]): void {
  let curve = child(cell, "cjm-emotion-curve");
  if (paths.length === 0) return curve?.remove();
  if (!curve) {
    curve = svg("svg", {
      className: "cjm-emotion-curve",
      attrs: { viewBox: "0 0 100 100", preserveAspectRatio: "none", "aria-hidden": "true", focusable: "false" },
    });
    const zero = child(cell, "cjm-emotion-zero");
    cell.insertBefore(curve, zero ? zero.nextSibling : cell.firstChild);
  }
  const existing = Array.from(curve.querySelectorAll("path"));
  existing.slice(paths.length).forEach((p) => p.remove());
  paths.forEach(({ d, slot }, i) => {
    // non-scaling-stroke keeps the line width even though the viewBox is stretched.
    const path = existing[i] ?? curve.appendChild(svg("path", { attrs: { "vector-effect": "non-scaling-stroke" } }));
    path.setAttribute("d", d);
    if (slot === null) path.removeAttribute("class");
    else path.setAttribute("class", `cjm-persona-${slot}`);
  });
}

function updateLineLabel(cell: HTMLElement, label: EmotionCellInput["lineLabel"], y: number | null): void {
  let text = child(cell, "cjm-emotion-line-label") as HTMLElement | undefined;
  if (!label || y === null) return text?.remove();
  // Decorative: the dots' labels already name their persona.
  if (!text) cell.append((text = el("span", { attrs: { "aria-hidden": "true" } })));
  text.setAttribute("class", ["cjm-emotion-line-label", label.slot === null ? "" : `cjm-persona-${label.slot}`, y > 50 ? "cjm-above" : "cjm-below"].filter(Boolean).join(" "));
  text.textContent = label.name;
  text.title = label.name;
  text.style.top = pct(y);
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
  const paths: CurvePath[] = input.lines
    ? input.lines.map((line) => ({ d: line.path, slot: line.slot }))
    : segment?.path
      ? [{ d: segment.path, slot: null }]
      : [];
  updateCurve(cell, paths);
  updateDot(cell, { ...input, segment });
  updateScore(cell, input.score, segment?.y ?? null);
  updateLineLabel(cell, input.lineLabel, segment?.y ?? null);
}
