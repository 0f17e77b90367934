/**
 * Content of the text lanes (touchpoint, action, thought, pain point,
 * opportunity, extra columns). Everything user-provided goes in as text
 * and gets `dir="auto"`, so right-to-left text reads correctly. In an
 * editable map the touchpoint cell also carries its drag handle, delete
 * button and channel badge (an empty one to add a channel).
 */
import { el } from "../core/dom";
import { formatValue } from "./lanes";
import type { ColumnKind, Row } from "./types";

export function touchpointContent(row: Row | null, editable = false): Node[] {
  if (row === null) {
    return [el("span", { className: "cjm-placeholder", text: "No touchpoints" })];
  }
  const name = formatValue(row["touchpoint"]);
  const channel = formatValue(row["channel"]);
  const nodes: Node[] = [];
  if (editable) {
    nodes.push(el("span", { className: "cjm-drag-handle", attrs: { "aria-hidden": "true", title: "Drag to move" } }));
  }
  nodes.push(el("div", { className: "cjm-touchpoint-text", attrs: { dir: "auto" }, text: name }));
  if (channel !== "") {
    nodes.push(el("span", { className: "cjm-channel", attrs: { dir: "auto", title: "Channel" }, text: channel }));
  } else if (editable) {
    // Shown on hover / focus only (CSS): the way to give a touchpoint a channel.
    nodes.push(el("span", { className: ["cjm-channel", "cjm-channel-empty"], attrs: { title: "Add a channel (double-click)" } }));
  }
  if (editable) {
    nodes.push(
      el("button", {
        className: "cjm-delete-touchpoint",
        attrs: {
          type: "button",
          tabindex: -1,
          "data-id": formatValue(row["id"]),
          "aria-label": `Delete touchpoint ${name}`,
          title: "Delete touchpoint (Delete)",
        },
      }),
    );
  }
  return nodes;
}

export function textLaneContent(row: Row | null, lane: string, kind: ColumnKind = "text", editable = false): Node[] {
  if (row === null) return [];
  if (kind === "boolean" && editable) {
    const box = el("input", {
      className: "cjm-checkbox",
      attrs: {
        type: "checkbox",
        tabindex: -1,
        "data-id": formatValue(row["id"]),
        "data-column": lane,
        "aria-label": `${lane} for ${formatValue(row["touchpoint"])}`,
      },
    });
    box.checked = row[lane] === true;
    box.indeterminate = row[lane] === null || row[lane] === undefined;
    return [box];
  }
  const text = formatValue(row[lane]);
  return text === "" ? [] : [el("div", { className: "cjm-text", attrs: { dir: "auto" }, text })];
}
