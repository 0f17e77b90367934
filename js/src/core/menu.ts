/**
 * A small popup menu (ARIA menu pattern): arrow keys / Home / End move
 * between items, Enter or Space runs one, Escape or Tab closes and gives
 * focus back. Items run after the menu has closed, so an action may open
 * an editor or a dialog of its own.
 */
import { el } from "./dom";
import { focusIfConnected, onPressOutside, placeBelow } from "./popover";

export interface MenuItem {
  label: string;
  /** Stable hook for styling and tests (`data-action`). */
  action: string;
  disabled?: boolean;
  run: () => void;
}

export interface MenuOptions {
  label: string;
  /** Where focus goes when the menu closes without running an item. */
  returnFocus: () => HTMLElement | null;
  onClose?: () => void;
}

export interface MenuHandle {
  el: HTMLElement;
  close: () => void;
}

export function openMenu(container: HTMLElement, anchor: HTMLElement, items: MenuItem[], opts: MenuOptions): MenuHandle {
  const buttons = items.map((item) =>
    el("button", {
      className: "cjm-menu-item",
      attrs: { type: "button", role: "menuitem", tabindex: -1, "data-action": item.action, "aria-disabled": item.disabled ? "true" : null },
      text: item.label,
    }),
  );
  const menu = el("div", { className: "cjm-menu", attrs: { role: "menu", "aria-label": opts.label } }, buttons);
  const enabled = (): HTMLButtonElement[] => buttons.filter((b) => b.getAttribute("aria-disabled") !== "true");

  let open = true;
  const close = (): void => {
    if (!open) return;
    open = false;
    stopOutside();
    menu.remove();
    opts.onClose?.();
  };
  const stopOutside = onPressOutside([menu, anchor], close);

  const run = (index: number): void => {
    const item = items[index];
    if (!item || item.disabled) return;
    close();
    item.run();
  };
  buttons.forEach((button, i) => button.addEventListener("click", () => run(i)));

  menu.addEventListener("keydown", (event) => {
    const list = enabled();
    const at = list.indexOf(document.activeElement as HTMLButtonElement);
    let next: HTMLButtonElement | undefined;
    switch (event.key) {
      case "ArrowDown":
        next = list[(at + 1) % list.length];
        break;
      case "ArrowUp":
        next = list[(at - 1 + list.length) % list.length];
        break;
      case "Home":
        next = list[0];
        break;
      case "End":
        next = list[list.length - 1];
        break;
      case "Enter":
      case " ":
        run(buttons.indexOf(document.activeElement as HTMLButtonElement));
        break;
      case "Escape":
      case "Tab":
        close();
        focusIfConnected(opts.returnFocus());
        break;
      default:
        return;
    }
    event.preventDefault();
    event.stopPropagation();
    next?.focus();
  });

  container.append(menu);
  placeBelow(menu, anchor, container);
  enabled()[0]?.focus();
  return { el: menu, close };
}
