/**
 * The keys of a small in-place text field (a note, a persona field): Enter
 * commits (Shift+Enter is a line break where `lineBreaks`), Escape cancels,
 * leaving the field commits so nothing typed is lost. Keys stay in the field:
 * typing is text, not a widget or notebook shortcut. An IME composition's
 * Enter belongs to the composition.
 */
export function commitOnEnter(
  editor: HTMLInputElement | HTMLTextAreaElement,
  finish: (save: boolean) => void,
  lineBreaks: boolean,
): void {
  // The union's overloads type the listener's event as plain Event.
  editor.addEventListener("keydown", (raw) => {
    const event = raw as KeyboardEvent;
    event.stopPropagation();
    if (event.key === "Enter" && !(lineBreaks && event.shiftKey) && !event.isComposing) {
      event.preventDefault();
      finish(true);
    } else if (event.key === "Escape") {
      event.preventDefault();
      finish(false);
    }
  });
  editor.addEventListener("blur", () => finish(true));
}
