/**
 * Stage headers: the "⋯" menu (add touchpoint, rename, move left/right,
 * add a stage after, delete), renaming in place (also by double-clicking
 * the name, or F2), "+ Stage" at the end of the header row, and selecting
 * a stage by clicking its header (or Space; click again to clear).
 * Enter on a header opens its menu (selects it in a read-only map).
 */
import { translate, type Labels } from "../core/i18n";
import { openMenu, type MenuHandle } from "../core/menu";
import { promptText } from "../core/prompt";
import type { MapContext } from "./context";
import { lockMessage } from "./locking";
import { openDeleteStageDialog } from "./stage_dialog";
import { addTouchpoint } from "./touchpoints";
import "./popups.css";
import "./stage_menu.css";

const labels = {
  newStage: { en: "New stage", zh: "新阶段", lv: "Jauns posms" },
  newStageName: { en: "New stage name", zh: "新阶段名称", lv: "Jaunā posma nosaukums" },
  rename: { en: "Rename", zh: "重命名", lv: "Pārdēvēt" },
  renameStage: { en: "Rename stage {stage}", zh: "重命名阶段“{stage}”", lv: "Pārdēvēt posmu “{stage}”" },
  addTouchpoint: { en: "Add touchpoint", zh: "添加触点", lv: "Pievienot saskares punktu" },
  moveLeft: { en: "Move left", zh: "左移", lv: "Pārvietot pa kreisi" },
  moveRight: { en: "Move right", zh: "右移", lv: "Pārvietot pa labi" },
  addAfter: { en: "Add stage after", zh: "在后面添加阶段", lv: "Pievienot posmu aiz šī" },
  deleteStage: { en: "Delete stage…", zh: "删除阶段…", lv: "Dzēst posmu…" },
  stageMenu: { en: "Stage {stage}", zh: "阶段“{stage}”", lv: "Posms “{stage}”" },
} satisfies Labels<string>;

const text = (ctx: MapContext): ReturnType<typeof translate<keyof typeof labels>> => translate(labels, ctx.state().language);

/** A stage name not in use yet: "New stage", "New stage 2", ... */
export function freshStageName(names: readonly string[], base = "New stage"): string {
  let name = base;
  for (let n = 2; names.includes(name); n += 1) name = `${base} ${n}`;
  return name;
}

function stageNames(ctx: MapContext): string[] {
  return ctx.state().layout.stages.map((g) => g.stage.stage);
}

export function renameStage(ctx: MapContext, stage: string): void {
  const locate = (): HTMLElement | null => ctx.stageHeaderOf(stage)?.querySelector<HTMLElement>(".cjm-stage-title") ?? null;
  const host = locate();
  const state = ctx.state();
  if (!host || !state.editable) return;
  if (state.locks.stage(stage)) return ctx.message(lockMessage(state.language)("stage", { stage }));
  ctx.editor.open({
    host,
    locate,
    kind: "line",
    value: stage,
    label: text(ctx)("renameStage", { stage }),
    selectAll: true,
    returnFocus: () => ctx.stageHeaderOf(stage),
    onCommit: (value) => {
      const to = value.trim();
      if (to !== "" && to !== stage) ctx.edit({ op: "rename_stage", stage, to });
    },
  });
}

/** Ask for a name and add a stage at `index` (null: at the end). */
export function addStage(ctx: MapContext, anchor: HTMLElement, index: number | null): void {
  const returnTo = ctx.root.contains(document.activeElement) ? (document.activeElement as HTMLElement) : null;
  promptText(ctx.root, anchor, {
    label: text(ctx)("newStageName"),
    value: freshStageName(stageNames(ctx), text(ctx)("newStage")),
    returnFocus: () => (returnTo?.isConnected ? returnTo : null),
    onSubmit: (stage) => {
      ctx.edit(
        { op: "add_stage", stage, index },
        {
          onApplied: () => {
            const header = ctx.stageHeaderOf(stage);
            if (header) ctx.focusCell(header);
          },
        },
      );
    },
  });
}

function moveStage(ctx: MapContext, stage: string, index: number): void {
  ctx.edit(
    { op: "move_stage", stage, index },
    {
      onApplied: () => {
        const header = ctx.stageHeaderOf(stage);
        if (header) ctx.focusCell(header);
      },
    },
  );
}

