/**
 * One view of a PersonaCard: the persona's fields as editable text. A field
 * is edited in place (click, Enter or Space on it); Enter saves, Escape
 * cancels, leaving the field saves. Each save is one `set` edit, validated in
 * Python (e.g. the age must be a number) and answered with `ack` or `reject`.
 */
import { commitOnEnter } from "../core/text_entry";
import type { AnyModel } from "@anywidget/types";
import { el, setAttr } from "../core/dom";
import { translate } from "../core/i18n";
import { MessageBar } from "../core/message_bar";
import { labels, type LabelKey } from "./labels";

export interface PersonaTraits {
  persona: string;
  editable: boolean;
  language: string;
  _record: Record<string, unknown>;
  [key: string]: unknown;
}

type Model = AnyModel<PersonaTraits>;
type Field = "name" | "age" | "situation" | "goals" | "needs" | "frustrations" | "motivations" | "quote";

const LISTS: Field[] = ["goals", "needs", "frustrations", "motivations"];
// Only raster images Python checked; set as a property (the safe DOM helper refuses data: URLs in attributes).
const MAX_PICTURE_BYTES = 2 * 1024 * 1024;
const PICTURE = /^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=]+$/;

const shown = (value: unknown): string =>
  typeof value === "number" ? String(Number.isInteger(value) ? value : Math.round(value * 10) / 10) : typeof value === "string" ? value : "";

export class PersonaCardView {
  readonly root: HTMLElement;
  private readonly body = el("div", { className: "cjm-persona-body" });
  private readonly messages = new MessageBar();
  private readonly pending = new Map<string, { field: string; value: unknown }>();
  private readonly listeners: Array<[string, () => void]> = [];
  private counter = 0;
  private dirty = false;
  private t: (key: LabelKey, values?: Readonly<Record<string, string>>) => string = translate(labels, "");

  constructor(
    private readonly model: Model,
    host: HTMLElement,
  ) {
    this.root = el("div", { className: ["cjm-panel", "cjm-persona-card"], attrs: { role: "region", "data-lm-suppress-shortcuts": "true" } });
    this.root.append(this.messages.el, this.body);
    host.append(this.root);
    const onMessage = (raw: unknown): void => this.onMessage(raw);
    this.model.on("msg:custom", onMessage);
    this.listeners.push(["msg:custom", onMessage as () => void]);
    for (const trait of ["_record", "editable", "language"]) {
      const redraw = (): void => this.draw();
      this.model.on(`change:${trait}`, redraw);
      this.listeners.push([`change:${trait}`, redraw]);
    }
    this.root.addEventListener("click", (event) => this.onClick(event));
    this.root.addEventListener("keydown", (event) => this.onKey(event));
    this.draw();
  }

  dispose(): void {
    for (const [event, handler] of this.listeners) this.model.off(event, handler);
    this.messages.dispose();
    this.root.remove();
  }

  private get editable(): boolean {
    return this.model.get("editable") === true;
  }

  private record(): Record<string, unknown> {
    const record = this.model.get("_record");
    const out = typeof record === "object" && record !== null ? { ...record } : {};
    for (const { field, value } of this.pending.values()) out[field] = value;
    return out;
  }

  // -- edits ------------------------------------------------------------------------

  private send(field: string, value: unknown): void {
    this.counter += 1;
    const editId = `card-${this.counter}`;
    this.pending.set(editId, { field, value });
    this.model.send({ type: "edit", edit_id: editId, op: { op: "set", id: this.model.get("persona"), column: field, value } });
    this.draw();
  }

  private onMessage(raw: unknown): void {
    if (typeof raw !== "object" || raw === null) return;
    const msg = raw as Record<string, unknown>;
    const editId = typeof msg["edit_id"] === "string" ? msg["edit_id"] : null;
    if (editId === null || !this.pending.has(editId)) return;
    this.pending.delete(editId);
    if (msg["type"] === "reject") this.messages.show(typeof msg["message"] === "string" ? msg["message"] : "The edit was refused.");
    this.draw();
  }

  private onClick(event: MouseEvent): void {
    const target = event.target as HTMLElement;
    const value = target.closest<HTMLElement>(".cjm-field-value");
    if (value && !target.closest("textarea, input")) this.edit(value);
    else if (target.closest(".cjm-picture-choose")) this.root.querySelector<HTMLInputElement>(".cjm-picture-input")?.click();
    else if (target.closest(".cjm-picture-remove")) this.send("picture", null);
  }

  private onKey(event: KeyboardEvent): void {
    const target = event.target as HTMLElement;
    if ((event.key === "Enter" || event.key === " ") && target.classList.contains("cjm-field-value")) {
      event.preventDefault();
      this.edit(target);
    }
  }

