import { afterEach, describe, expect, it } from "vitest";
import { resolveLanguage, translate, type Labels } from "../src/core/i18n";

const labels: Labels<"undo" | "add"> = {
  undo: { en: "Undo", zh: "撤销", lv: "Atsaukt" },
  add: { en: "Add touchpoint to {stage}", zh: "向{stage}添加触点", lv: "Pievienot saskarsmes punktu posmam {stage}" },
};

describe("i18n", () => {
  afterEach(() => document.documentElement.removeAttribute("lang"));

  it("uses the requested language by its primary subtag", () => {
    expect(resolveLanguage("zh-CN")).toBe("zh");
    expect(resolveLanguage("lv_LV")).toBe("lv");
    expect(translate(labels, "zh")("undo")).toBe("撤销");
  });

  it("falls back to the page's language, then English", () => {
    document.documentElement.lang = "lv";
    expect(resolveLanguage("")).toBe("lv");
    expect(resolveLanguage("fr")).toBe("en");
  });

  it("fills placeholders as plain text", () => {
    expect(translate(labels, "en")("add", { stage: "<b>Buy</b>" })).toBe("Add touchpoint to <b>Buy</b>");
    expect(translate(labels, "lv")("add", { stage: "Pirkums" })).toBe("Pievienot saskarsmes punktu posmam Pirkums");
  });
});
