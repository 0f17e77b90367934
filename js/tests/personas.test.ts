import { describe, expect, it } from "vitest";
import { segments } from "../src/journey_map/emotion";
import { curveGroups, personaName, personaSlot, readPersonas, rowsForPersona } from "../src/journey_map/personas";
import widget from "../src/persona_card/index";
import type { PersonaTraits } from "../src/persona_card/card";
import { FakeModel, journeyModel, touchpoint } from "./fake_model";
import { cellOf, click, headerOf, mount, press } from "./render_helpers";

const last = <T>(items: readonly T[]): T | undefined => items[items.length - 1];

const PERSONAS = [
  { persona: "colleen", name: "Curious Colleen" },
  { persona: "bob", name: null },
];

describe("personas on the map (pure)", () => {
  const rows = [touchpoint("a", "Buy", { persona: "colleen" }), touchpoint("b", "Buy", { persona: "bob" }), touchpoint("c", "Buy")];

  it("reads choices leniently and filters rows, keeping shared ones", () => {
    expect(readPersonas([...PERSONAS, { name: "no key" }, 3])).toEqual(PERSONAS);
    expect(rowsForPersona(rows, "bob").map((r) => r["id"])).toEqual(["b", "c"]);
    expect(rowsForPersona(rows, null)).toHaveLength(3);
  });

  it("gives each persona a colour slot and its own curve only when several are shown", () => {
    expect(rows.map((r) => personaSlot(r, PERSONAS))).toEqual([0, 1, null]);
    expect(personaSlot(rows[0] ?? null, PERSONAS.slice(0, 1))).toBeNull();
    expect(personaName(rows[1] ?? null, PERSONAS)).toBe("bob");
    expect(curveGroups(rows, PERSONAS, null)).toEqual(["colleen", "bob", null]);
    expect(curveGroups(rows, PERSONAS, "bob")).toEqual([null, null, null]);
  });

  it("never joins one persona's emotion to another's", () => {
    const joined = segments([1, -1, 1], [-2, 2]);
    expect(joined[0]?.rightY).not.toBeNull();
    const apart = segments([1, -1, 1], [-2, 2], ["colleen", "bob", "bob"]);
    expect(apart[0]?.rightY).toBeNull();
    expect(apart[1]?.leftY).toBeNull();
    expect(apart[1]?.rightY).not.toBeNull();
  });
});

describe("the persona switcher", () => {
  const rows = [
    touchpoint("t1", "Discover", { persona: "colleen", emotion: 1 }),
    touchpoint("t2", "Buy", { persona: "bob", emotion: -1 }),
    touchpoint("t3", "Use"),
  ];

  it("is hidden with fewer than two personas", () => {
    const { host } = mount(journeyModel({ _personas: PERSONAS.slice(0, 1) }));
    expect((host.querySelector(".cjm-persona-switcher") as HTMLElement).hidden).toBe(true);
  });

  it("filters the cards by the persona trait and asks Python to switch on click and arrows", () => {
    const model = journeyModel({ _rows: rows, _personas: PERSONAS, persona: "bob" });
    const { host } = mount(model);
    const options = [...host.querySelectorAll<HTMLElement>(".cjm-persona-option")];
    expect(options.map((o) => o.textContent)).toEqual(["All", "Curious Colleen", "bob"]);
    expect(options.map((o) => o.getAttribute("aria-checked"))).toEqual(["false", "false", "true"]);
    expect(cellOf(host, "touchpoint", "t1")).toBeNull();
    expect(cellOf(host, "touchpoint", "t2")).not.toBeNull();
    expect(cellOf(host, "touchpoint", "t3")).not.toBeNull(); // shared by every persona

    click(options[0] ?? null);
    expect(last(model.sentOf("set_trait"))).toEqual({ type: "set_trait", name: "persona", value: null });
    model.set("persona", null);
    expect(cellOf(host, "touchpoint", "t1")).not.toBeNull();
    const all = host.querySelector<HTMLElement>('.cjm-persona-option[data-persona=""]');
    all?.focus();
    press("ArrowRight");
    expect(last(model.sentOf("set_trait"))).toEqual({ type: "set_trait", name: "persona", value: "colleen" });
    expect(document.activeElement?.getAttribute("data-persona")).toBe("colleen");
    // With All, the emotion dots wear their persona's colour ring.
    expect(cellOf(host, "emotion", "t1")?.querySelector(".cjm-emotion-point.cjm-persona-0")?.getAttribute("aria-label")).toBe(
      "Emotion +1 at Touchpoint t1 (Curious Colleen)",
    );
    expect(cellOf(host, "emotion", "t2")?.querySelector(".cjm-emotion-point.cjm-persona-1")).not.toBeNull();
  });
});

describe("adding a touchpoint while one persona is shown", () => {
  it("gives the new touchpoint that persona", () => {
    const rows = [touchpoint("t1", "Discover", { persona: "bob" }), touchpoint("t2", "Buy", { persona: "colleen" })];
    const model = journeyModel({ _rows: rows, _personas: PERSONAS, persona: "bob", editable: true });
    const { host } = mount(model);
    click(headerOf(host, "Use")?.querySelector(".cjm-add-touchpoint") ?? null);
    expect((last(model.sentOf("edit")) as { op: unknown }).op).toEqual({
      op: "insert",
      row: { stage: "Use", touchpoint: "New touchpoint", persona: "bob" },
      before: null,
    });
    model.set("persona", null);
    click(headerOf(host, "Use")?.querySelector(".cjm-add-touchpoint") ?? null);
    expect((last(model.sentOf("edit")) as { op: unknown }).op).toEqual({
      op: "insert",
      row: { stage: "Use", touchpoint: "New touchpoint" },
      before: null,
    });
  });
});

