/**
 * The stylesheets hold flat rules only (plus at-rules around them). A brace
 * lost in a merge does not fail the build: CSS nesting silently turns every
 * later rule into a descendant of the unclosed one, and they stop applying.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = join(__dirname, "..", "src");
const sheets = readdirSync(SRC, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".css"));

/** Selectors of rules that sit inside another style rule (not inside an at-rule). */
function nestedRules(css: string): string[] {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, "");
  const stack: Array<"at" | "style"> = [];
  const nested: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (c === "{") {
      const prelude = text.slice(start, i).split(/[;}]/).pop()?.trim() ?? "";
      const kind = prelude.startsWith("@") ? "at" : "style";
      if (kind === "style" && stack.includes("style")) nested.push(prelude);
      stack.push(kind);
      start = i + 1;
    } else if (c === "}") {
      stack.pop();
      start = i + 1;
    }
  }
  if (stack.length > 0) nested.push(`${stack.length} unclosed block(s)`);
  return nested;
}

describe("stylesheets", () => {
  it("finds the stylesheets", () => {
    expect(sheets.length).toBeGreaterThan(0);
  });

  it.each(sheets)("%s has no rule nested in another (an unclosed brace)", (file) => {
    expect(nestedRules(readFileSync(join(SRC, file), "utf8"))).toEqual([]);
  });

  it("catches an unclosed rule", () => {
    expect(nestedRules(".a { color: red;\n.b { color: blue; }")).toEqual([".b", "1 unclosed block(s)"]);
  });
});
