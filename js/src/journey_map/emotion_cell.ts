/**
 * DOM of one emotion-lane cell: the dashed zero line, this column's piece
 * of the curve (SVG stretched over the cell) and the dot with its score as
 * HTML positioned in %, so dots stay round however the cell is stretched.
 */
import { el, svg } from "../core/dom";
import { formatScore, signOf, type Segment } from "./emotion";

export interface EmotionCellInput {
  segment: Segment | null;
  score: number | null;
  /** y of the zero line, or null when 0 is off the scale. */
  zero: number | null;
  /** Touchpoint name for the dot's accessible label. */
  touchpoint: string;
}

const pct = (y: number): string => `${Math.round(y * 100) / 100}%`;

export function emotionCellContent({ segment, score, zero, touchpoint }: EmotionCellInput): Node[] {
  const nodes: Node[] = [];
  if (zero !== null) {
    const line = el("div", { className: "cjm-emotion-zero", attrs: { "aria-hidden": "true" } });
    line.style.top = pct(zero);
    nodes.push(line);
  }
  if (segment === null || score === null) return nodes;

  if (segment.path !== "") {
    nodes.push(
      svg(
        "svg",
        {
          className: "cjm-emotion-curve",
          attrs: { viewBox: "0 0 100 100", preserveAspectRatio: "none", "aria-hidden": "true", focusable: "false" },
        },
        // non-scaling-stroke keeps the line width even though the viewBox is stretched.
        [svg("path", { attrs: { d: segment.path, "vector-effect": "non-scaling-stroke" } })],
      ),
    );
  }

  const text = formatScore(score);
  const label = touchpoint === "" ? `Emotion ${text}` : `Emotion ${text} at ${touchpoint}`;
  const dot = el("div", {
    className: ["cjm-emotion-point", `cjm-emotion-${signOf(score)}`],
    attrs: { role: "img", "aria-label": label, title: label },
  });
  dot.style.top = pct(segment.y);
  // The printed score repeats the dot's label: hide it from screen readers.
  const scoreText = el("span", { className: "cjm-emotion-score", attrs: { "aria-hidden": "true" }, text });
  scoreText.style.top = pct(segment.y);
  nodes.push(dot, scoreText);
  return nodes;
}
