/**
 * Content of the text lanes (touchpoint, action, thought, pain point,
 * opportunity, extra columns). Everything user-provided goes in as text
 * and gets `dir="auto"`, so right-to-left text reads correctly. In an
 * editable map the touchpoint cell also carries its drag handle, delete
 * button and channel badge (an empty one to add a channel). A touchpoint's
 * `evidence` (observed / reported / assumed) shows as a labelled badge, so a
 * map says what is backed by data and what is a hypothesis.
 */
import { el } from "../core/dom";
import { translate, type Labels } from "../core/i18n";
import { formatValue, laneLabel } from "./lanes";
import type { ColumnKind, Row } from "./types";
import "./lane_cells.css";

const labels = {
  noTouchpoints: { en: "No touchpoints", zh: "没有触点", lv: "Nav saskares punktu" },
  drag: { en: "Drag to move", zh: "拖动以移动", lv: "Velciet, lai pārvietotu" },
  channel: { en: "Channel", zh: "渠道", lv: "Kanāls" },
  addChannel: { en: "Add a channel (double-click)", zh: "添加渠道（双击）", lv: "Pievienot kanālu (dubultklikšķis)" },
  deleteNamed: { en: "Delete touchpoint {name}", zh: "删除触点“{name}”", lv: "Dzēst saskares punktu “{name}”" },
  deleteTitle: { en: "Delete touchpoint (Delete)", zh: "删除触点（Delete 键）", lv: "Dzēst saskares punktu (Delete)" },
  laneFor: { en: "{lane} for {name}", zh: "“{name}”的{lane}", lv: "{lane}: {name}" },
  observed: { en: "Observed", zh: "已观察", lv: "Novērots" },
  reported: { en: "Reported", zh: "据反馈", lv: "Ziņots" },
  assumed: { en: "Assumed", zh: "假设", lv: "Pieņēmums" },
  observedTitle: {
    en: "Evidence: observed (seen in data or research)",
    zh: "证据：已观察（来自数据或调研）",
    lv: "Pierādījumi: novērots (datos vai pētījumā)",
  },
  reportedTitle: {
    en: "Evidence: reported (customers said so)",
    zh: "证据：据反馈（客户这样说）",
    lv: "Pierādījumi: ziņots (klienti tā teica)",
  },
  assumedTitle: {
    en: "Evidence: assumed (a hypothesis to check)",
    zh: "证据：假设（有待验证）",
    lv: "Pierādījumi: pieņēmums (hipotēze, kas jāpārbauda)",
  },
} satisfies Labels<string>;

const EVIDENCE = ["observed", "reported", "assumed"] as const;
type Evidence = (typeof EVIDENCE)[number];

/** The evidence badge of a touchpoint (null when it has none or an unknown value). */
export function evidenceBadge(value: unknown, language = ""): HTMLSpanElement | null {
  if (!(EVIDENCE as readonly unknown[]).includes(value)) return null;
  const kind = value as Evidence;
  const t = translate(labels, language);
  const title = t(`${kind}Title`);
  return el("span", {
    className: ["cjm-evidence", `cjm-evidence-${kind}`],
    attrs: { "data-evidence": kind, title, "aria-label": title },
    text: t(kind),
  });
}

export function touchpointContent(row: Row | null, editable = false, language = ""): Node[] {
  const t = translate(labels, language);
  if (row === null) {
    return [el("span", { className: "cjm-placeholder", text: t("noTouchpoints") })];
  }
  const name = formatValue(row["touchpoint"]);
  const channel = formatValue(row["channel"]);
  const nodes: Node[] = [];
  if (editable) {
    nodes.push(el("span", { className: "cjm-drag-handle", attrs: { "aria-hidden": "true", title: t("drag") } }));
  }
  nodes.push(el("div", { className: "cjm-touchpoint-text", attrs: { dir: "auto" }, text: name }));
  if (channel !== "") {
    nodes.push(el("span", { className: "cjm-channel", attrs: { dir: "auto", title: t("channel") }, text: channel }));
  } else if (editable) {
    // Shown on hover / focus only (CSS): the way to give a touchpoint a channel.
    nodes.push(el("span", { className: ["cjm-channel", "cjm-channel-empty"], attrs: { title: t("addChannel") } }));
  }
  const evidence = evidenceBadge(row["evidence"], language);
  if (evidence) nodes.push(evidence);
  if (editable) {
    nodes.push(
      el("button", {
        className: "cjm-delete-touchpoint",
        attrs: {
          type: "button",
          tabindex: -1,
          "data-id": formatValue(row["id"]),
          "aria-label": t("deleteNamed", { name }),
          title: t("deleteTitle"),
        },
      }),
    );
  }
  return nodes;
}

export function textLaneContent(row: Row | null, lane: string, kind: ColumnKind = "text", editable = false, language = ""): Node[] {
  if (row === null) return [];
  if (kind === "boolean" && editable) {
    const box = el("input", {
      className: "cjm-checkbox",
      attrs: {
        type: "checkbox",
        tabindex: -1,
        "data-id": formatValue(row["id"]),
        "data-column": lane,
        "aria-label": translate(labels, language)("laneFor", { lane: laneLabel(lane, language), name: formatValue(row["touchpoint"]) }),
      },
    });
    box.checked = row[lane] === true;
    box.indeterminate = row[lane] === null || row[lane] === undefined;
    return [box];
  }
  const text = formatValue(row[lane], language);
  return text === "" ? [] : [el("div", { className: "cjm-text", attrs: { dir: "auto" }, text })];
}
