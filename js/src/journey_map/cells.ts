/**
 * Content of the text lanes (touchpoint, action, thought, pain point,
 * opportunity, extra columns). Everything user-provided goes in as text
 * and gets `dir="auto"`, so right-to-left text reads correctly.
 */
import { el } from "../core/dom";
import { formatValue } from "./lanes";
import type { Row } from "./types";

export function touchpointContent(row: Row | null): Node[] {
  if (row === null) {
    return [el("span", { className: "cjm-placeholder", text: "No touchpoints" })];
  }
  const nodes: Node[] = [
    el("div", { className: "cjm-touchpoint-text", attrs: { dir: "auto" }, text: formatValue(row["touchpoint"]) }),
  ];
  const channel = formatValue(row["channel"]);
  if (channel !== "") {
    nodes.push(el("span", { className: "cjm-channel", attrs: { dir: "auto", title: "Channel" }, text: channel }));
  }
  return nodes;
}

export function textLaneContent(row: Row | null, lane: string): Node[] {
  const text = row === null ? "" : formatValue(row[lane]);
  return text === "" ? [] : [el("div", { className: "cjm-text", attrs: { dir: "auto" }, text })];
}
