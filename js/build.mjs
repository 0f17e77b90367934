// Bundles each widget's front end into cjm_widgets/static/ for the Python
// package to load (`_esm` / `_css`). `--watch` rebuilds on change (npm run dev).
import * as esbuild from "esbuild";
import { readdirSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const watch = process.argv.includes("--watch");

/** @type {import("esbuild").BuildOptions} */
const options = {
  absWorkingDir: root,
  // One bundle per widget: every js/src/<widget>/index.ts becomes <widget>.js plus the
  // CSS it imports, <widget>.css (core/ is shared code, bundled into each).
  entryPoints: Object.fromEntries(
    readdirSync(`${root}js/src`, { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(`${root}js/src/${d.name}/index.ts`))
      .map((d) => [d.name, `js/src/${d.name}/index.ts`]),
  ),
  outdir: "cjm_widgets/static",
  bundle: true,
  format: "esm",
  target: "es2020",
  minify: !watch,
  sourcemap: watch ? "inline" : false,
  legalComments: "none",
  logLevel: "info",
};

if (watch) {
  const context = await esbuild.context(options);
  await context.watch();
} else {
  await esbuild.build(options);
}
