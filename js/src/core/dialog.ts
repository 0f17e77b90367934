/**
 * A modal dialog inside the widget: focus is trapped (Tab cycles through
 * its controls), Escape cancels, and focus goes back where it came from.
 */
import { el } from "./dom";
import { focusIfConnected, uniqueId } from "./popover";

export interface DialogOptions {
  title: string;
  body: Node[];
  confirmLabel: string;
  /** The cancel button's text (default "Cancel"; callers pass it in the widget's language). */
  cancelLabel?: string;
  onConfirm: () => void;
  onCancel?: () => void;
  returnFocus: () => HTMLElement | null;
}

const FOCUSABLE = "button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled])";

export function openDialog(container: HTMLElement, opts: DialogOptions): { el: HTMLElement; close: () => void } {
  const titleId = uniqueId("cjm-dialog-title");
  const cancel = el("button", { className: ["cjm-button", "cjm-dialog-cancel"], attrs: { type: "button" }, text: opts.cancelLabel ?? "Cancel" });
  const confirm = el("button", {
    className: ["cjm-button", "cjm-button-danger", "cjm-dialog-confirm"],
    attrs: { type: "button" },
    text: opts.confirmLabel,
  });
  const dialog = el(
    "div",
    { className: "cjm-dialog", attrs: { role: "dialog", "aria-modal": "true", "aria-labelledby": titleId } },
    [
      el("div", { className: "cjm-dialog-title", attrs: { id: titleId, dir: "auto" }, text: opts.title }),
      ...opts.body,
      el("div", { className: "cjm-dialog-buttons" }, [cancel, confirm]),
    ],
  );
  const backdrop = el("div", { className: "cjm-dialog-backdrop" }, [dialog]);

  let open = true;
  const close = (): void => {
    if (!open) return;
    open = false;
    backdrop.remove();
    container.classList.remove("cjm-modal-open");
    focusIfConnected(opts.returnFocus());
  };
  cancel.addEventListener("click", () => {
    close();
    opts.onCancel?.();
  });
  confirm.addEventListener("click", () => {
    close();
    opts.onConfirm();
  });
  // A press on the backdrop must not move focus out of the dialog.
  backdrop.addEventListener("pointerdown", (event) => {
    if (event.target === backdrop) event.preventDefault();
  });
  dialog.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      close();
      opts.onCancel?.();
    } else if (event.key === "Tab") {
      const items = Array.from(dialog.querySelectorAll<HTMLElement>(FOCUSABLE));
      const first = items[0];
      const last = items[items.length - 1];
      const active = document.activeElement;
      if (event.shiftKey && (active === first || !dialog.contains(active))) {
        event.preventDefault();
        last?.focus();
      } else if (!event.shiftKey && active === last) {
        event.preventDefault();
        first?.focus();
      }
      event.stopPropagation();
    }
  });

  container.classList.add("cjm-modal-open");
  container.append(backdrop);
  const initial = dialog.querySelector<HTMLElement>("input:checked:not([disabled])") ?? dialog.querySelector<HTMLElement>(FOCUSABLE);
  initial?.focus();
  return { el: dialog, close };
}
