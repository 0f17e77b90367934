// Bundles each widget's front end into cjm_widgets/static/ for the Python
// package to load (`_esm` / `_css`). `--watch` rebuilds on change (npm run dev).
import * as esbuild from "esbuild";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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

const out = `${root}cjm_widgets/static`;

/** After a build: drop the offline renderer's stylesheet, a copy of the map's (offline/ draws with
 * journey_map/ and has no CSS of its own; render/offline.py inlines journey_map.css), and write
 * bundle.json: the front end's version (package.json's) and each file's SHA-256, which
 * `python -m cjm_widgets --info` reports and checks. */
function finish() {
  const offlineCss = `${out}/offline.css`;
  if (existsSync(offlineCss)) {
    if (!readFileSync(offlineCss).equals(readFileSync(`${out}/journey_map.css`))) {
      throw new Error("offline/ now has CSS of its own: ship offline.css and inline it in render/offline.py");
    }
    rmSync(offlineCss);
  }
  const pkg = JSON.parse(readFileSync(`${root}package.json`, "utf8"));
  const files = Object.fromEntries(
    readdirSync(out)
      .filter((name) => /\.(js|css)$/.test(name))
      .sort()
      .map((name) => [name, createHash("sha256").update(readFileSync(`${out}/${name}`)).digest("hex")]),
  );
  writeFileSync(`${out}/bundle.json`, JSON.stringify({ name: pkg.name, version: pkg.version, files }, null, 2) + "\n");
}

if (watch) {
  const context = await esbuild.context({
    ...options,
    plugins: [{ name: "finish", setup: (build) => build.onEnd((result) => result.errors.length || finish()) }],
  });
  await context.watch();
} else {
  await esbuild.build(options);
  finish();
}
