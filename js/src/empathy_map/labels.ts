/** Every user-visible string of the empathy map, in English, Simplified Chinese and Latvian. */
import type { Labels } from "../core/i18n";

export const labels = {
  map: { en: "Empathy map", zh: "同理心地图", lv: "Empātijas karte" },
  says: { en: "Says", zh: "说", lv: "Saka" },
  thinks: { en: "Thinks", zh: "想", lv: "Domā" },
  does: { en: "Does", zh: "做", lv: "Dara" },
  feels: { en: "Feels", zh: "感受", lv: "Jūt" },
  pains: { en: "Pains", zh: "痛点", lv: "Sāpes" },
  gains: { en: "Gains", zh: "收获", lv: "Ieguvumi" },
  says_hint: { en: "What do they say out loud?", zh: "他们说了什么？", lv: "Ko viņi saka skaļi?" },
  thinks_hint: { en: "What goes through their mind?", zh: "他们心里在想什么？", lv: "Kas viņiem ir prātā?" },
  does_hint: { en: "What do they do?", zh: "他们做了什么？", lv: "Ko viņi dara?" },
  feels_hint: { en: "How do they feel?", zh: "他们有什么感受？", lv: "Ko viņi jūt?" },
  pains_hint: { en: "Fears, frustrations, obstacles", zh: "恐惧、挫折、障碍", lv: "Bailes, vilšanās, šķēršļi" },
  gains_hint: { en: "Wants, needs, measures of success", zh: "愿望、需求、成功标准", lv: "Vēlmes, vajadzības, veiksmes mēri" },
  add: { en: "+ Add note", zh: "+ 添加便签", lv: "+ Pievienot piezīmi" },
  add_to: { en: "Add a note to", zh: "添加便签到", lv: "Pievienot piezīmi:" },
  delete: { en: "Delete note", zh: "删除便签", lv: "Dzēst piezīmi" },
  note: { en: "Note", zh: "便签", lv: "Piezīme" },
  note_help: {
    en: "Enter to edit, Delete to remove, Alt+Arrow keys to move to another quadrant",
    zh: "Enter 编辑，Delete 删除，Alt+方向键移到其他象限",
    lv: "Enter — labot, Delete — dzēst, Alt+bultiņas — pārvietot uz citu kvadrantu",
  },
  editor: { en: "Note text", zh: "便签文字", lv: "Piezīmes teksts" },
  notConnected: {
    en: "Not connected to a kernel: edits are not saved.",
    zh: "未连接到内核：编辑不会被保存。",
    lv: "Nav savienojuma ar kodolu: labojumi netiek saglabāti.",
  },
  undo: { en: "Undo", zh: "撤销", lv: "Atsaukt" },
  redo: { en: "Redo", zh: "重做", lv: "Atcelt atsaukšanu" },
  undo_title: { en: "Undo (Ctrl+Z)", zh: "撤销 (Ctrl+Z)", lv: "Atsaukt (Ctrl+Z)" },
  redo_title: { en: "Redo (Ctrl+Y)", zh: "重做 (Ctrl+Y)", lv: "Atcelt atsaukšanu (Ctrl+Y)" },
  tools: { en: "Empathy map tools", zh: "同理心地图工具", lv: "Empātijas kartes rīki" },
  persona: { en: "Persona", zh: "用户画像", lv: "Persona" },
  empty: { en: "No notes yet", zh: "还没有便签", lv: "Vēl nav piezīmju" },
} satisfies Labels<string>;

export type LabelKey = keyof typeof labels;
