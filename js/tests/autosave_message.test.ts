import { describe, expect, it } from "vitest";
import { journeyModel } from "./fake_model";
import { mount } from "./render_helpers";

describe("autosave_error", () => {
  it("shows Python's message as text when a write fails, at render and on change", () => {
    const evil = "Autosave to <img src=x onerror=alert(1)>.cjm.json failed: No space left on device";
    const model = journeyModel({ autosave_error: evil });
    const { host } = mount(model);
    const bar = host.querySelector<HTMLElement>(".cjm-message");
    expect(bar?.hidden).toBe(false);
    expect(bar?.querySelector(".cjm-message-text")?.textContent).toBe(evil);
    expect(host.querySelector("img")).toBeNull(); // text, never markup

    bar?.querySelector<HTMLButtonElement>(".cjm-message-close")?.click();
    expect(bar?.hidden).toBe(true);
    model.set("autosave_error", null); // a later write succeeded: nothing new to show
    expect(bar?.hidden).toBe(true);
    model.set("autosave_error", "Autosave to map.cjm.json failed again");
    expect(bar?.hidden).toBe(false);
    expect(bar?.textContent).toContain("failed again");
  });

  it("shows nothing while autosave works", () => {
    const { host } = mount(journeyModel({ autosave_error: null }));
    expect(host.querySelector<HTMLElement>(".cjm-message")?.hidden).toBe(true);
  });
});
