/**
 * Markers: small labelled badges that analyses put on the map (peak-end
 * moments, classroom checks, conformance deviations...). Python owns them
 * (`JourneyMap.show_markers`); the view only draws what the `markers` trait
 * holds, on the touchpoint's card or in the stage header. Markers naming a
 * touchpoint or stage the map no longer has are simply not drawn.
 */
import { el } from "../core/dom";
import "./markers.css";

export type Tone = "info" | "good" | "warn" | "bad";

export interface Marker {
  source: string;
  kind: string;
  label: string;
  touchpoint_id: string | null;
  stage: string | null;
  tone: Tone;
}

export interface Markers {
  forTouchpoint(id: string): Marker[];
  forStage(stage: string): Marker[];
}

const TONES: ReadonlySet<string> = new Set(["info", "good", "warn", "bad"]);
const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);

/** Group the trait's markers by target, dropping malformed entries. */
export function readMarkers(raw: unknown): Markers {
  const byTouchpoint = new Map<string, Marker[]>();
  const byStage = new Map<string, Marker[]>();
  for (const item of Array.isArray(raw) ? raw : []) {
    if (typeof item !== "object" || item === null) continue;
    const r = item as Record<string, unknown>;
    const tone = str(r["tone"]);
    const marker: Marker = {
      source: str(r["source"]) ?? "",
      kind: str(r["kind"]) ?? "",
      label: typeof r["label"] === "string" ? r["label"] : "",
      touchpoint_id: str(r["touchpoint_id"]),
      stage: str(r["stage"]),
      tone: tone !== null && TONES.has(tone) ? (tone as Tone) : "info",
    };
    const [map, key] = marker.touchpoint_id !== null ? [byTouchpoint, marker.touchpoint_id] : [byStage, marker.stage];
    if (key === null) continue;
    const list = map.get(key) ?? [];
    list.push(marker);
    map.set(key, list);
  }
  return {
    forTouchpoint: (id) => byTouchpoint.get(id) ?? [],
    forStage: (stage) => byStage.get(stage) ?? [],
  };
}

/** The badges for `markers` (none: null), their labels as text and tooltip. */
export function markerBadges(markers: readonly Marker[]): HTMLElement | null {
  if (markers.length === 0) return null;
  return el(
    "div",
    { className: "cjm-markers" },
    markers.map((m) =>
      el("span", {
        className: ["cjm-marker", `cjm-tone-${m.tone}`],
        attrs: { "data-source": m.source, "data-kind": m.kind, title: m.label, dir: "auto" },
        text: m.label,
      }),
    ),
  );
}
