/**
 * "Download SVG" and "Download PNG" on the map's toolbar. Plain buttons:
 * reachable with Tab, pressed with Enter or Space like any button.
 */
import { el } from "../core/dom";
import { translate, type Labels } from "../core/i18n";

export const labels = {
  svg: { en: "SVG", zh: "SVG", lv: "SVG" },
  svgTitle: { en: "Download the map as an SVG image", zh: "将旅程图下载为 SVG 图像", lv: "Lejupielādēt karti kā SVG attēlu" },
  png: { en: "PNG", zh: "PNG", lv: "PNG" },
  pngTitle: { en: "Download the map as a PNG image", zh: "将旅程图下载为 PNG 图像", lv: "Lejupielādēt karti kā PNG attēlu" },
  failed: { en: "The image could not be made: {reason}", zh: "无法生成图像：{reason}", lv: "Attēlu neizdevās izveidot: {reason}" },
} satisfies Labels<string>;

export type ImageFormat = "svg" | "png";

export class ImageButtons {
  readonly svgButton: HTMLButtonElement;
  readonly pngButton: HTMLButtonElement;

  constructor(onDownload: (format: ImageFormat) => void) {
    this.svgButton = el("button", { className: ["cjm-button", "cjm-download-svg"], attrs: { type: "button" } });
    this.pngButton = el("button", { className: ["cjm-button", "cjm-download-png"], attrs: { type: "button" } });
    this.svgButton.addEventListener("click", () => onDownload("svg"));
    this.pngButton.addEventListener("click", () => onDownload("png"));
    this.setLanguage("");
  }

  get nodes(): HTMLButtonElement[] {
    return [this.svgButton, this.pngButton];
  }

  setLanguage(language: string): void {
    const t = translate(labels, language);
    for (const [node, text, title] of [
      [this.svgButton, t("svg"), t("svgTitle")],
      [this.pngButton, t("png"), t("pngTitle")],
    ] as const) {
      node.textContent = `⤓ ${text}`;
      node.title = title;
      node.setAttribute("aria-label", title);
    }
  }
}

/** The message shown when making an image failed. */
export function failureText(language: string, reason: string): string {
  return translate(labels, language)("failed", { reason });
}
