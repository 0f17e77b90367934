/**
 * The map as an image: an SVG drawn from the map's state with native SVG
 * shapes and text (no foreignObject, so rasterising it to PNG never taints
 * the canvas), and the downloads of it as .svg and .png.
 *
 * Text is set with textContent and serialised by XMLSerializer: user data
 * stays text in the file. Colours are read from the live map, so the image
 * matches the theme it was taken in.
 */
import { svg } from "../core/dom";
import { toScore } from "./emotion";
import { formatValue, laneLabel } from "./lanes";
import type { Marker } from "./markers";
import type { MapState } from "./state";

export interface Palette {
  background: string;
  foreground: string;
  muted: string;
  border: string;
  header: string;
  accent: string;
  pain: string;
  opportunity: string;
}

const LABEL_WIDTH = 140;
const COLUMN_WIDTH = 180;
const LINE = 16;
const PAD = 8;
const MAX_LINES = 8;
const EMOTION_HEIGHT = 110;
const TITLE_HEIGHT = 36;
// Average glyph width at 12px in a sans-serif font: used to wrap text without measuring.
const CHAR_WIDTH = 6.6;

/** Wrap `text` into lines of at most `width` px (estimated), at most MAX_LINES (the last one elided). */
export function wrapText(text: string, width: number): string[] {
  const max = Math.max(4, Math.floor(width / CHAR_WIDTH));
  const lines: string[] = [];
  for (const paragraph of text.split(/\r?\n/)) {
    let line = "";
    for (const word of paragraph.split(/\s+/).filter((w) => w !== "")) {
      let rest = word;
      while (rest.length > max) {
        if (line !== "") lines.push(line);
        lines.push(rest.slice(0, max));
        line = "";
        rest = rest.slice(max);
      }
      if (line === "") line = rest;
      else if (line.length + 1 + rest.length <= max) line = `${line} ${rest}`;
      else {
        lines.push(line);
        line = rest;
      }
    }
    lines.push(line);
  }
  while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  if (lines.length > MAX_LINES) return [...lines.slice(0, MAX_LINES - 1), `${lines[MAX_LINES - 1] ?? ""}…`];
  return lines;
}

function textBlock(lines: string[], x: number, y: number, fill: string, weight = "normal"): SVGTextElement {
  const node = svg("text", { attrs: { x, y, fill, "font-size": 12, "font-weight": weight } });
  lines.forEach((line, i) => node.append(svg("tspan", { attrs: { x, dy: i === 0 ? 0 : LINE }, text: line })));
  return node;
}

function rect(x: number, y: number, w: number, h: number, fill: string, stroke: string): SVGRectElement {
  return svg("rect", { attrs: { x, y, width: w, height: h, fill, stroke, "stroke-width": 1 } });
}

/** Marker labels as lines of text ("⚑ Peak"), so the image keeps what the badges say. */
function markerLines(markers: readonly Marker[]): string {
  return markers.map((m) => `\n⚑ ${m.label}`).join("");
}

function cellText(lane: string, row: Readonly<Record<string, unknown>> | null, state: MapState): string {
  if (row === null) return "";
  if (lane === "touchpoint") {
    const channel = formatValue(row["channel"]);
    const name = formatValue(row["touchpoint"]);
    const marks = markerLines(state.markers.forTouchpoint(formatValue(row["id"])));
    return (channel === "" ? name : `${name}\n[${channel}]`) + marks;
  }
  return formatValue(row[lane]);
}

/** The map drawn as a standalone SVG document (an <svg> element, not yet in any page). */
export function mapSvg(state: MapState, palette: Palette): SVGSVGElement {
  const { columns, stages } = state.layout;
  const width = LABEL_WIDTH + COLUMN_WIDTH * Math.max(columns.length, 1);
  const textWidth = COLUMN_WIDTH - 2 * PAD;
  const parts: SVGElement[] = [];
  let y = TITLE_HEIGHT;

  // Stage header row.
  const headerLines = stages.map((g) =>
    wrapText(g.stage.stage + markerLines(state.markers.forStage(g.stage.stage)), COLUMN_WIDTH * g.span - 2 * PAD),
  );
  const headerHeight = Math.max(1, ...headerLines.map((l) => l.length)) * LINE + 2 * PAD;
  parts.push(rect(0, y, LABEL_WIDTH, headerHeight, palette.header, palette.border));
  stages.forEach((group, i) => {
    const x = LABEL_WIDTH + group.start * COLUMN_WIDTH;
    const g = svg("g", { className: "cjm-image-stage" });
    g.append(rect(x, y, group.span * COLUMN_WIDTH, headerHeight, palette.header, palette.border));
    g.append(textBlock(headerLines[i] ?? [], x + PAD, y + PAD + 12, palette.foreground, "bold"));
    parts.push(g);
  });
  y += headerHeight;

  for (const lane of state.lanes) {
    if (lane === "emotion") {
      parts.push(emotionRow(state, palette, y, width));
      y += EMOTION_HEIGHT;
      continue;
    }
    const texts = columns.map((c) => wrapText(cellText(lane, c.row, state), textWidth));
    const height = Math.max(1, ...texts.map((t) => t.length)) * LINE + 2 * PAD;
    parts.push(rect(0, y, LABEL_WIDTH, height, palette.header, palette.border));
    parts.push(textBlock(wrapText(laneLabel(lane), LABEL_WIDTH - 2 * PAD), PAD, y + PAD + 12, palette.foreground, "bold"));
    columns.forEach((column, i) => {
      const x = LABEL_WIDTH + column.index * COLUMN_WIDTH;
      const lines = texts[i] ?? [];
      const tint = lines.length === 0 ? palette.background : lane === "pain_point" ? palette.pain : lane === "opportunity" ? palette.opportunity : palette.background;
      parts.push(rect(x, y, COLUMN_WIDTH, height, tint, palette.border));
      if (lines.length > 0) parts.push(textBlock(lines, x + PAD, y + PAD + 12, palette.foreground));
    });
    y += height;
  }

  const root = svg("svg", {
    attrs: {
      width,
      height: y + PAD,
      viewBox: `0 0 ${width} ${y + PAD}`,
      "font-family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
      role: "img",
    },
  });
  const title = state.title || "Customer journey map";
  root.append(
    svg("title", { text: title }),
    rect(0, 0, width, y + PAD, palette.background, "none"),
    textBlock([title], PAD, 24, palette.foreground, "bold"),
    ...parts,
  );
  root.querySelector("text")?.setAttribute("font-size", "16");
  return root;
}

