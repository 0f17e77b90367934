/**
 * Locked lanes and stages (the `locked` trait): the frame of a classroom
 * exercise. The page hides the controls that would change them and explains
 * why when a user tries; Python refuses such edits anyway
 * (cjm_widgets/sync/locking.py), so this module only decides what to offer,
 * never what is allowed.
 */
import { el, svg } from "../core/dom";
import { translate, type Labels } from "../core/i18n";
import "./locking.css";

const labels = {
  lane: {
    en: "The {lane} lane is locked for this exercise: fill in the other lanes.",
    zh: "本练习中“{lane}”泳道已锁定：请填写其他泳道。",
    lv: "Josla “{lane}” šim uzdevumam ir bloķēta: aizpildiet pārējās joslas.",
  },
  stage: {
    en: "The stage {stage} is locked for this exercise: it cannot be renamed, moved or deleted.",
    zh: "本练习中阶段“{stage}”已锁定：不能重命名、移动或删除。",
    lv: "Posms “{stage}” šim uzdevumam ir bloķēts: to nevar pārdēvēt, pārvietot vai dzēst.",
  },
} satisfies Labels<string>;

/** What a user is told when they try to change a locked lane or stage. */
export const lockMessage = (language: string): ((key: keyof typeof labels, values: Record<string, string>) => string) =>
  translate(labels, language);

/** The lane showing `column` (the touchpoint lane shows the channel too). */
export function laneOfColumn(column: string): string {
  return column === "channel" ? "touchpoint" : column;
}

export function readLocked(value: unknown): ReadonlySet<string> {
  return new Set(Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);
}

export interface Locks {
  /** Cells of this lane (or of the lane showing this column) cannot be edited. */
  lane(laneOrColumn: string): boolean;
  /** This stage cannot be renamed, moved or deleted, and its touchpoints stay in it. */
  stage(name: string): boolean;
  /** Touchpoints cannot be added, deleted or moved (the touchpoint lane is locked). */
  readonly touchpoints: boolean;
}

export function locksOf(locked: ReadonlySet<string>): Locks {
  return {
    lane: (name) => locked.has(laneOfColumn(name)),
    stage: (name) => locked.has(name),
    touchpoints: locked.has("touchpoint"),
  };
}

/** A small icon drawn with SVG (no emoji font needed), in the text colour. */
export function icon(className: string, paths: readonly string[]): SVGSVGElement {
  return svg(
    "svg",
    { className: ["cjm-icon", className], attrs: { viewBox: "0 0 16 16", "aria-hidden": "true", focusable: "false" } },
    paths.map((d) => svg("path", { attrs: { d } })),
  );
}

// A padlock: shackle and body.
const PADLOCK = ["M5 7V5a3 3 0 0 1 6 0v2", "M3.5 7h9v7h-9z"];

/** A small padlock badge; its label says what is locked (for screen readers and as a tooltip). */
export function lockBadge(label: string): HTMLSpanElement {
  return el("span", { className: "cjm-lock", attrs: { role: "img", "aria-label": label, title: label } }, [icon("cjm-lock-icon", PADLOCK)]);
}
