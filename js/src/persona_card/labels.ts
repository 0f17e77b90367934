/** Every user-visible string of the persona card, in English, Simplified Chinese and Latvian. */
import type { Labels } from "../core/i18n";

export const labels = {
  card: { en: "Persona", zh: "用户画像", lv: "Persona" },
  name: { en: "Name", zh: "姓名", lv: "Vārds" },
  age: { en: "Age", zh: "年龄", lv: "Vecums" },
  situation: { en: "Life situation", zh: "生活状况", lv: "Dzīves situācija" },
  goals: { en: "Goals", zh: "目标", lv: "Mērķi" },
  needs: { en: "Needs", zh: "需求", lv: "Vajadzības" },
  frustrations: { en: "Frustrations", zh: "挫折", lv: "Neapmierinātība" },
  motivations: { en: "Motivations", zh: "动机", lv: "Motivācija" },
  quote: { en: "Quote", zh: "引言", lv: "Citāts" },
  picture: { en: "Picture", zh: "照片", lv: "Attēls" },
  edit: { en: "Edit", zh: "编辑", lv: "Labot" },
  empty: { en: "(empty: click to fill in)", zh: "（空：点击填写）", lv: "(tukšs: noklikšķiniet, lai aizpildītu)" },
  choose_picture: { en: "Choose picture…", zh: "选择照片…", lv: "Izvēlēties attēlu…" },
  remove_picture: { en: "Remove picture", zh: "移除照片", lv: "Noņemt attēlu" },
  too_big: {
    en: "The picture is {size}; pictures can be at most 2 MB.",
    zh: "照片大小为 {size}；照片最大 2 MB。",
    lv: "Attēls ir {size}; attēls drīkst būt ne lielāks par 2 MB.",
  },
  no_picture: { en: "No picture", zh: "无照片", lv: "Nav attēla" },
  deleted: {
    en: "This persona is no longer in the journey's personas table.",
    zh: "此用户画像已不在旅程的用户画像表中。",
    lv: "Šīs personas vairs nav ceļojuma personu tabulā.",
  },
  editor_help: {
    en: "Enter to save, Shift+Enter for a new line, Escape to cancel",
    zh: "Enter 保存，Shift+Enter 换行，Escape 取消",
    lv: "Enter — saglabāt, Shift+Enter — jauna rinda, Escape — atcelt",
  },
} satisfies Labels<string>;

export type LabelKey = keyof typeof labels;