function emotionRow(state: MapState, palette: Palette, top: number, width: number): SVGGElement {
  const [low, high] = state.scale;
  const g = svg("g", { className: "cjm-image-emotion" });
  g.append(rect(0, top, LABEL_WIDTH, EMOTION_HEIGHT, palette.header, palette.border));
  g.append(textBlock([laneLabel("emotion")], PAD, top + PAD + 12, palette.foreground, "bold"));
  g.append(rect(LABEL_WIDTH, top, width - LABEL_WIDTH, EMOTION_HEIGHT, palette.background, palette.border));
  const yOf = (score: number): number => top + 12 + ((high - Math.min(Math.max(score, low), high)) / (high - low)) * (EMOTION_HEIGHT - 24);
  const zero = yOf(Math.min(Math.max(0, low), high));
  g.append(svg("line", { attrs: { x1: LABEL_WIDTH, x2: width, y1: zero, y2: zero, stroke: palette.muted, "stroke-dasharray": "4 4" } }));
  let run: string[] = [];
  const flush = (): void => {
    if (run.length > 1) g.append(svg("polyline", { attrs: { points: run.join(" "), fill: "none", stroke: palette.accent, "stroke-width": 2 } }));
    run = [];
  };
  for (const column of state.layout.columns) {
    const score = toScore(column.row?.["emotion"]);
    if (score === null) {
      flush();
      continue;
    }
    const x = LABEL_WIDTH + column.index * COLUMN_WIDTH + COLUMN_WIDTH / 2;
    run.push(`${x},${yOf(score)}`);
    const dot = svg("circle", { attrs: { cx: x, cy: yOf(score), r: 5, fill: palette.accent } });
    dot.append(svg("title", { text: `${formatValue(column.row?.["touchpoint"])}: ${score}` }));
    g.append(dot);
  }
  flush();
  return g;
}

/** The live map's colours (CSS variables resolved against its theme). */
export function paletteOf(root: Element): Palette {
  const style = getComputedStyle(root);
  const pick = (name: string, fallback: string): string => style.getPropertyValue(name).trim() || fallback;
  return {
    background: pick("--cjm-bg", "#ffffff"),
    foreground: pick("--cjm-fg", "#222222"),
    muted: pick("--cjm-fg-muted", "#5f6368"),
    border: pick("--cjm-border", "#dddddd"),
    header: pick("--cjm-bg-header", "#f3f4f6"),
    accent: pick("--cjm-accent", "#1976d2"),
    pain: pick("--cjm-pain-tint", "rgba(229, 57, 53, 0.12)"),
    opportunity: pick("--cjm-opportunity-tint", "rgba(67, 160, 71, 0.14)"),
  };
}

export function svgText(node: SVGSVGElement): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(node)}`;
}

/** A file name from the map's title: letters, digits and dashes only. */
export function fileName(title: string, extension: string): string {
  const base = title.normalize("NFKD").replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-+|-+$/g, "").slice(0, 80);
  return `${base || "journey-map"}.${extension}`;
}

/** Save `blob` as a download named `name` (a blob: URL on a temporary link). */
export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.style.display = "none";
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later: the browser reads the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/** Rasterise SVG text to a PNG blob at `scale` device pixels per SVG unit. */
export function svgToPng(text: string, width: number, height: number, scale = 2): Promise<Blob> {
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = (): void => {
      const canvas = document.createElement("canvas");
      // Browsers cap canvas area: keep a very wide map drawable by lowering the scale.
      const limit = Math.sqrt(16_000_000 / (width * height));
      const s = Math.max(0.25, Math.min(scale, limit));
      canvas.width = Math.ceil(width * s);
      canvas.height = Math.ceil(height * s);
      const context = canvas.getContext("2d");
      if (context === null) return reject(new Error("no 2D canvas in this browser"));
      context.scale(s, s);
      context.drawImage(image, 0, 0, width, height);
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("the PNG could not be encoded"))), "image/png");
    };
    image.onerror = (): void => reject(new Error("the map image could not be drawn"));
    image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
  });
}

/** Download the map shown in `root` with `state` as SVG or PNG. */
export async function exportImage(state: MapState, root: Element, format: "svg" | "png"): Promise<void> {
  const node = mapSvg(state, paletteOf(root));
  const text = svgText(node);
  if (format === "svg") {
    download(new Blob([text], { type: "image/svg+xml" }), fileName(state.title, "svg"));
    return;
  }
  const width = Number(node.getAttribute("width"));
  const height = Number(node.getAttribute("height"));
  download(await svgToPng(text, width, height), fileName(state.title, "png"));
}
