import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CONNECT_TIMEOUT_MS, parseMessage } from "../src/core/sync";
import { StaticModel } from "../src/offline/static_model";
import { journeyModel, touchpoint } from "./fake_model";
import { cellOf, mount } from "./render_helpers";

const NOT_CONNECTED = "Not connected to a kernel: edits are not saved.";
const messageOf = (host: Element): HTMLElement | null => host.querySelector<HTMLElement>(".cjm-message");

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("the handshake (docs/sync-protocol.md)", () => {
  it("parses welcome", () => {
    expect(parseMessage({ type: "welcome", rev: 7 })).toEqual({ type: "welcome", rev: 7, echo: false });
    expect(parseMessage({ type: "welcome", rev: 7, echo: true })).toEqual({ type: "welcome", rev: 7, echo: true });
  });

  it("a view says hello with the revision its model holds", () => {
    const model = journeyModel({ _rev: 41 });
    mount(model);
    expect(model.sentOf("hello")).toEqual([{ type: "hello", rev: 41 }]);
  });

  it("a view Python welcomes shows no message, even after the timeout", () => {
    const model = journeyModel({ _rev: 3, editable: true });
    const { host } = mount(model);
    model.receive({ type: "welcome", rev: 3 });
    vi.advanceTimersByTime(CONNECT_TIMEOUT_MS * 2);
    expect(messageOf(host)?.hidden).toBe(true);
  });

  it("a view nobody answers says it is not connected, and stops saying so when Python answers", () => {
    const model = journeyModel({ _rev: 3, editable: true });
    const { host } = mount(model);
    vi.advanceTimersByTime(CONNECT_TIMEOUT_MS - 1);
    expect(messageOf(host)?.hidden).toBe(true);
    vi.advanceTimersByTime(1);
    expect(messageOf(host)?.hidden).toBe(false);
    expect(messageOf(host)?.textContent).toContain(NOT_CONNECTED);
    vi.advanceTimersByTime(60_000); // it stays: it is a state, not a passing notice
    expect(messageOf(host)?.textContent).toContain(NOT_CONNECTED);
    // A kernel busy with a long cell answers late: the view is connected after all.
    model.receive({ type: "welcome", rev: 3 });
    expect(messageOf(host)?.hidden).toBe(true);
  });

  it("a read-only view with no kernel has nothing to warn about", () => {
    const model = journeyModel({ _rev: 3, editable: false });
    const { host } = mount(model);
    vi.advanceTimersByTime(CONNECT_TIMEOUT_MS);
    expect(messageOf(host)?.hidden).toBe(true);
  });

  it("a view that is behind catches up with the reset Python sends before its welcome", () => {
    const model = journeyModel({ _rev: 2 });
    const { host } = mount(model);
    model.receive({
      type: "reset",
      rev: 9,
      stages: [{ stage: "Discover" }],
      rows: [touchpoint("t1", "Discover", { thought: "Edited while this page was away" })],
      columns: null,
    });
    model.receive({ type: "welcome", rev: 9 });
    expect(model.get("_rev")).toBe(9);
    expect(cellOf(host, "thought", "t1")?.textContent).toContain("Edited while this page was away");
    expect(cellOf(host, "thought", "t2")).toBeNull();
  });

  it("in a host that re-runs cells on state writes (welcome with echo), a view saves after its own applied edits only", () => {
    const model = journeyModel({ _rev: 3, editable: true });
    const { host } = mount(model);
    model.receive({ type: "welcome", rev: 3, echo: true });
    cellOf(host, "thought", "t1")?.dispatchEvent(new MouseEvent("dblclick", { bubbles: true }));
    const editor = host.querySelector<HTMLTextAreaElement>(".cjm-editor");
    if (!editor) throw new Error("no editor");
    editor.value = "Edited in marimo";
    editor.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
    const edit = model.sentOf("edit")[0];
    expect(model.saveCount).toBe(0); // nothing before Python applied it
    model.receive({ type: "patch", rev: 4, origin: "view", edit_id: edit?.["edit_id"], ops: [edit?.["op"]], inverse: null });
    expect(model.saveCount).toBe(1);
    expect(model.get("_rev")).toBe(4);
    // Python's own changes and other views' edits re-run nothing from here (no loops through the page).
    model.receive({ type: "patch", rev: 5, origin: "python", edit_id: null, ops: [], inverse: null });
    model.receive({ type: "patch", rev: 6, origin: "view", edit_id: "vother-1", ops: [], inverse: null });
    expect(model.saveCount).toBe(1);
  });

  it("everywhere else (welcome without echo) a view never writes state", () => {
    const model = journeyModel({ _rev: 3, editable: true });
    const { host } = mount(model);
    model.receive({ type: "welcome", rev: 3, echo: false });
    cellOf(host, "thought", "t1")?.dispatchEvent(new MouseEvent("dblclick", { bubbles: true }));
    const editor = host.querySelector<HTMLTextAreaElement>(".cjm-editor");
    if (!editor) throw new Error("no editor");
    editor.value = "Edited in Jupyter";
    editor.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
    const edit = model.sentOf("edit")[0];
    model.receive({ type: "patch", rev: 4, origin: "view", edit_id: edit?.["edit_id"], ops: [edit?.["op"]], inverse: null });
    expect(model.saveCount).toBe(0);
  });

  it("an offline page's model (to_html, cjm-report) answers hello itself: the page is the whole world", async () => {
    const model = new StaticModel({ _rev: 5, _rows: [], _stages: [] });
    const heard: unknown[] = [];
    model.on("msg:custom", ((msg: unknown) => heard.push(msg)) as never);
    model.send({ type: "hello", rev: 5 });
    await vi.advanceTimersByTimeAsync(0);
    expect(heard).toEqual([{ type: "welcome", rev: 5 }]);
  });
});

describe("edits with no kernel behind the view", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const commit = (host: HTMLElement, id: string, text: string): void => {
    cellOf(host, "thought", id)?.dispatchEvent(new MouseEvent("dblclick", { bubbles: true }));
    const editor = host.querySelector<HTMLTextAreaElement>(".cjm-editor");
    if (!editor) throw new Error("no editor");
    editor.value = text;
    editor.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
  };

  it("an edit left unanswered is put back when the handshake times out, not left pending forever", () => {
    const model = journeyModel({ _rev: 3, editable: true });
    const { host } = mount(model);
    commit(host, "t1", "Typed before anyone answered");
    expect(cellOf(host, "thought", "t1")?.textContent).toContain("Typed before anyone answered");
    vi.advanceTimersByTime(CONNECT_TIMEOUT_MS);
    expect(cellOf(host, "thought", "t1")?.textContent).toContain("Thought t1");
    expect(messageOf(host)?.textContent).toContain(NOT_CONNECTED);
  });

  it("an edit made once the view knows it is not connected shows the model's value and the message", () => {
    const model = journeyModel({ _rev: 3, editable: true });
    const { host } = mount(model);
    vi.advanceTimersByTime(CONNECT_TIMEOUT_MS);
    messageOf(host)?.querySelector<HTMLButtonElement>(".cjm-message-close")?.click();
    commit(host, "t2", "Goes nowhere");
    expect(cellOf(host, "thought", "t2")?.textContent).toContain("Thought t2");
    expect(messageOf(host)?.hidden).toBe(false);
    expect(messageOf(host)?.textContent).toContain(NOT_CONNECTED);
  });
});
