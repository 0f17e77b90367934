import { afterEach, describe, expect, it, vi } from "vitest";
import journeyMap from "../src/journey_map/index";
import { renderAll } from "../src/offline/index";
import { StaticModel } from "../src/offline/static_model";
import { STAGES, touchpoint } from "./fake_model";

const state = {
  title: "Offline",
  kind: "current",
  _stages: STAGES,
  _rows: [
    touchpoint("t1", "Discover", { emotion: 1, touchpoint: '<img src=x onerror="alert(1)">' }),
    touchpoint("t2", "Buy", { emotion: -1, touchpoint: "Checkout" }),
  ],
  _rev: 3,
  lanes: ["touchpoint", "action", "emotion"],
  emotion_scale: [-2, 2],
  editable: true, // the page forces read-only whatever the saved state says
};

function page(json: string): HTMLElement {
  const host = document.createElement("div");
  host.className = "cjm-offline-map";
  const script = document.createElement("script");
  script.type = "application/json";
  script.className = "cjm-map-state";
  script.textContent = json;
  const fallback = document.createElement("div");
  fallback.className = "cjm-offline-fallback";
  fallback.textContent = "static map";
  host.append(script, fallback);
  document.body.append(host);
  return host;
}

const fallbackOf = (host: HTMLElement): HTMLElement => host.querySelector(".cjm-offline-fallback") as HTMLElement;

afterEach(() => document.body.replaceChildren());

describe("offline renderer", () => {
  it("draws each saved map read-only, user text as text", () => {
    const host = page(JSON.stringify(state));
    expect(renderAll(host)).toBe(1);
    const names = Array.from(host.querySelectorAll(".cjm-touchpoint-text"), (n) => n.textContent);
    expect(names).toEqual(['<img src=x onerror="alert(1)">', "Checkout"]);
    expect(host.querySelector("img")).toBeNull();
    expect(host.querySelector(".cjm-add-touchpoint")).toBeNull();
    expect(host.querySelector('[role="grid"]')?.getAttribute("aria-readonly")).toBe("true");
    // The static fallback made way for the drawn map.
    expect(fallbackOf(host).hidden).toBe(true);
    // Drawn once, however often the page asks.
    expect(renderAll(host)).toBe(0);
  });

  it("leaves a damaged state block alone (its static fallback stays)", () => {
    const host = page("{not json");
    expect(renderAll(host)).toBe(0);
    expect(host.querySelector(".cjm-journey-map")).toBeNull();
    expect(fallbackOf(host).hidden).toBe(false);
  });

  it("keeps the static fallback when the renderer fails", () => {
    const failing = vi.spyOn(journeyMap, "render").mockImplementation(() => {
      throw new Error("planted failure");
    });
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const host = page(JSON.stringify(state));
      expect(renderAll(host)).toBe(0);
      expect(host.querySelector(".cjm-offline-host")).toBeNull();
      expect(fallbackOf(host).hidden).toBe(false);
      expect(logged).toHaveBeenCalledOnce();
    } finally {
      failing.mockRestore();
      logged.mockRestore();
    }
  });
});

describe("StaticModel", () => {
  it("applies lane and selection changes locally and refuses edits", async () => {
    const model = new StaticModel(state);
    expect(model.get("editable")).toBe(false);
    const changes: unknown[] = [];
    model.on("change:lanes", () => changes.push(model.get("lanes")));
    model.send({ type: "set_trait", name: "lanes", value: ["touchpoint"] });
    expect(changes).toEqual([["touchpoint"]]);
    const answers: unknown[] = [];
    model.on("msg:custom", (msg: never) => answers.push(msg));
    model.send({ type: "set_trait", name: "editable", value: true });
    model.send({ type: "edit", edit_id: "v1-1", rev: 3, op: { op: "delete", id: "t1" } });
    await Promise.resolve();
    expect(model.get("editable")).toBe(false);
    expect(answers).toEqual([
      { type: "reject", edit_id: null, rev: 3, message: "This map is read-only." },
      { type: "reject", edit_id: "v1-1", rev: 3, message: "This map is read-only." },
    ]);
    expect(model.get("_rows")).toHaveLength(2);
  });
});
