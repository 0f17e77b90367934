import { defineConfig } from "vitest/config";

// Paths are relative to the repository root: `npm test` always runs from there.
export default defineConfig({
  test: {
    environment: "happy-dom",
    include: ["js/tests/**/*.test.ts"],
  },
});
