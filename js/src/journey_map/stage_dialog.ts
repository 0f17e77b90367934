/**
 * "Delete stage…": a modal dialog asking what happens to the stage's
 * touchpoints (deleted, or moved to another stage, the default when there
 * is one, since it loses nothing).
 */
import { openDialog } from "../core/dialog";
import { el } from "../core/dom";
import { uniqueId } from "../core/popover";
import type { MapContext } from "./context";

export function openDeleteStageDialog(ctx: MapContext, stage: string): void {
  const state = ctx.state();
  const names = state.layout.stages.map((g) => g.stage.stage);
  const others = names.filter((n) => n !== stage);
  const count = state.layout.columns.filter((c) => c.stage === stage && c.row !== null).length;
  const group = uniqueId("cjm-delete-stage");
  const at = names.indexOf(stage);
  const neighbour = names[at - 1] ?? names[at + 1] ?? "";

  const radio = (value: "remove" | "move", checked: boolean): HTMLInputElement => {
    const input = el("input", { className: `cjm-delete-${value}`, attrs: { type: "radio", name: group, value } });
    input.checked = checked;
    return input;
  };
  const remove = radio("remove", others.length === 0);
  const move = radio("move", others.length > 0);
  move.disabled = others.length === 0;
  const target = el(
    "select",
    { className: "cjm-delete-target", attrs: { "aria-label": "Stage to move the touchpoints to" } },
    others.map((name) => el("option", { attrs: { value: name }, text: name })),
  );
  target.value = neighbour;
  target.disabled = others.length === 0;
  target.addEventListener("change", () => (move.checked = true));

  const what = count === 1 ? "1 touchpoint" : `${count} touchpoints`;
  const body: Node[] =
    count === 0
      ? [el("p", { className: "cjm-dialog-text", text: "It has no touchpoints." })]
      : [
          el("p", { className: "cjm-dialog-text", text: `It has ${what}. What should happen to them?` }),
          el("fieldset", { className: "cjm-dialog-choices" }, [
            el("legend", { className: "cjm-visually-hidden", text: "Its touchpoints" }),
            el("label", { className: ["cjm-dialog-choice", "cjm-dialog-choice-label"] }, [remove, el("span", { text: "Delete its touchpoints" })]),
            // The select stays outside the radio's label: each control has one label.
            el("div", { className: "cjm-dialog-choice" }, [
              el("label", { className: "cjm-dialog-choice-label" }, [move, el("span", { text: "Move them to" })]),
              target,
            ]),
          ]),
        ];

  openDialog(ctx.root, {
    title: `Delete stage “${stage}”?`,
    body,
    confirmLabel: "Delete stage",
    returnFocus: () => ctx.stageHeaderOf(stage),
    onConfirm: () => {
      if (count > 0 && move.checked && target.value !== "") {
        ctx.edit({ op: "delete_stage", stage, touchpoints: "move", to: target.value });
      } else {
        ctx.edit({ op: "delete_stage", stage, touchpoints: "remove" });
      }
    },
  });
}
