/**
 * Which traits of a JourneyMap mean what, declared once for the live view and
 * the offline renderer (offline/static_model.ts). Python keeps the same three
 * lists (the map state it saves in a page, the view settings it keeps there,
 * the traits it lets a view set) and a Python test reads these with a regex to
 * compare them: keep one list per `export const`, names in double quotes.
 * types.ts checks that every name here is a trait of `JourneyMapTraits`.
 */

/** What a map needs to be drawn: data traits Python computes from the Journey. */
export const MAP_DATA_TRAITS = ["_rows", "_stages", "_columns", "_metrics", "_personas", "title", "kind", "lanes", "emotion_scale"] as const;
/** How the map was being shown, besides its data: kept by the offline renderer so a page shows it the same way. */
export const MAP_VIEW_TRAITS = ["_rev", "language", "selected_stage", "selected_touchpoints", "markers", "persona"] as const;
/** The only traits a view may set by message (set_trait); everything else is Python's to decide. */
export const SETTABLE_TRAITS = ["lanes", "selected_stage", "persona"] as const;
