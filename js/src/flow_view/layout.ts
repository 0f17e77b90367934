/**
 * Where a flow view's nodes and bands go: a two-column Sankey layout.
 *
 * Sources sit on the left, destinations on the right, each in the given node
 * order (the map's order), so loops and repeats (A → A, going back) need no
 * special case. Heights are proportional to counts on both sides with one
 * scale, so a band is as thick at both ends as its count, and each node is as
 * tall as the bands leaving (or entering) it. Pure geometry: no DOM.
 */

export interface FlowLink {
  from: string;
  to: string;
  count: number;
  users: number | null;
  median_gap: number | null;
  other: boolean;
}

export type Side = "source" | "target";

export interface NodeBox {
  name: string;
  side: Side;
  x: number;
  y: number;
  width: number;
  height: number;
  count: number;
}

export interface Band {
  link: FlowLink;
  /** Index of the link in the input list. */
  index: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** Thickness of the band (count × scale). */
  width: number;
  /** SVG path of the band's centre line (drawn with stroke-width = width). */
  path: string;
}

export interface FlowLayout {
  width: number;
  height: number;
  sources: NodeBox[];
  targets: NodeBox[];
  bands: Band[];
}

export interface LayoutOptions {
  width: number;
  /** Room on each side for node labels. */
  labelWidth: number;
  nodeWidth: number;
  nodeGap: number;
  /** Height per node on the busier side; the chart is at least `minHeight` tall. */
  rowHeight: number;
  minHeight: number;
}

export const DEFAULT_LAYOUT: LayoutOptions = {
  width: 760,
  labelWidth: 180,
  nodeWidth: 14,
  nodeGap: 10,
  rowHeight: 30,
  minHeight: 160,
};

function totals(links: ReadonlyArray<FlowLink>, key: "from" | "to"): Map<string, number> {
  const out = new Map<string, number>();
  for (const link of links) out.set(link[key], (out.get(link[key]) ?? 0) + link.count);
  return out;
}

/** Nodes of one side, in `order` (names missing from it come last, in first-seen order). */
function sideOrder(order: ReadonlyArray<string>, present: Map<string, number>): string[] {
  const known = order.filter((name) => present.has(name));
  const extra = [...present.keys()].filter((name) => !order.includes(name));
  return [...known, ...extra];
}

function stack(names: string[], counts: Map<string, number>, side: Side, x: number, scale: number, opts: LayoutOptions, height: number): NodeBox[] {
  const used = names.reduce((sum, name) => sum + (counts.get(name) ?? 0) * scale, 0) + opts.nodeGap * Math.max(0, names.length - 1);
  let y = (height - used) / 2; // centre the column
  return names.map((name) => {
    const count = counts.get(name) ?? 0;
    const box = { name, side, x, y, width: opts.nodeWidth, height: count * scale, count };
    y += box.height + opts.nodeGap;
    return box;
  });
}

function curve(x0: number, y0: number, x1: number, y1: number): string {
  const mid = (x0 + x1) / 2;
  return `M${x0},${y0}C${mid},${y0} ${mid},${y1} ${x1},${y1}`;
}

/** Lay out `links` between `nodes` (display order). Links with a count ≤ 0 are left out. */
export function layoutFlows(nodes: ReadonlyArray<string>, links: ReadonlyArray<FlowLink>, options: Partial<LayoutOptions> = {}): FlowLayout {
  const opts = { ...DEFAULT_LAYOUT, ...options };
  const drawn = links.map((link, index) => ({ link, index })).filter(({ link }) => link.count > 0);
  const outs = totals(drawn.map((d) => d.link), "from");
  const ins = totals(drawn.map((d) => d.link), "to");
  const sourceNames = sideOrder(nodes, outs);
  const targetNames = sideOrder(nodes, ins);
  const rows = Math.max(sourceNames.length, targetNames.length);
  const height = Math.max(opts.minHeight, rows * opts.rowHeight);
  const total = drawn.reduce((sum, d) => sum + d.link.count, 0);
  const gaps = opts.nodeGap * Math.max(0, rows - 1);
  const scale = total > 0 ? Math.max(0, height - gaps) / total : 0;
  const sources = stack(sourceNames, outs, "source", opts.labelWidth, scale, opts, height);
  const targets = stack(targetNames, ins, "target", opts.width - opts.labelWidth - opts.nodeWidth, scale, opts, height);
  const sourceAt = new Map(sources.map((box, i) => [box.name, { box, i }]));
  const targetAt = new Map(targets.map((box, i) => [box.name, { box, i }]));
  // Within a node, bands are stacked in the order of their other end: fewer crossings.
  const leaving = new Map<string, number>();
  const entering = new Map<string, number>();
  const byTarget = [...drawn].sort((a, b) => targetAt.get(a.link.to)!.i - targetAt.get(b.link.to)!.i);
  const y0s = new Map<number, number>();
  for (const { link, index } of byTarget) {
    const box = sourceAt.get(link.from)!.box;
    const offset = leaving.get(link.from) ?? 0;
    y0s.set(index, box.y + offset + (link.count * scale) / 2);
    leaving.set(link.from, offset + link.count * scale);
  }
  const bySource = [...drawn].sort((a, b) => sourceAt.get(a.link.from)!.i - sourceAt.get(b.link.from)!.i);
  const bands: Band[] = [];
  for (const { link, index } of bySource) {
    const box = targetAt.get(link.to)!.box;
    const offset = entering.get(link.to) ?? 0;
    const width = link.count * scale;
    const y1 = box.y + offset + width / 2;
    entering.set(link.to, offset + width);
    const x0 = opts.labelWidth + opts.nodeWidth;
    const x1 = box.x;
    const y0 = y0s.get(index)!;
    bands.push({ link, index, x0, y0, x1, y1, width, path: curve(x0, y0, x1, y1) });
  }
  bands.sort((a, b) => a.index - b.index); // keyboard order = the table's order (biggest first)
  return { width: opts.width, height, sources, targets, bands };
}
