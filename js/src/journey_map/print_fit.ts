/**
 * Printing a wide map: CSS alone cannot know how wide the paper is compared
 * with the map, so just before printing the grid is zoomed down to fit a
 * landscape page, at most to MIN_ZOOM so text stays readable (wider maps run
 * on; their images, Download SVG/PNG, keep every column). Undone after printing.
 */
import "./print_fit.css";

/** Printable width of a landscape A4/Letter page at 96 px per inch, with 10 mm margins. */
export const PRINT_WIDTH = 1040;
export const MIN_ZOOM = 0.45;

/** The zoom that fits `width` px into the printable width (1 when it fits already). */
export function printZoom(width: number): number {
  if (!(width > PRINT_WIDTH)) return 1;
  return Math.max(MIN_ZOOM, Math.floor((PRINT_WIDTH / width) * 100) / 100);
}

export function installPrintFit(root: HTMLElement): () => void {
  const before = (): void => {
    const grid = root.querySelector<HTMLElement>(".cjm-grid");
    if (!grid) return;
    // The narrowest the grid can be (columns at their minimum), not its width on this screen.
    grid.style.setProperty("width", "min-content");
    const width = grid.scrollWidth;
    grid.style.removeProperty("width");
    grid.style.setProperty("zoom", String(printZoom(width)));
  };
  const after = (): void => {
    root.querySelector<HTMLElement>(".cjm-grid")?.style.removeProperty("zoom");
  };
  window.addEventListener("beforeprint", before);
  window.addEventListener("afterprint", after);
  return () => {
    window.removeEventListener("beforeprint", before);
    window.removeEventListener("afterprint", after);
  };
}
