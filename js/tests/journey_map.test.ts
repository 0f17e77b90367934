import { describe, expect, it } from "vitest";
import { journeyModel, STAGES, touchpoint } from "./fake_model";
import { cellOf, mount, texts } from "./render_helpers";

describe("journey map rendering", () => {
  it("shows every stage and every touchpoint", () => {
    const { host } = mount(journeyModel());
    expect(texts(host.querySelectorAll(".cjm-stage-header .cjm-stage-name"))).toEqual(["Discover", "Buy", "Use"]);
    expect(texts(host.querySelectorAll(".cjm-touchpoint-text"))).toEqual(["Sees an ad", "Reads reviews", "Checkout"]);
    const header = host.querySelector('.cjm-stage-header[data-stage="Discover"]');
    expect(header?.textContent).toContain("Finds the product");
    expect(header?.textContent).toContain("Learn what it does");
  });

  it("gives a stage with no touchpoints its own empty column", () => {
    const { host } = mount(journeyModel());
    const use = host.querySelector<HTMLElement>('.cjm-stage-header[data-stage="Use"]');
    expect(use?.getAttribute("aria-colspan")).toBeNull();
    expect(use?.getAttribute("aria-colindex")).toBe("5");
    const cells = host.querySelectorAll('[role="gridcell"][data-stage="Use"]');
    expect(cells).toHaveLength(6); // one per lane
    expect(host.querySelector('[data-stage="Use"][data-lane="pain_point"]')?.textContent).toBe("");
    // Discover has two touchpoints, so its header spans two columns.
    expect(host.querySelector('.cjm-stage-header[data-stage="Discover"]')?.getAttribute("aria-colspan")).toBe("2");
    expect(host.querySelector('[role="grid"]')?.getAttribute("aria-colcount")).toBe("5");
  });

  it("labels the lanes and follows the order of `lanes`", () => {
    const model = journeyModel({ lanes: ["emotion", "opportunity", "touchpoint"] });
    const { host } = mount(model);
    expect(texts(host.querySelectorAll('[role="rowheader"]'))).toEqual(["Emotion", "Opportunity", "Touchpoint"]);
    const rows = host.querySelectorAll('[role="row"]');
    expect(rows).toHaveLength(4);
    expect(rows[1]?.querySelector('[role="gridcell"]')?.getAttribute("data-lane")).toBe("emotion");
  });

  it("shows extra columns as lanes labelled by the column name", () => {
    const rows = [
      touchpoint("t1", "Discover", { owner: "Marketing", cost: 12.5, online: true }),
      touchpoint("t2", "Buy", { owner: null }),
    ];
    const { host } = mount(journeyModel({ _rows: rows, lanes: ["touchpoint", "owner", "cost", "online"] }));
    expect(texts(host.querySelectorAll('[role="rowheader"]'))).toEqual(["Touchpoint", "owner", "cost", "online"]);
    expect(cellOf(host, "owner", "t1")?.textContent).toBe("Marketing");
    expect(cellOf(host, "owner", "t2")?.textContent).toBe("");
    expect(cellOf(host, "cost", "t1")?.textContent).toBe("12.5");
    expect(cellOf(host, "online", "t1")?.textContent).toBe("Yes");
  });

  it("shows the channel as a badge and tints only filled pain points and opportunities", () => {
    const { host } = mount(journeyModel());
    expect(cellOf(host, "touchpoint", "t1")?.querySelector(".cjm-channel")?.textContent).toBe("Web");
    expect(cellOf(host, "pain_point", "t2")?.classList.contains("cjm-pain")).toBe(true);
    expect(cellOf(host, "pain_point", "t1")?.classList.contains("cjm-pain")).toBe(false);
    expect(cellOf(host, "opportunity", "t3")?.classList.contains("cjm-opportunity")).toBe(true);
    expect(cellOf(host, "opportunity", "t1")?.classList.contains("cjm-opportunity")).toBe(false);
  });

  it("marks up text cells for right-to-left and wrapping", () => {
    const { host } = mount(journeyModel({ _rows: [touchpoint("r", "Discover", { action: "שלום עולם" })] }));
    const cell = cellOf(host, "action", "r");
    expect(cell?.getAttribute("dir")).toBe("auto");
    expect(cell?.querySelector(".cjm-text")?.getAttribute("dir")).toBe("auto");
    expect(cell?.textContent).toBe("שלום עולם");
  });
});

