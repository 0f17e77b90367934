// Bundles each widget's front end into cjm_widgets/static/ for the Python
// package to load (`_esm` / `_css`). `--watch` rebuilds on change (npm run dev).
import * as esbuild from "esbuild";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const watch = process.argv.includes("--watch");

/** @type {import("esbuild").BuildOptions} */
const options = {
  absWorkingDir: root,
  // Output name = widget name: journey_map.js plus the CSS it imports, journey_map.css.
  entryPoints: { journey_map: "js/src/journey_map/index.ts" },
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
