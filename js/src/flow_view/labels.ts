/**
 * The flow view's UI words (English, Simplified Chinese, Latvian) and how a
 * median gap reads. Node names are user data and are never translated.
 */
import { translate, type Labels } from "../core/i18n";

export const labels = {
  chart: { en: "Flows between {level}", zh: "{level}之间的流向", lv: "Plūsmas starp {level}" },
  touchpoints: { en: "touchpoints", zh: "触点", lv: "saskares punktiem" },
  stages: { en: "stages", zh: "阶段", lv: "posmiem" },
  hint: {
    en: "Hover or focus a flow for details; click or press Enter to select it.",
    zh: "悬停或聚焦某条流向查看详情；单击或按 Enter 选中。",
    lv: "Novietojiet kursoru vai fokusu uz plūsmas, lai redzētu detaļas; klikšķiniet vai nospiediet Enter, lai to atlasītu.",
  },
  flow: { en: "{from} → {to}", zh: "{from} → {to}", lv: "{from} → {to}" },
  count: { en: "{count} transitions", zh: "{count} 次转移", lv: "{count} pārejas" },
  users: { en: "{users} users", zh: "{users} 位用户", lv: "{users} lietotāji" },
  gap: { en: "median gap {gap}", zh: "中位间隔 {gap}", lv: "mediānā pauze {gap}" },
  unknown: { en: "n/a", zh: "不详", lv: "nav zināms" },
  grouped: { en: "smaller flows, grouped", zh: "较小的流向（已合并）", lv: "mazākas plūsmas, apvienotas" },
  selected: { en: "Selected: {flow}", zh: "已选中：{flow}", lv: "Atlasīts: {flow}" },
  empty: { en: "No flows to show.", zh: "没有可显示的流向。", lv: "Nav plūsmu, ko parādīt." },
  seconds: { en: "{n} s", zh: "{n} 秒", lv: "{n} s" },
  minutes: { en: "{n} min", zh: "{n} 分钟", lv: "{n} min" },
  hours: { en: "{n} h", zh: "{n} 小时", lv: "{n} h" },
  days: { en: "{n} d", zh: "{n} 天", lv: "{n} d" },
} satisfies Labels<string>;

export type LabelKey = keyof typeof labels;
export type Translate = ReturnType<typeof translate<LabelKey>>;

export function translator(language: string | null | undefined): Translate {
  return translate<LabelKey>(labels, language);
}

/** A count with thousands separators in the page's locale. */
export function formatCount(value: number): string {
  return value.toLocaleString();
}

/** Seconds as the largest fitting unit, one decimal below 10 (e.g. "2.5 h", "40 min"). */
export function formatGap(seconds: number | null, timed: boolean, t: Translate): string {
  if (seconds === null || !Number.isFinite(seconds)) return t("unknown");
  if (!timed) return formatCount(Math.round(seconds * 100) / 100);
  const units: Array<[LabelKey, number]> = [
    ["days", 86400],
    ["hours", 3600],
    ["minutes", 60],
  ];
  for (const [key, size] of units) {
    if (Math.abs(seconds) >= size) return t(key, { n: round(seconds / size) });
  }
  return t("seconds", { n: round(seconds) });
}

function round(value: number): string {
  return Math.abs(value) < 10 ? String(Math.round(value * 10) / 10) : String(Math.round(value));
}
