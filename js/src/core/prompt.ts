/**
 * Ask for one line of text (a new stage's name) in a small popup under
 * its anchor: Enter submits a non-empty value, Escape or clicking away
 * cancels, and focus goes back to where it came from.
 */
import { el } from "./dom";
import { focusIfConnected, onPressOutside, placeBelow } from "./popover";

export interface PromptOptions {
  label: string;
  value: string;
  onSubmit: (value: string) => void;
  returnFocus: () => HTMLElement | null;
}

export function promptText(container: HTMLElement, anchor: HTMLElement, opts: PromptOptions): { el: HTMLElement; close: () => void } {
  const input = el("input", {
    className: ["cjm-editor", "cjm-prompt-input"],
    attrs: { type: "text", dir: "auto", "aria-label": opts.label, autocomplete: "off" },
  });
  input.value = opts.value;
  const box = el("div", { className: "cjm-prompt", attrs: { role: "dialog", "aria-label": opts.label } }, [
    el("label", { className: "cjm-prompt-label", text: opts.label }),
    input,
  ]);

  let open = true;
  const close = (): void => {
    if (!open) return;
    open = false;
    stopOutside();
    box.remove();
  };
  const stopOutside = onPressOutside([box], close);
  input.addEventListener("keydown", (event) => {
    if (event.isComposing) return;
    if (event.key === "Enter") {
      const value = input.value.trim();
      if (value === "") return;
      close();
      focusIfConnected(opts.returnFocus());
      opts.onSubmit(value);
    } else if (event.key === "Escape") {
      close();
      focusIfConnected(opts.returnFocus());
    } else {
      event.stopPropagation(); // typing stays in the input
      return;
    }
    event.preventDefault();
    event.stopPropagation();
  });

  container.append(box);
  placeBelow(box, anchor, container);
  input.focus();
  input.select();
  return { el: box, close };
}