describe("title and kind", () => {
  it("names the region after the title and labels the kind", () => {
    const { host } = mount(journeyModel());
    const root = host.querySelector(".cjm-journey-map");
    expect(root?.getAttribute("role")).toBe("region");
    expect(root?.getAttribute("aria-label")).toBe("Onboarding");
    expect(host.querySelector(".cjm-title")?.textContent).toBe("Onboarding");
    expect(host.querySelector(".cjm-kind")?.textContent).toBe("Current state");
  });

  it("marks a future map visibly", () => {
    const { host } = mount(journeyModel({ kind: "future" }));
    expect(host.querySelector(".cjm-kind-future")?.textContent).toBe("Future state");
    expect(host.querySelector(".cjm-journey-map")?.classList.contains("cjm-future")).toBe(true);
  });

  it("labels a day-in-the-life map", () => {
    const { host } = mount(journeyModel({ kind: "day-in-the-life" }));
    expect(host.querySelector(".cjm-kind")?.textContent).toBe("Day in the life");
  });
});

describe("emotion lane", () => {
  it("draws a labelled dot per score, and none for a missing one", () => {
    const rows = [
      touchpoint("a", "Discover", { emotion: 2 }),
      touchpoint("b", "Discover", { emotion: null }),
      touchpoint("c", "Buy", { emotion: -1, touchpoint: "Pay" }),
      touchpoint("d", "Buy", { emotion: 0 }),
    ];
    const { host } = mount(journeyModel({ _rows: rows }));
    const dotA = cellOf(host, "emotion", "a")?.querySelector(".cjm-emotion-point");
    expect(dotA?.getAttribute("aria-label")).toBe("Emotion +2 at Touchpoint a");
    expect(dotA?.classList.contains("cjm-emotion-positive")).toBe(true);
    expect(cellOf(host, "emotion", "a")?.querySelector(".cjm-emotion-score")?.textContent).toBe("+2");
    expect(cellOf(host, "emotion", "c")?.querySelector(".cjm-emotion-point")?.getAttribute("aria-label")).toBe(
      "Emotion -1 at Pay",
    );
    expect(cellOf(host, "emotion", "c")?.querySelector(".cjm-emotion-negative")).not.toBeNull();
    expect(cellOf(host, "emotion", "d")?.querySelector(".cjm-emotion-neutral")).not.toBeNull();
    expect(cellOf(host, "emotion", "d")?.querySelector(".cjm-emotion-score")?.textContent).toBe("0");

    const missing = cellOf(host, "emotion", "b");
    expect(missing?.querySelector(".cjm-emotion-point, svg")).toBeNull();
    // Its neighbours stop at their centres: a is lone on the right, c starts at its centre.
    expect(cellOf(host, "emotion", "a")?.querySelector("svg")).toBeNull();
    expect(cellOf(host, "emotion", "c")?.querySelector("path")?.getAttribute("d")).toMatch(/^M50 /);
  });

  it("stretches each curve piece over its cell and draws the zero line", () => {
    const { host } = mount(journeyModel());
    const curve = cellOf(host, "emotion", "t2")?.querySelector("svg");
    expect(curve?.getAttribute("viewBox")).toBe("0 0 100 100");
    expect(curve?.getAttribute("preserveAspectRatio")).toBe("none");
    expect(cellOf(host, "emotion", "t2")?.querySelector<HTMLElement>(".cjm-emotion-zero")?.style.top).toBe("50%");
  });
});