export function openStageMenu(ctx: MapContext, stage: string, anchor: HTMLElement): MenuHandle | null {
  const names = stageNames(ctx);
  const at = names.indexOf(stage);
  if (at < 0 || !ctx.state().editable) return null;
  const button = ctx.stageHeaderOf(stage)?.querySelector(".cjm-stage-menu");
  button?.setAttribute("aria-expanded", "true");
  const header = (): HTMLElement | null => ctx.stageHeaderOf(stage);
  const t = text(ctx);
  const { locks } = ctx.state();
  // A locked stage keeps its name, place and existence; a locked touchpoint lane its touchpoints.
  const fixed = locks.stage(stage);
  return openMenu(
    ctx.root,
    anchor,
    [
      { label: t("addTouchpoint"), action: "add-touchpoint", disabled: locks.touchpoints, run: () => addTouchpoint(ctx, stage) },
      { label: t("rename"), action: "rename", disabled: fixed, run: () => renameStage(ctx, stage) },
      { label: t("moveLeft"), action: "move-left", disabled: fixed || at === 0, run: () => moveStage(ctx, stage, at - 1) },
      { label: t("moveRight"), action: "move-right", disabled: fixed || at === names.length - 1, run: () => moveStage(ctx, stage, at + 1) },
      { label: t("addAfter"), action: "add-after", run: () => addStage(ctx, header() ?? anchor, at + 1) },
      { label: t("deleteStage"), action: "delete", disabled: fixed, run: () => openDeleteStageDialog(ctx, stage) },
    ],
    {
      label: t("stageMenu", { stage }),
      returnFocus: header,
      onClose: () => ctx.stageHeaderOf(stage)?.querySelector(".cjm-stage-menu")?.setAttribute("aria-expanded", "false"),
    },
  );
}

function toggleSelection(ctx: MapContext, stage: string): void {
  ctx.setTrait("selected_stage", ctx.state().selected === stage ? null : stage);
}

export function installStageControls(ctx: MapContext): () => void {
  const { root } = ctx;
  let menu: MenuHandle | null = null;

  const onClick = (event: MouseEvent): void => {
    const target = event.target as Element | null;
    const menuButton = target?.closest?.<HTMLElement>(".cjm-stage-menu");
    const addButton = target?.closest?.<HTMLElement>(".cjm-add-stage");
    const header = target?.closest?.<HTMLElement>(".cjm-stage-header[data-stage]");
    if (menuButton) {
      const wasOpen = menu?.el.isConnected === true;
      menu?.close();
      if (!wasOpen) menu = openStageMenu(ctx, menuButton.dataset["stage"] ?? "", menuButton);
    } else if (addButton) {
      addStage(ctx, addButton, null);
    } else if (header && event.detail <= 1 && !target?.closest("button, input, select, textarea, .cjm-editing")) {
      // detail > 1: the second click of a double-click (which renames) does not toggle again.
      toggleSelection(ctx, header.dataset["stage"] ?? "");
    } else {
      return;
    }
    event.stopPropagation();
  };
  const onDblClick = (event: MouseEvent): void => {
    const name = (event.target as Element | null)?.closest?.(".cjm-stage-name");
    const stage = name?.closest<HTMLElement>(".cjm-stage-header")?.dataset["stage"];
    if (stage === undefined || !ctx.state().editable) return;
    event.preventDefault();
    renameStage(ctx, stage);
  };
  const onKeyDown = (event: KeyboardEvent): void => {
    const target = event.target as HTMLElement;
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    const editable = ctx.state().editable;
    if (target.classList?.contains("cjm-add-stage-cell") && (event.key === "Enter" || event.key === " ")) {
      const button = target.querySelector<HTMLElement>(".cjm-add-stage");
      if (button && editable) addStage(ctx, button, null);
    } else if (target.matches?.(".cjm-stage-header[data-stage]")) {
      const stage = target.dataset["stage"] ?? "";
      if (event.key === " " || (event.key === "Enter" && !editable)) toggleSelection(ctx, stage);
      else if (event.key === "Enter") menu = openStageMenu(ctx, stage, target.querySelector<HTMLElement>(".cjm-stage-menu") ?? target);
      else if (event.key === "F2" && editable) renameStage(ctx, stage);
      else return;
    } else {
      return;
    }
    event.preventDefault();
    event.stopPropagation();
  };
  root.addEventListener("click", onClick);
  root.addEventListener("dblclick", onDblClick);
  root.addEventListener("keydown", onKeyDown);
  return () => {
    menu?.close();
    root.removeEventListener("click", onClick);
    root.removeEventListener("dblclick", onDblClick);
    root.removeEventListener("keydown", onKeyDown);
  };
}
