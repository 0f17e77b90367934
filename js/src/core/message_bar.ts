/**
 * A dismissible message line (why an edit was refused). It is an ARIA
 * alert that stays in the DOM while hidden, so screen readers announce each
 * new message; the text goes in as text, never markup.
 */
import { el } from "./dom";

const AUTO_HIDE_MS = 10_000;

export class MessageBar {
  readonly el: HTMLDivElement;
  private readonly text: HTMLSpanElement;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly close: HTMLButtonElement;

  constructor() {
    this.text = el("span", { className: "cjm-message-text", attrs: { dir: "auto" } });
    const close = el("button", {
      className: ["cjm-button", "cjm-message-close"],
      attrs: { type: "button", "aria-label": "Dismiss message", title: "Dismiss" },
    });
    close.addEventListener("click", () => this.hide());
    this.close = close;
    this.el = el("div", { className: "cjm-message", attrs: { role: "alert", hidden: true } }, [this.text, close]);
  }

  /** Label the close button (in the widget's language). */
  setDismissLabel(label: string, title: string): void {
    this.close.setAttribute("aria-label", label);
    this.close.setAttribute("title", title);
  }

  /** Show `message`; it hides itself after a while unless `stay` (a state that lasts, like no kernel). */
  show(message: string, stay = false): void {
    this.text.textContent = message;
    this.el.hidden = false;
    this.clearTimer();
    if (!stay) this.timer = setTimeout(() => this.hide(), AUTO_HIDE_MS);
  }

  /** Hide the bar if it still shows `message` (a later message stays). */
  hideIf(message: string): void {
    if (!this.el.hidden && this.text.textContent === message) this.hide();
  }

  hide(): void {
    this.clearTimer();
    this.el.hidden = true;
    this.text.textContent = "";
  }

  dispose(): void {
    this.clearTimer();
    this.el.remove();
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
