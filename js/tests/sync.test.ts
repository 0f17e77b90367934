import { describe, expect, it } from "vitest";
import widget from "../src/journey_map/index";
import { applyMessage, parseMessage, SyncClient, type SyncModel } from "../src/core/sync";
import { journeyModel, touchpoint } from "./fake_model";
import { cellOf, edits, mount, patch, texts } from "./render_helpers";

const asSync = (m: unknown): SyncModel => m as SyncModel;

describe("parseMessage", () => {
  it("accepts the three Python messages and nothing else", () => {
    expect(parseMessage({ type: "patch", rev: 3, edit_id: "v-1", ops: [{ op: "delete", id: "x" }], inverse: null })).toMatchObject({
      type: "patch",
      rev: 3,
      origin: "python",
      edit_id: "v-1",
    });
    expect(parseMessage({ type: "reject", edit_id: "v-1", message: "no" })).toEqual({ type: "reject", edit_id: "v-1", message: "no" });
    expect(parseMessage({ type: "reset", rev: 9, stages: [], rows: [] })).toMatchObject({ type: "reset", columns: null });
    expect(parseMessage({ type: "other" })).toBeNull();
    expect(parseMessage("patch")).toBeNull();
    expect(parseMessage(null)).toBeNull();
  });
});

describe("applying Python's messages to the model", () => {
  it("applies a patch once however many handlers see it", () => {
    const model = journeyModel({ _rev: 4 });
    const msg = { type: "patch", rev: 5, ops: [{ op: "insert", row: touchpoint("n", "Use"), before: null }] };
    applyMessage(asSync(model), msg);
    applyMessage(asSync(model), msg);
    expect(model.get("_rows").map((r) => r["id"])).toEqual(["t1", "t2", "t3", "n"]);
    expect(model.get("_rev")).toBe(5);
  });

  it("keeps the model current through `initialize` while no view is open", () => {
    const model = journeyModel();
    const stop = widget.initialize({ model: model.proxy() }) as () => void;
    model.receive({ type: "patch", rev: 1, ops: [{ op: "set", id: "t1", column: "touchpoint", value: "Changed" }] });
    expect(model.get("_rows")[0]?.["touchpoint"]).toBe("Changed");
    model.receive({ type: "reset", rev: 2, stages: [{ stage: "Only" }], rows: [], columns: [{ name: "id", kind: "readonly" }] });
    expect(model.get("_stages")).toEqual([{ stage: "Only" }]);
    expect(model.get("_rows")).toEqual([]);
    expect(model.get("_columns")).toEqual([{ name: "id", kind: "readonly" }]);
    stop();
    expect(model.listenerCount("msg:custom")).toBe(0);
  });

  it("updates the model once with two views of one model, and both views show the change", () => {
    const model = journeyModel();
    const one = mount(model);
    const two = mount(model);
    let rowWrites = 0;
    model.on("change:_rows", () => (rowWrites += 1));
    model.receive(patch(null, [{ op: "insert", row: touchpoint("t9", "Use", { touchpoint: "Opens the app" }), before: null }], null, 7));
    expect(rowWrites).toBe(1);
    expect(model.get("_rows").filter((r) => r["id"] === "t9")).toHaveLength(1);
    expect(model.get("_rev")).toBe(7);
    for (const view of [one, two]) expect(texts(view.host.querySelectorAll(".cjm-touchpoint-text"))).toContain("Opens the app");

    model.receive(patch(null, [{ op: "set", id: "t1", column: "action", value: "Clicks" }]));
    for (const view of [one, two]) expect(cellOf(view.host, "action", "t1")?.textContent).toBe("Clicks");
    expect(model.saveCount).toBe(0);
  });

  it("ignores messages that are not the protocol's", () => {
    const model = journeyModel();
    const { host } = mount(model);
    const grid = host.querySelector('[role="grid"]');
    model.receive({ type: "something-else", rows: [] });
    model.receive("hello");
    expect(host.querySelector('[role="grid"]')).toBe(grid);
    expect(model.get("_rows")).toHaveLength(3);
  });
});

describe("SyncClient", () => {
  it("sends edits with a random per-view prefix and the model's revision", () => {
    const model = journeyModel({ _rev: 12 });
    const a = new SyncClient(asSync(model.proxy()), () => {});
    const b = new SyncClient(asSync(model.proxy()), () => {});
    const idA = a.edit({ op: "delete", id: "t1" });
    const idB = b.edit({ op: "delete", id: "t2" });
    expect(idA.split("-")[0]).not.toBe(idB.split("-")[0]);
    expect(a.owns(idA)).toBe(true);
    expect(a.owns(idB)).toBe(false);
    expect(edits(model)[0]).toEqual({ type: "edit", edit_id: idA, rev: 12, op: { op: "delete", id: "t1" } });
    a.setTrait("lanes", ["touchpoint"]);
    expect(model.sentOf("set_trait")).toEqual([{ type: "set_trait", name: "lanes", value: ["touchpoint"] }]);
    a.dispose();
    b.dispose();
    expect(model.listenerCount("msg:custom")).toBe(0);
  });
});
