/**
 * The persona switcher: All / each persona, as a radio group in the map's
 * top bar (shown when the journey has two or more personas). Arrow keys,
 * Home and End move between choices and pick one, as in any radio group;
 * the choice goes to Python (`persona` trait), which filters the map.
 */
import { el, setAttr } from "../core/dom";
import { translate, type Labels } from "../core/i18n";
import { PERSONA_SLOTS, type PersonaChoice } from "./personas";
import "./persona_switcher.css";

export const labels = {
  personas: { en: "Persona", zh: "用户画像", lv: "Persona" },
  all: { en: "All", zh: "全部", lv: "Visas" },
  all_title: { en: "Show every persona's touchpoints", zh: "显示所有用户画像的触点", lv: "Rādīt visu personu saskarsmes punktus" },
  only_title: { en: "Show the touchpoints of {name}", zh: "显示 {name} 的触点", lv: "Rādīt personas {name} saskarsmes punktus" },
} satisfies Labels<string>;

export class PersonaSwitcher {
  readonly el: HTMLDivElement = el("div", { className: "cjm-persona-switcher", attrs: { role: "radiogroup", hidden: true } });

  constructor(private readonly choose: (persona: string | null) => void) {
    this.el.addEventListener("click", (event) => {
      const option = (event.target as Element).closest<HTMLElement>(".cjm-persona-option");
      if (option) this.pick(option);
    });
    this.el.addEventListener("keydown", (event) => this.onKey(event));
  }

  update(personas: readonly PersonaChoice[], selected: string | null, language: string): void {
    const t = translate(labels, language);
    const hadFocus = this.el.contains(this.el.ownerDocument.activeElement);
    this.el.hidden = personas.length < 2;
    setAttr(this.el, "aria-label", t("personas"));
    const options = [
      this.option(null, t("all"), t("all_title"), selected === null, null),
      ...personas.map((p, i) => {
        const name = p.name ?? p.persona;
        return this.option(p.persona, name, t("only_title", { name }), selected === p.persona, i % PERSONA_SLOTS);
      }),
    ];
    this.el.replaceChildren(el("span", { className: "cjm-persona-switcher-label", attrs: { "aria-hidden": "true" }, text: t("personas") }), ...options);
    if (hadFocus) this.el.querySelector<HTMLElement>('[aria-checked="true"]')?.focus();
  }

  private option(persona: string | null, text: string, title: string, checked: boolean, slot: number | null): HTMLButtonElement {
    return el(
      "button",
      {
        className: ["cjm-button", "cjm-persona-option", slot !== null && `cjm-persona-${slot}`],
        attrs: {
          type: "button",
          role: "radio",
          "aria-checked": checked ? "true" : "false",
          tabindex: checked ? 0 : -1,
          "data-persona": persona ?? "",
          title,
          dir: "auto",
        },
      },
      [slot !== null ? el("span", { className: "cjm-persona-swatch", attrs: { "aria-hidden": "true" } }) : null, text],
    );
  }

  private pick(option: HTMLElement): void {
    const persona = option.getAttribute("data-persona");
    for (const node of this.el.querySelectorAll(".cjm-persona-option")) {
      const on = node === option;
      node.setAttribute("aria-checked", on ? "true" : "false");
      node.setAttribute("tabindex", on ? "0" : "-1");
    }
    option.focus();
    this.choose(persona === "" || persona === null ? null : persona);
  }

  private onKey(event: KeyboardEvent): void {
    const options = [...this.el.querySelectorAll<HTMLElement>(".cjm-persona-option")];
    const index = options.indexOf(event.target as HTMLElement);
    if (index < 0) return;
    const moves: Record<string, number> = { ArrowRight: index + 1, ArrowDown: index + 1, ArrowLeft: index - 1, ArrowUp: index - 1, Home: 0, End: options.length - 1 };
    if (!(event.key in moves)) return;
    event.preventDefault();
    event.stopPropagation(); // the grid's arrow keys must not act on the map
    const next = options[((moves[event.key] as number) + options.length) % options.length];
    if (next) this.pick(next);
  }
}
