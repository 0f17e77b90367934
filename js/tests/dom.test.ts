import { describe, expect, it } from "vitest";
import { el, isSafeUrl, setAttr, svg } from "../src/core/dom";

describe("el", () => {
  it("puts strings in as text, never as markup", () => {
    const evil = '<img src=x onerror="alert(1)"><script>alert(2)</script>';
    const node = el("div", { text: evil });
    const withChild = el("div", {}, [evil]);
    for (const n of [node, withChild]) {
      expect(n.textContent).toBe(evil);
      expect(n.querySelector("img, script")).toBeNull();
      expect(n.childNodes).toHaveLength(1);
      expect(n.firstChild?.nodeType).toBe(Node.TEXT_NODE);
    }
  });

  it("sets classes and attributes and skips empty children", () => {
    const node = el("span", { className: ["a", false, "b"], attrs: { title: "t", hidden: true, "aria-x": null } }, [
      null,
      el("b"),
    ]);
    expect(node.className).toBe("a b");
    expect(node.getAttribute("title")).toBe("t");
    expect(node.getAttribute("hidden")).toBe("");
    expect(node.hasAttribute("aria-x")).toBe(false);
    expect(node.children).toHaveLength(1);
  });

  it("refuses event handler attributes", () => {
    expect(() => el("div", { attrs: { onclick: "alert(1)" } })).toThrow(/refusing/);
    expect(() => el("div", { attrs: { OnMouseOver: "x" } })).toThrow(/refusing/);
    expect(() => setAttr(document.createElement("iframe"), "srcdoc", "<b>")).toThrow(/refusing/);
  });

  it("refuses script URLs", () => {
    expect(() => el("a", { attrs: { href: "javascript:alert(1)" } })).toThrow(/unsafe URL/);
    expect(() => el("a", { attrs: { href: " jAvA\tscript:alert(1)" } })).toThrow(/unsafe URL/);
    expect(el("a", { attrs: { href: "https://example.org/?q=javascript:" } }).getAttribute("href")).toBe(
      "https://example.org/?q=javascript:",
    );
    expect(isSafeUrl("JAVASCRIPT:x")).toBe(false);
    expect(isSafeUrl("data:text/html,<b>")).toBe(false);
    expect(isSafeUrl("/relative")).toBe(true);
  });

  it("refuses code-running elements", () => {
    expect(() => el("script")).toThrow(/refusing/);
    expect(() => el("iframe")).toThrow(/refusing/);
  });

  it("creates SVG in the SVG namespace", () => {
    const path = svg("path", { attrs: { d: "M0 0" } });
    expect(path.namespaceURI).toBe("http://www.w3.org/2000/svg");
    expect(path.getAttribute("d")).toBe("M0 0");
  });
});
