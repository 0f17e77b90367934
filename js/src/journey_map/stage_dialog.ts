/**
 * "Delete stage…": a modal dialog asking what happens to the stage's
 * touchpoints (deleted, or moved to another stage, the default when there
 * is one, since it loses nothing).
 */
import { openDialog } from "../core/dialog";
import { el } from "../core/dom";
import { translate, type Labels } from "../core/i18n";
import { uniqueId } from "../core/popover";
import type { MapContext } from "./context";
import "./popups.css";

const labels = {
  title: { en: "Delete stage “{stage}”?", zh: "删除阶段“{stage}”？", lv: "Dzēst posmu “{stage}”?" },
  confirm: { en: "Delete stage", zh: "删除阶段", lv: "Dzēst posmu" },
  cancel: { en: "Cancel", zh: "取消", lv: "Atcelt" },
  none: { en: "It has no touchpoints.", zh: "它没有触点。", lv: "Tajā nav saskares punktu." },
  one: {
    en: "It has 1 touchpoint. What should happen to it?",
    zh: "它有 1 个触点。应如何处理？",
    lv: "Tajā ir 1 saskares punkts. Kas ar to jādara?",
  },
  many: {
    en: "It has {count} touchpoints. What should happen to them?",
    zh: "它有 {count} 个触点。应如何处理？",
    lv: "Tajā ir {count} saskares punkti. Kas ar tiem jādara?",
  },
  its: { en: "Its touchpoints", zh: "它的触点", lv: "Tā saskares punkti" },
  deleteThem: { en: "Delete its touchpoints", zh: "删除这些触点", lv: "Dzēst tā saskares punktus" },
  moveThem: { en: "Move them to", zh: "移动到", lv: "Pārvietot uz" },
  target: { en: "Stage to move the touchpoints to", zh: "触点要移动到的阶段", lv: "Posms, uz kuru pārvietot saskares punktus" },
} satisfies Labels<string>;

export function openDeleteStageDialog(ctx: MapContext, stage: string): void {
  const state = ctx.state();
  const names = state.layout.stages.map((g) => g.stage.stage);
  const others = names.filter((n) => n !== stage);
  const count = state.layout.columns.filter((c) => c.stage === stage && c.row !== null).length;
  const group = uniqueId("cjm-delete-stage");
  const t = translate(labels, state.language);
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
    { className: "cjm-delete-target", attrs: { "aria-label": t("target") } },
    others.map((name) => el("option", { attrs: { value: name }, text: name })),
  );
  target.value = neighbour;
  target.disabled = others.length === 0;
  target.addEventListener("change", () => (move.checked = true));

  const body: Node[] =
    count === 0
      ? [el("p", { className: "cjm-dialog-text", text: t("none") })]
      : [
          el("p", { className: "cjm-dialog-text", text: t(count === 1 ? "one" : "many", { count }) }),
          el("fieldset", { className: "cjm-dialog-choices" }, [
            el("legend", { className: "cjm-visually-hidden", text: t("its") }),
            el("label", { className: ["cjm-dialog-choice", "cjm-dialog-choice-label"] }, [remove, el("span", { text: t("deleteThem") })]),
            // The select stays outside the radio's label: each control has one label.
            el("div", { className: "cjm-dialog-choice" }, [
              el("label", { className: "cjm-dialog-choice-label" }, [move, el("span", { text: t("moveThem") })]),
              target,
            ]),
          ]),
        ];

  openDialog(ctx.root, {
    title: t("title", { stage }),
    body,
    confirmLabel: t("confirm"),
    cancelLabel: t("cancel"),
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
