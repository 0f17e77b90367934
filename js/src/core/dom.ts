/**
 * Tiny safe DOM builder.
 *
 * Every string a map shows is user data, so it must never be parsed as
 * markup: text only ever goes in through `textContent` / text nodes, and
 * attributes only through `setAttribute` after refusing event handlers and
 * script URLs. No innerHTML (the lint config forbids it project-wide).
 */

export type AttrValue = string | number | boolean | null | undefined;
export type Child = Node | string | null | undefined | false;

export interface ElOptions {
  className?: string | ReadonlyArray<string | false | null | undefined>;
  attrs?: Readonly<Record<string, AttrValue>>;
  text?: string;
}

const SVG_NS = "http://www.w3.org/2000/svg";

// Elements that run or embed code: no reason to ever build them here.
const FORBIDDEN_TAGS = new Set(["script", "iframe", "object", "embed", "frame", "frameset"]);

// Attributes whose value the browser may navigate to or execute.
const URL_ATTRS = new Set(["href", "src", "action", "formaction", "xlink:href", "poster", "data", "background", "cite"]);

const UNSAFE_SCHEME = /^(javascript|vbscript|data):/;

/** True unless `value` uses a scheme that can run code (checked the way browsers parse it). */
export function isSafeUrl(value: string): boolean {
  // Browsers ignore ASCII whitespace and control characters inside the scheme.
  // eslint-disable-next-line no-control-regex
  const compact = value.replace(/[\u0000-\u0020\u007f]/g, "").toLowerCase();
  return !UNSAFE_SCHEME.test(compact);
}

/** setAttribute that refuses `on*` handlers, `srcdoc` and script URLs (throws: fail closed). */
export function setAttr(node: Element, name: string, value: AttrValue): void {
  if (value === null || value === undefined || value === false) {
    node.removeAttribute(name);
    return;
  }
  const lower = name.toLowerCase();
  if (lower.startsWith("on") || lower === "srcdoc") {
    throw new Error(`cjm-widgets: refusing to set attribute "${name}"`);
  }
  const text = value === true ? "" : String(value);
  if (URL_ATTRS.has(lower) && !isSafeUrl(text)) {
    throw new Error(`cjm-widgets: refusing unsafe URL in "${name}"`);
  }
  node.setAttribute(name, text);
}

function classList(className: ElOptions["className"]): string[] {
  if (className === undefined) return [];
  const parts = typeof className === "string" ? [className] : className;
  return parts.filter((c): c is string => typeof c === "string" && c !== "");
}

function fill(node: Element, opts: ElOptions, children: ReadonlyArray<Child>): void {
  const classes = classList(opts.className);
  if (classes.length > 0) node.setAttribute("class", classes.join(" "));
  for (const [name, value] of Object.entries(opts.attrs ?? {})) setAttr(node, name, value);
  if (opts.text !== undefined) node.textContent = opts.text;
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
}

/** Create an HTML element; strings (in `text` or `children`) always become text. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  opts: ElOptions = {},
  children: ReadonlyArray<Child> = [],
): HTMLElementTagNameMap[K] {
  if (FORBIDDEN_TAGS.has(tag)) throw new Error(`cjm-widgets: refusing to create <${tag}>`);
  const node = document.createElement(tag);
  fill(node, opts, children);
  return node;
}

/** Create an SVG element (same rules as `el`). */
export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  opts: ElOptions = {},
  children: ReadonlyArray<Child> = [],
): SVGElementTagNameMap[K] {
  if (FORBIDDEN_TAGS.has(tag)) throw new Error(`cjm-widgets: refusing to create <${tag}>`);
  const node = document.createElementNS(SVG_NS, tag);
  fill(node, opts, children);
  return node;
}
