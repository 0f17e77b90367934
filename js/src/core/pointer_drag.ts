/**
 * Follow one pointer from a press to its release. A press becomes a drag
 * once it moves more than `threshold` px (so clicks and double-clicks stay
 * clicks); the pointer is then captured, so the drag continues outside the
 * element. Escape cancels.
 */

export interface DragHandlers {
  threshold: number;
  onStart?: () => void;
  onMove: (event: PointerEvent) => void;
  onDrop: (event: PointerEvent) => void;
  onCancel: () => void;
}

export function trackPointer(down: PointerEvent, capture: Element, handlers: DragHandlers): () => void {
  const doc = capture.ownerDocument;
  let dragging = false;

  const stop = (): void => {
    doc.removeEventListener("pointermove", onMove, true);
    doc.removeEventListener("pointerup", onUp, true);
    doc.removeEventListener("pointercancel", onCancel, true);
    doc.removeEventListener("keydown", onKey, true);
    try {
      if (capture.hasPointerCapture?.(down.pointerId)) capture.releasePointerCapture(down.pointerId);
    } catch {
      // The element may be gone after a redraw: nothing to release.
    }
  };
  const onMove = (event: PointerEvent): void => {
    if (event.pointerId !== down.pointerId) return;
    if (!dragging) {
      const far = Math.abs(event.clientX - down.clientX) > handlers.threshold || Math.abs(event.clientY - down.clientY) > handlers.threshold;
      if (!far) return;
      dragging = true;
      try {
        capture.setPointerCapture?.(down.pointerId);
      } catch {
        // Synthetic pointers (tests) cannot be captured; document listeners still follow them.
      }
      handlers.onStart?.();
    }
    event.preventDefault(); // no text selection while dragging
    handlers.onMove(event);
  };
  const onUp = (event: PointerEvent): void => {
    if (event.pointerId !== down.pointerId) return;
    stop();
    if (dragging) handlers.onDrop(event);
  };
  const onCancel = (): void => {
    stop();
    if (dragging) handlers.onCancel();
  };
  const onKey = (event: KeyboardEvent): void => {
    if (event.key !== "Escape" || !dragging) return;
    event.preventDefault();
    event.stopPropagation();
    onCancel();
  };
  doc.addEventListener("pointermove", onMove, true);
  doc.addEventListener("pointerup", onUp, true);
  doc.addEventListener("pointercancel", onCancel, true);
  doc.addEventListener("keydown", onKey, true);
  return stop;
}