describe("the persona card", () => {
  function card(overrides: Partial<PersonaTraits> = {}): { host: HTMLElement; model: FakeModel<PersonaTraits> } {
    const model = new FakeModel<PersonaTraits>({
      persona: "colleen",
      editable: true,
      language: "en",
      _record: { persona: "colleen", name: "Curious Colleen", age: 32, goals: "Buy <b>once</b>", picture: null },
      ...overrides,
    });
    const host = document.createElement("div");
    document.body.append(host);
    widget.render({ model: model.proxy(), el: host });
    return { host, model };
  }
  const value = (host: Element, field: string): HTMLElement => host.querySelector(`.cjm-field-value[data-field="${field}"]`) as HTMLElement;

  it("shows fields as text and edits one with a set message", () => {
    const { host, model } = card();
    expect(value(host, "goals").textContent).toBe("Buy <b>once</b>");
    expect(host.querySelector("b")).toBeNull();
    value(host, "age").focus();
    press("Enter");
    const editor = host.querySelector(".cjm-field-editor") as HTMLInputElement;
    expect(editor.type).toBe("number");
    editor.value = "41";
    press("Enter");
    const sent = last(model.sentOf("edit")) as { edit_id: string; op: unknown };
    expect(sent.op).toEqual({ op: "set", id: "colleen", column: "age", value: "41" });
    expect(value(host, "age").textContent).toBe("41");
    model.receive({ type: "reject", edit_id: sent.edit_id, message: "personas, column 'age': no" });
    expect(value(host, "age").textContent).toBe("32");
    expect(host.querySelector(".cjm-message-text")?.textContent).toBe("personas, column 'age': no");
  });

  it("refuses a picture over 2 MB before sending it", () => {
    const { host, model } = card();
    const input = host.querySelector(".cjm-picture-input") as HTMLInputElement;
    const big = new File([new Uint8Array(3 * 1024 * 1024)], "big.png", { type: "image/png" });
    Object.defineProperty(input, "files", { value: [big], configurable: true });
    input.dispatchEvent(new Event("change"));
    expect(model.sentOf("edit")).toEqual([]);
    expect(host.querySelector(".cjm-message-text")?.textContent).toBe("The picture is 3.0 MB; pictures can be at most 2 MB.");
  });

  it("shows only checked image data URLs and says when the persona is gone", () => {
    const png = "data:image/png;base64,iVBORw0KGgo=";
    const { host, model } = card({ _record: { persona: "colleen", name: "C", picture: png } });
    expect(host.querySelector("img")?.getAttribute("src")).toBe(png);
    model.set("_record", { persona: "colleen", name: "C", picture: "javascript:alert(1)" });
    expect(host.querySelector("img")).toBeNull();
    model.set("_record", {});
    expect(host.querySelector(".cjm-persona-deleted")?.textContent).toContain("no longer");
    expect(card({ language: "zh" }).host.querySelector(".cjm-field-label")?.textContent).toBe("姓名");
  });
});

describe("one emotion line per persona under All", () => {
  // Colleen and Bob take turns: no two neighbouring columns share a persona.
  const rows = [
    touchpoint("c1", "Discover", { persona: "colleen", emotion: 2 }),
    touchpoint("b1", "Discover", { persona: "bob", emotion: -2 }),
    touchpoint("c2", "Buy", { persona: "colleen", emotion: 1 }),
    touchpoint("b2", "Buy", { persona: "bob", emotion: -1 }),
  ];
  const paths = (host: HTMLElement, id: string): Element[] => [...(cellOf(host, "emotion", id)?.querySelectorAll(".cjm-emotion-curve path") ?? [])];

  it("draws each persona's line in its colour across the other's columns, named at its end", () => {
    const { host } = mount(journeyModel({ _rows: rows, _personas: PERSONAS, persona: null }));
    // Between c1 and c2 Colleen's line crosses b1's column; Bob's starts there.
    expect(paths(host, "c1").map((p) => p.getAttribute("class"))).toEqual(["cjm-persona-0"]);
    expect(paths(host, "b1").map((p) => p.getAttribute("class")).sort()).toEqual(["cjm-persona-0", "cjm-persona-1"]);
    expect(paths(host, "b2").map((p) => p.getAttribute("class"))).toEqual(["cjm-persona-1"]);
    // Each line is continuous: a piece leaving a cell's right edge meets the next cell's piece at its left edge.
    const colleenOut = paths(host, "c1")[0]?.getAttribute("d") ?? "";
    const colleenIn = paths(host, "b1").find((p) => p.getAttribute("class") === "cjm-persona-0")?.getAttribute("d") ?? "";
    const endY = colleenOut.trim().split(/[ C]/).pop();
    expect(colleenIn.startsWith(`M0 ${endY}`)).toBe(true);
    // Direct labels: each persona's name at its last dot, in its colour, and nowhere else.
    const labels = [...host.querySelectorAll<HTMLElement>(".cjm-emotion-line-label")];
    expect(labels.map((l) => [l.closest("[data-id]")?.getAttribute("data-id"), l.textContent, l.classList.contains("cjm-persona-0") ? 0 : 1])).toEqual([
      ["c2", "Curious Colleen", 0],
      ["b2", "bob", 1],
    ]);
  });

  it("keeps one plain line and no names when one persona is shown", () => {
    const { host } = mount(journeyModel({ _rows: rows, _personas: PERSONAS, persona: "bob" }));
    expect(paths(host, "b1").map((p) => p.getAttribute("class"))).toEqual([null]);
    expect(host.querySelector(".cjm-emotion-line-label")).toBeNull();
  });
});