describe("untrusted text", () => {
  const EVIL = ['<img src=x onerror=alert(1)>', "<script>alert(1)</script>", "javascript:alert(1)"];

  it("shows markup and script URLs as plain text everywhere", () => {
    const [img, script, url] = EVIL as [string, string, string];
    const model = journeyModel({
      title: img,
      _stages: [{ stage: script, description: img, goal: url }],
      _rows: [
        touchpoint("x", script, {
          touchpoint: img,
          channel: script,
          action: url,
          thought: img,
          pain_point: script,
          opportunity: url,
          [img]: script,
        }),
      ],
      lanes: ["touchpoint", "action", "thought", "emotion", "pain_point", "opportunity", img],
    });
    const { host } = mount(model);
    expect(host.querySelector("img, script, a, iframe")).toBeNull();
    for (const node of host.querySelectorAll("*")) {
      for (const attr of Array.from(node.attributes)) expect(attr.name.startsWith("on")).toBe(false);
    }
    expect(host.querySelector(".cjm-title")?.textContent).toBe(img);
    expect(host.querySelector(".cjm-journey-map")?.getAttribute("aria-label")).toBe(img);
    expect(host.querySelector(".cjm-stage-name")?.textContent).toBe(script);
    expect(host.querySelector(".cjm-stage-description")?.textContent).toBe(img);
    expect(host.querySelector(".cjm-touchpoint-text")?.textContent).toBe(img);
    expect(host.querySelector(".cjm-channel")?.textContent).toBe(script);
    expect(cellOf(host, "action", "x")?.textContent).toBe(url);
    expect(cellOf(host, "thought", "x")?.textContent).toBe(img);
    expect(cellOf(host, "pain_point", "x")?.textContent).toBe(script);
    expect(cellOf(host, img, "x")?.textContent).toBe(script);
    expect(texts(host.querySelectorAll('[role="rowheader"]')).pop()).toBe(img);
  });
});

describe("updates", () => {
  it("re-renders when rows, stages, lanes, title, kind or scale change", () => {
    const model = journeyModel();
    const { host } = mount(model);

    model.set("_rows", [...model.get("_rows"), touchpoint("t4", "Use", { touchpoint: "Opens the app" })]);
    expect(texts(host.querySelectorAll(".cjm-touchpoint-text"))).toContain("Opens the app");
    expect(host.querySelector('[data-stage="Use"] .cjm-placeholder')).toBeNull();

    model.set("_stages", [...STAGES, { stage: "Leave", description: null, goal: null }]);
    expect(texts(host.querySelectorAll(".cjm-stage-name"))).toContain("Leave");

    model.set("lanes", ["action"]);
    expect(texts(host.querySelectorAll('[role="rowheader"]'))).toEqual(["Action"]);

    model.set("title", "Renamed");
    expect(host.querySelector(".cjm-title")?.textContent).toBe("Renamed");
    expect(host.querySelector(".cjm-journey-map")?.getAttribute("aria-label")).toBe("Renamed");

    model.set("kind", "future");
    expect(host.querySelector(".cjm-kind")?.textContent).toBe("Future state");

    model.set("lanes", ["emotion"]);
    const before = cellOf(host, "emotion", "t1")?.querySelector<HTMLElement>(".cjm-emotion-point")?.style.top;
    model.set("emotion_scale", [-5, 5]);
    const after = cellOf(host, "emotion", "t1")?.querySelector<HTMLElement>(".cjm-emotion-point")?.style.top;
    expect(after).not.toBe(before);

    // Re-rendering replaces the content instead of adding to it.
    expect(host.querySelectorAll(".cjm-journey-map")).toHaveLength(1);
    expect(host.querySelectorAll('[role="grid"]')).toHaveLength(1);
  });

  it("re-renders on a bare change event too", () => {
    const model = journeyModel();
    const { host } = mount(model);
    (model as unknown as { data: Record<string, unknown> }).data["title"] = "Silent";
    model.emit("change:title");
    expect(host.querySelector(".cjm-title")?.textContent).toBe("Silent");
  });

  it("removes its listeners and its DOM on cleanup", () => {
    const model = journeyModel();
    const { host, cleanup } = mount(model);
    expect(model.listenerCount()).toBeGreaterThan(0);
    cleanup();
    // Only the model-level handler of `initialize` is left (anywidget removes it with the model).
    expect(model.listenerCount()).toBe(1);
    expect(model.listenerCount("msg:custom")).toBe(1);
    expect(host.querySelector(".cjm-journey-map")).toBeNull();
    model.set("title", "After cleanup"); // must not throw or re-render
    expect(host.childElementCount).toBe(0);
  });

  it("keeps two views of one model independent", () => {
    const model = journeyModel();
    const first = mount(model);
    const second = mount(model);
    first.cleanup();
    model.set("title", "Only second");
    expect(second.host.querySelector(".cjm-title")?.textContent).toBe("Only second");
  });

  it("shows a message for a map without stages", () => {
    const { host } = mount(journeyModel({ _stages: [], _rows: [] }));
    expect(host.querySelector('[role="grid"]')).toBeNull();
    expect(host.querySelector(".cjm-empty-map")?.textContent).toMatch(/no stages/);
  });
});
