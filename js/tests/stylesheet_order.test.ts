// @vitest-environment node
/**
 * The journey map's stylesheets sit beside the modules that build what they
 * style, and esbuild bundles them in import order. Where two rules of equal
 * specificity meet on one element, the later one wins, so that order is part
 * of the look: these tests pin the parts of it that matter, and that no
 * stylesheet is left out of the bundle.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import * as esbuild from "esbuild";
import { describe, expect, it } from "vitest";

const ROOT = join(__dirname, "..", "..");
const MAP = "js/src/journey_map";

/** The stylesheets of an entry point's CSS bundle, in bundle order. */
async function sheetsOf(entry: string): Promise<string[]> {
  const result = await esbuild.build({ absWorkingDir: ROOT, entryPoints: [entry], bundle: true, write: false, outdir: "out", format: "esm", logLevel: "silent" });
  const css = result.outputFiles.find((f) => f.path.endsWith(".css"))?.text ?? "";
  return Array.from(css.matchAll(/^\/\* (js\/src\/\S+\.css) \*\/$/gm), (m) => m[1] ?? "");
}

describe.each([`${MAP}/index.ts`, "js/src/offline/index.ts"])("stylesheets of %s", (entry) => {
  it("bundles every journey map stylesheet once", async () => {
    const sheets = await sheetsOf(entry);
    const files = readdirSync(join(ROOT, MAP)).filter((f) => f.endsWith(".css")).map((f) => `${MAP}/${f}`);
    expect([...sheets].sort()).toEqual(["js/src/core/theme.css", ...files].sort());
  });

  it("keeps the cascade order the rules rely on", async () => {
    const sheets = await sheetsOf(entry);
    const at = (name: string): number => sheets.indexOf(`${MAP}/${name}`);
    // The base look first: every feature may override it.
    expect(sheets.slice(0, 3)).toEqual(["js/src/core/theme.css", `${MAP}/map.css`, `${MAP}/grid.css`]);
    // Cell states (pending, selected, locked) after the cells' own content...
    expect(at("lane_cells.css")).toBeLessThan(at("draw_grid.css"));
    expect(at("emotion_cell.css")).toBeLessThan(at("draw_grid.css"));
    // ...and before the emotion slider, whose placeholder dot keeps its own faintness.
    expect(at("draw_grid.css")).toBeLessThan(at("emotion_edit.css"));
    // The future-state tint lies over selected and drop-target stage headers.
    expect(sheets[sheets.length - 1]).toBe(`${MAP}/map_view.css`);
  });
});
