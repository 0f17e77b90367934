/**
 * Floating panels (menus, the lanes panel, prompts) live inside the widget
 * root, positioned under their anchor, so they scroll with the map and need
 * no page-level layer (notebook front ends differ in what they allow there).
 */

let counter = 0;

/** A document-unique id for aria-labelledby / aria-controls links. */
export function uniqueId(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}`;
}

/** Put `popup` (already inside `container`) just below `anchor`, kept within the container's width. */
export function placeBelow(popup: HTMLElement, anchor: Element, container: HTMLElement): void {
  const a = anchor.getBoundingClientRect();
  const c = container.getBoundingClientRect();
  let left = a.left - c.left;
  const overflow = left + popup.offsetWidth - container.clientWidth;
  if (overflow > 0) left -= overflow;
  popup.style.left = `${Math.max(0, left)}px`;
  popup.style.top = `${a.bottom - c.top + 2}px`;
}

/** Call `close` on a press outside `inside` (any of them); returns the remover. */
export function onPressOutside(inside: ReadonlyArray<Element>, close: () => void): () => void {
  const onDown = (event: Event): void => {
    const target = event.target as Node | null;
    if (target && inside.some((node) => node.contains(target))) return;
    close();
  };
  document.addEventListener("pointerdown", onDown, true);
  return () => document.removeEventListener("pointerdown", onDown, true);
}

/** Focus `node` if it is still on the page (a redraw may have replaced it). */
export function focusIfConnected(node: HTMLElement | null | undefined): boolean {
  if (!node || !node.isConnected) return false;
  node.focus();
  return true;
}
