/**
 * UI translations. Each module keeps its own `labels` table (every string in
 * English, Simplified Chinese and Latvian) and asks `translate` for a lookup
 * in the widget's language. User data is never translated: only UI labels.
 */

export const LANGUAGES = ["en", "zh", "lv"] as const;
export type Language = (typeof LANGUAGES)[number];

export type Labels<K extends string> = Readonly<Record<K, Readonly<Record<Language, string>>>>;

/**
 * The language to show: the widget's `language` trait when set, else the
 * page's (JupyterLab sets `<html lang>` from its language pack), else the
 * browser's; anything unknown falls back to English. `zh-CN`, `zh-Hans`,
 * `lv-LV`... match by their primary subtag.
 */
export function resolveLanguage(requested: string | null | undefined): Language {
  const candidates = [
    requested,
    typeof document === "undefined" ? null : document.documentElement.lang,
    typeof navigator === "undefined" ? null : navigator.language,
  ];
  for (const candidate of candidates) {
    if (!candidate) continue;
    const primary = candidate.toLowerCase().split(/[-_]/)[0] as Language;
    if ((LANGUAGES as readonly string[]).includes(primary)) return primary;
    // An explicit request for an unshipped language still means English, not the page's.
    if (candidate === requested) return "en";
  }
  return "en";
}

/**
 * `translate(labels, language)("save")` → the label in that language. `{name}`
 * placeholders are filled from `values` (as text: the caller inserts the
 * result with textContent).
 */
export function translate<K extends string>(
  labels: Labels<K>,
  language: string | null | undefined,
): (key: K, values?: Readonly<Record<string, string | number>>) => string {
  const lang = resolveLanguage(language);
  return (key, values) => {
    const entry = labels[key];
    const template = entry[lang] || entry.en;
    return values === undefined ? template : template.replace(/\{(\w+)\}/g, (m, name: string) => (name in values ? String(values[name]) : m));
  };
}