  private edit(value: HTMLElement): void {
    const field = value.getAttribute("data-field") as Field | null;
    if (field === null || !this.editable || value.hidden) return;
    const initial = shown(this.record()[field]);
    const multiline = LISTS.includes(field) || field === "situation" || field === "quote";
    const editor: HTMLInputElement | HTMLTextAreaElement = multiline
      ? el("textarea", { className: "cjm-field-editor", attrs: { rows: 3 } })
      : el("input", { className: "cjm-field-editor", attrs: { type: field === "age" ? "number" : "text", min: field === "age" ? 0 : null } });
    setAttr(editor, "aria-label", `${this.t(field)}: ${this.t("editor_help")}`);
    setAttr(editor, "dir", "auto");
    editor.value = initial;
    let done = false;
    const finish = (save: boolean): void => {
      if (done) return;
      done = true;
      const text = editor.value.trim();
      editor.remove();
      value.hidden = false;
      if (save && text !== initial) this.send(field, text === "" ? null : text);
      else if (this.dirty) this.draw();
      this.root.querySelector<HTMLElement>(`.cjm-field-value[data-field="${field}"]`)?.focus();
    };
    commitOnEnter(editor, finish, multiline);
    value.hidden = true;
    value.after(editor);
    editor.focus();
  }

  private choosePicture(input: HTMLInputElement): void {
    const file = input.files?.[0];
    input.value = ""; // choosing the same file again still reports a change
    if (!file) return;
    if (file.size > MAX_PICTURE_BYTES) {
      // Python refuses it too (schema/pictures.py); saying so here spares sending megabytes first.
      this.messages.show(this.t("too_big", { size: `${(file.size / 1024 / 1024).toFixed(1)} MB` }));
      return;
    }
    const reader = new FileReader();
    reader.addEventListener("load", () => {
      if (typeof reader.result === "string") this.send("picture", reader.result);
    });
    reader.readAsDataURL(file);
  }

  // -- drawing ----------------------------------------------------------------------

  private field(field: Field, record: Record<string, unknown>, tag: "h2" | "div" = "div"): HTMLElement {
    const text = shown(record[field]);
    const value = el(tag, {
      className: ["cjm-field-value", text === "" && "cjm-empty"],
      attrs: {
        "data-field": field,
        dir: "auto",
        tabindex: this.editable ? 0 : null,
        role: this.editable ? "button" : null,
        "aria-label": this.editable ? `${this.t("edit")} ${this.t(field)}: ${text}` : null,
      },
      text: text === "" && this.editable ? this.t("empty") : text,
    });
    return el("div", { className: ["cjm-field", `cjm-field-${field}`] }, [
      el("span", { className: "cjm-field-label", text: this.t(field) }),
      value,
    ]);
  }

  private picture(record: Record<string, unknown>): HTMLElement {
    const url = record["picture"];
    const figure = el("div", { className: "cjm-picture" });
    if (typeof url === "string" && PICTURE.test(url)) {
      const img = el("img", { attrs: { alt: `${this.t("picture")}: ${shown(record["name"])}` } });
      img.src = url;
      figure.append(img);
    } else {
      figure.append(el("div", { className: "cjm-picture-none", text: this.t("no_picture") }));
    }
    if (this.editable) {
      const input = el("input", { className: "cjm-picture-input", attrs: { type: "file", accept: "image/png,image/jpeg,image/gif,image/webp", hidden: true, "aria-label": this.t("choose_picture") } });
      input.addEventListener("change", () => this.choosePicture(input));
      figure.append(input, el("button", { className: ["cjm-button", "cjm-picture-choose"], attrs: { type: "button" }, text: this.t("choose_picture") }));
      if (typeof url === "string" && url !== "") {
        figure.append(el("button", { className: ["cjm-button", "cjm-picture-remove"], attrs: { type: "button" }, text: this.t("remove_picture") }));
      }
    }
    return figure;
  }

  draw(): void {
    if (this.root.querySelector(".cjm-field-editor")) {
      this.dirty = true; // never redraw an open editor away
      return;
    }
    this.dirty = false;
    const language = this.model.get("language");
    this.t = translate(labels, typeof language === "string" ? language : "");
    setAttr(this.root, "lang", typeof language === "string" && language !== "" ? language : null);
    const record = this.record();
    setAttr(this.root, "aria-label", `${this.t("card")}: ${shown(record["name"]) || shown(this.model.get("persona"))}`);
    setAttr(this.root, "data-persona", shown(this.model.get("persona")));
    if (Object.keys(record).length === 0) {
      this.body.replaceChildren(el("p", { className: "cjm-persona-deleted", text: this.t("deleted") }));
      return;
    }
    const head = el("div", { className: "cjm-persona-head" }, [
      this.picture(record),
      el("div", { className: "cjm-persona-facts" }, [this.field("name", record, "h2"), this.field("age", record), this.field("situation", record)]),
    ]);
    const lists = el("div", { className: "cjm-persona-lists" }, LISTS.map((f) => this.field(f, record)));
    this.body.replaceChildren(head, lists, el("blockquote", { className: "cjm-persona-quote" }, [this.field("quote", record)]));
  }
}
