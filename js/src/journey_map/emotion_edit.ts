/**
 * Editing the emotion curve. Each dot is a vertical slider: ArrowUp/Down
 * move it by 1 (0.5 with Shift), Home/End go to the top/bottom of the
 * scale, and every key sends one `set` edit. With the pointer, the dot is
 * dragged (preview only, snapped to half points) and released to send one
 * edit. Enter or Tab on an emotion cell focuses its dot; Escape or
 * Shift+Tab goes back to the cell.
 */
import { trackPointer } from "../core/pointer_drag";
import { rowById, type MapContext } from "./context";
import { clampScore, scoreAtY, toScore } from "./emotion";
import "./emotion_edit.css";

const round = (n: number): number => Math.round(n * 100) / 100;

/** The score a dot shows (a placeholder dot stands at 0, clamped to the scale). */
function currentScore(ctx: MapContext, id: string): number {
  const state = ctx.state();
  return toScore(rowById(state, id)?.["emotion"]) ?? clampScore(0, state.scale);
}

/** The new score for a key, or null when the key is not a slider key. */
export function scoreForKey(key: string, shift: boolean, score: number, scale: [number, number]): number | null {
  const step = shift ? 0.5 : 1;
  switch (key) {
    case "ArrowUp":
    case "PageUp":
      return clampScore(round(score + step), scale);
    case "ArrowDown":
    case "PageDown":
      return clampScore(round(score - step), scale);
    case "Home":
      return scale[1];
    case "End":
      return scale[0];
    default:
      return null;
  }
}

export function installEmotionEditing(ctx: MapContext): () => void {
  const { root } = ctx;
  let stopDrag: (() => void) | null = null;

  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target as HTMLElement;
    // Enter / Tab on an emotion cell step into its dot.
    if (target.matches?.('.cjm-lane-cell[data-lane="emotion"]')) {
      const dot = target.querySelector<HTMLElement>(".cjm-emotion-dot");
      if (dot && (event.key === "Enter" || (event.key === "Tab" && !event.shiftKey))) {
        event.preventDefault();
        event.stopPropagation();
        dot.focus();
      }
      return;
    }
    if (!target.classList?.contains("cjm-emotion-dot")) return;
    const id = target.getAttribute("data-id");
    const cell = target.closest<HTMLElement>(".cjm-lane-cell");
    const state = ctx.state();
    if (id === null || !state.editable) return;
    if (event.key === "Escape" || (event.key === "Tab" && event.shiftKey)) {
      event.preventDefault();
      event.stopPropagation();
      if (cell) ctx.focusCell(cell);
      return;
    }
    const score = currentScore(ctx, id);
    const next = scoreForKey(event.key, event.shiftKey, score, state.scale);
    if (next === null) return;
    event.preventDefault();
    event.stopPropagation();
    // A placeholder dot becomes real on any key, even one that keeps it at 0.
    const unset = toScore(rowById(state, id)?.["emotion"]) === null;
    if (next !== score || unset) ctx.setCell(id, "emotion", next);
  };

  const onPointerDown = (event: PointerEvent): void => {
    const dot = (event.target as Element | null)?.closest?.<HTMLElement>(".cjm-emotion-dot");
    const cell = dot?.closest<HTMLElement>(".cjm-lane-cell");
    const id = dot?.getAttribute("data-id");
    if (!dot || !cell || !id || event.button !== 0 || !ctx.state().editable) return;
    event.preventDefault(); // no text selection; focus is set by hand
    dot.focus();
    stopDrag?.();
    const original = toScore(rowById(ctx.state(), id)?.["emotion"]);
    let score: number | null = null;
    const scoreAt = (e: PointerEvent): number => {
      const rect = (ctx.cellOf("emotion", id) ?? cell).getBoundingClientRect();
      const y = rect.height > 0 ? ((e.clientY - rect.top) / rect.height) * 100 : 50;
      return scoreAtY(y, ctx.state().scale);
    };
    stopDrag = trackPointer(event, dot, {
      threshold: 0,
      onMove: (e) => {
        score = scoreAt(e);
        ctx.preview(id, "emotion", score);
      },
      onDrop: (e) => {
        stopDrag = null;
        const final = scoreAt(e);
        ctx.preview(id, "emotion", undefined);
        if (final !== original) ctx.setCell(id, "emotion", final);
      },
      onCancel: () => {
        stopDrag = null;
        if (score !== null) ctx.preview(id, "emotion", undefined);
      },
    });
  };

  root.addEventListener("keydown", onKeyDown);
  root.addEventListener("pointerdown", onPointerDown);
  return () => {
    stopDrag?.();
    root.removeEventListener("keydown", onKeyDown);
    root.removeEventListener("pointerdown", onPointerDown);
  };
}
