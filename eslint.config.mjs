// Lint config for the JS/TS front end in js/ (Python lives elsewhere).
import js from "@eslint/js";
import { defineConfig, globalIgnores } from "eslint/config";
import tseslint from "typescript-eslint";

// User text is data, never markup: forbid every HTML-parsing sink.
const noHtmlSinks = [
  "error",
  {
    selector: "MemberExpression[property.name=/^(innerHTML|outerHTML|insertAdjacentHTML|createContextualFragment)$/]",
    message: "User text is data, never markup: build nodes with el() from js/src/core/dom.ts.",
  },
  {
    selector: "CallExpression[callee.object.name='document'][callee.property.name=/^(write|writeln)$/]",
    message: "document.write parses markup.",
  },
];

export default defineConfig(
  globalIgnores(["node_modules/", "cjm_widgets/static/", ".venv/"]),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ["js/**/*.{ts,mjs}"],
    rules: {
      "no-restricted-syntax": noHtmlSinks,
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  {
    files: ["js/*.mjs"],
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly" } },
  },
);
