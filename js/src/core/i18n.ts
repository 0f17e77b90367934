/**
 * UI translations: each module keeps its labels in English, Simplified
 * Chinese and Latvian; the widget's `language` trait picks one ("" = the
 * Jupyter/browser locale).
 */
export type Language = "en" | "zh" | "lv";
export type Labels<K extends string> = Record<K, { en: string; zh: string; lv: string }>;

/** The language to show: the trait if set, else the page's or browser's locale, else English. */
export function resolveLanguage(language: string): Language {
  const wanted = [language, globalThis.document?.documentElement?.lang ?? "", globalThis.navigator?.language ?? ""];
  for (const tag of wanted) {
    const base = tag.toLowerCase().split(/[-_]/)[0];
    if (base === "en" || base === "zh" || base === "lv") return base;
  }
  return "en";
}

export function translate<K extends string>(labels: Labels<K>, language: string): (key: K) => string {
  const lang = resolveLanguage(language);
  return (key) => labels[key][lang];
}
