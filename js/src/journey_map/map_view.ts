/**
 * One view of a JourneyMap model: draws the map, turns the user's intents
 * into protocol messages and redraws from Python's answers.
 *
 * Redraws are as small as the change: a `set` patch refreshes the cells
 * showing that value (and the curve next to an emotion), anything
 * structural redraws the grid keeping the active cell, focus, scroll
 * position and an open editor. The toolbar, message bar and popups live
 * outside the redrawn part.
 */
import { el, setAttr } from "../core/dom";
import { activate, activePosition, initRoving, installGridNavigation } from "../core/grid_nav";
import { MessageBar } from "../core/message_bar";
import type { Op } from "../core/ops";
import { isApplying, SyncClient, type Connection, type PatchMessage, type RejectMessage, type SyncMessage, type SyncModel } from "../core/sync";
import { UndoHistory } from "../core/undo";
import type { EditOptions, MapContext } from "./context";
// The grid first: its stylesheets come before those of the features acting on it.
import { emotionInputs, refreshCell, renderBody, renderHeader, viewText } from "./draw_grid";
import { installDrag } from "./drag";
import { InlineEditor, installEditing } from "./editing";
import { installEmotionEditing } from "./emotion_edit";
import { failureText, type ImageFormat } from "./image_buttons";
import { exportImage } from "./image_export";
import { LanesPanel } from "./lanes_panel";
import { installMetricDetails } from "./metric_details";
import { metricOf, metricRows } from "./metric_lanes";
import { PendingCells } from "./pending";
import { PersonaSwitcher } from "./persona_switcher";
import { installPrintFit } from "./print_fit";
import { installStageControls } from "./stage_menu";
import { readState, type MapState, type Model } from "./state";
import { Toolbar } from "./toolbar";
import { installTouchpointActions } from "./touchpoints";
import { GRID_TRAITS, HEADER_TRAITS, type Scalar, type SettableTrait } from "./types";
import "./map_view.css";

const attr = (value: string): string => `"${CSS.escape(value)}"`;

export class MapView implements MapContext {
  readonly root: HTMLElement;
  readonly editor = new InlineEditor();
  private headerEl: HTMLElement = el("div");
  private readonly body = el("div", { className: "cjm-body" });
  private readonly messages = new MessageBar();
  private readonly toolbar: Toolbar;
  private readonly lanesPanel: LanesPanel;
  private readonly personaSwitcher: PersonaSwitcher;
  private readonly client: SyncClient;
  private readonly history: UndoHistory;
  private readonly pending = new PendingCells();
  private readonly afterPatch = new Map<string, (msg: PatchMessage) => void>();
  private readonly cleanups: Array<() => void> = [];
  private readonly listeners: Array<[string, () => void]> = [];

  constructor(
    private readonly model: Model,
    host: HTMLElement,
  ) {
    // data-lm-suppress-shortcuts: JupyterLab's notebook shortcuts (d d, z, arrows...) stay off inside the map.
    this.root = el("div", { className: "cjm-journey-map", attrs: { role: "region", "data-lm-suppress-shortcuts": "true" } });
    this.toolbar = new Toolbar({ undo: () => this.undo(), redo: () => this.redo(), lanes: (b) => this.lanesPanel.toggle(b), image: (f) => this.downloadImage(f) });
    this.lanesPanel = new LanesPanel(this);
    this.personaSwitcher = new PersonaSwitcher((persona) => this.setTrait("persona", persona));
    const top = el("div", { className: "cjm-top" }, [this.headerEl, this.personaSwitcher.el, this.toolbar.el]);
    this.root.append(top, this.messages.el, this.body);
    host.append(this.root);

    this.client = new SyncClient(
      model as unknown as SyncModel,
      (msg) => this.onMessage(msg),
      (connection) => this.showConnection(connection),
    );
    this.history = new UndoHistory(
      (op, prepare) => this.client.edit(op, prepare),
      () => this.updateToolbar(),
    );
    this.cleanups.push(
      installGridNavigation(this.root),
      installEditing(this),
      installEmotionEditing(this),
      installTouchpointActions(this),
      installDrag(this),
      installStageControls(this),
      installPrintFit(this.root),
      installMetricDetails(this),
      this.installShortcuts(),
    );
    for (const trait of GRID_TRAITS) this.listen(`change:${trait}`, () => this.onGridTrait(trait));
    for (const trait of HEADER_TRAITS) this.listen(`change:${trait}`, () => this.drawHeader(this.state()));
    this.listen("change:selected_stage", () => this.drawSelection());
    this.listen("change:_metrics", () => this.drawMetricLanes());
    this.listen("change:selected_touchpoints", () => this.drawSelection());
    this.listen("change:autosave_error", () => this.showAutosaveError());
    this.drawAll();
    this.showAutosaveError();
  }

  dispose(): void {
    for (const [event, handler] of this.listeners) this.model.off(event, handler);
    this.client.dispose();
    this.editor.close(false, false);
    this.lanesPanel.close(false);
    for (const cleanup of this.cleanups) cleanup();
    this.messages.dispose();
    this.root.remove();
  }

  // -- MapContext -------------------------------------------------------------

  state(): MapState {
    return readState(this.model, this.pending);
  }

  edit(op: Op, options: EditOptions = {}, prepare?: (editId: string) => void): string | null {
    if (!this.state().editable) return null;
    return this.client.edit(op, (editId) => {
      this.history.track(editId);
      if (options.onApplied) this.afterPatch.set(editId, options.onApplied);
      prepare?.(editId);
    });
  }

  setCell(id: string, column: string, value: Scalar): void {
    // With no kernel answering, a value shown as if accepted would stay "pending" forever.
    const connected = this.client.connection !== "disconnected";
    this.edit({ op: "set", id, column, value }, {}, (editId) => connected && this.pending.set(id, column, value, editId));
    if (!connected) this.showConnection("disconnected");
    this.refreshSet(id, column);
  }

  preview(id: string, column: string, value: Scalar | undefined): void {
    if (value === undefined) this.pending.delete(id, column);
    else this.pending.set(id, column, value, null);
    this.refreshSet(id, column);
  }

  setTrait(name: SettableTrait, value: unknown): void {
    this.client.setTrait(name, value);
  }

  message(text: string): void {
    this.messages.show(text);
  }

  cellOf(lane: string, id: string): HTMLElement | null {
    return this.body.querySelector<HTMLElement>(`.cjm-lane-cell[data-lane=${attr(lane)}][data-id=${attr(id)}]`);
  }

  stageHeaderOf(stage: string): HTMLElement | null {
    return this.body.querySelector<HTMLElement>(`.cjm-stage-header[data-stage=${attr(stage)}]`);
  }

  focusCell(cell: HTMLElement): void {
    const grid = cell.closest('[role="grid"]');
    if (grid) activate(grid, cell, true);
  }

  /** Download the map as an image; a failure is shown in the message bar. */
  downloadImage(format: ImageFormat): void {
    const state = this.state();
    exportImage(state, this.root, format).catch((error: unknown) =>
      this.messages.show(failureText(state.language, error instanceof Error ? error.message : String(error))),
    );
  }

  // -- undo / redo ------------------------------------------------------------

  undo(): void {
    if (this.state().editable) this.history.undo();
  }

  redo(): void {
    if (this.state().editable) this.history.redo();
  }

  private updateToolbar(): void {
    const language = this.model.get("language");
    this.toolbar.update(this.model.get("editable") === true, this.history.canUndo, this.history.canRedo, typeof language === "string" ? language : "");
  }

  /** Ctrl/Cmd+Z, Ctrl/Cmd+Shift+Z and Ctrl+Y, unless an input has focus (its own text undo wins). */
  private installShortcuts(): () => void {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || !(event.ctrlKey || event.metaKey) || event.altKey) return;
      if ((event.target as Element | null)?.closest?.("input, textarea, select")) return;
      const key = event.key.toLowerCase();
      const redo = (key === "z" && event.shiftKey) || (key === "y" && event.ctrlKey && !event.shiftKey);
      if ((key !== "z" && !redo) || !this.state().editable) return;
      event.preventDefault();
      event.stopPropagation();
      if (redo) this.redo();
      else this.undo();
    };
    this.root.addEventListener("keydown", onKeyDown);
    return () => this.root.removeEventListener("keydown", onKeyDown);
  }

  // -- messages from Python -----------------------------------------------------

  private onMessage(msg: SyncMessage): void {
    if (msg.type === "welcome") return;
    if (msg.type === "reject") return this.onReject(msg);
    if (msg.type === "reset") {
      this.pending.clear();
      this.history.clear();
      this.drawAll();
      this.lanesPanel.update();
      return;
    }
    const mine = msg.edit_id !== null && this.client.owns(msg.edit_id);
    if (mine && msg.edit_id !== null) {
      this.pending.deleteEdit(msg.edit_id);
      this.history.onPatch(msg);
    }
    const cellsOnly = msg.ops.length > 0 && msg.ops.every((op) => op.op === "set" && op.column !== "stage");
    if (cellsOnly) {
      for (const op of msg.ops) if (op.op === "set") this.refreshSet(String(op.id), String(op.column));
    } else {
      this.drawAll();
    }
    if (mine && msg.edit_id !== null) {
      const after = this.afterPatch.get(msg.edit_id);
      this.afterPatch.delete(msg.edit_id);
      after?.(msg);
    }
  }

  private onReject(msg: RejectMessage): void {
    // Another view's refused edit changed nothing here.
    if (msg.edit_id === null || !this.client.owns(msg.edit_id)) return;
    this.history.onReject(msg.edit_id);
    this.afterPatch.delete(msg.edit_id);
    const cell = this.pending.deleteEdit(msg.edit_id);
    if (cell) this.refreshSet(cell.id, cell.column);
    this.messages.show(msg.message);
  }

  /**
   * No answer to the handshake: unconfirmed values go back to what the model holds and the
   * view says edits go nowhere, until Python answers after all (a kernel busy with a long cell).
   */
  private showConnection(connection: Connection): void {
    const text = viewText(this.state().language)("notConnected");
    if (connection === "connected") return this.messages.hideIf(text);
    if (!this.state().editable) return;
    if (this.pending.size > 0) {
      this.pending.clear();
      this.drawAll();
    }
    this.messages.show(text, true);
  }

  /** A failed autosave write (Python's message says which file and why); the map keeps its state. */
  private showAutosaveError(): void {
    const error = this.model.get("autosave_error");
    if (typeof error === "string" && error) this.messages.show(error);
  }

  private onGridTrait(trait: string): void {
    // A patch being applied fires these too: its own message redraws exactly what changed.
    if (isApplying()) return;
    if (trait === "editable") {
      this.editor.close(false, false);
      this.updateToolbar();
    }
    this.drawAll();
    if (trait === "lanes" || trait === "_columns" || trait === "_rows") this.lanesPanel.update();
  }

  private listen(event: string, handler: () => void): void {
    this.model.on(event, handler);
    this.listeners.push([event, handler]);
  }

  // -- drawing ----------------------------------------------------------------

  private drawHeader(state: MapState): void {
    const header = renderHeader(state);
    this.headerEl.replaceWith(header);
    this.headerEl = header;
    const t = viewText(state.language);
    setAttr(this.root, "aria-label", state.title || t("map"));
    this.messages.setDismissLabel(t("dismissMessage"), t("dismiss"));
    // An explicit language also tells the browser how to break CJK lines; auto inherits the page's.
    setAttr(this.root, "lang", state.language || null);
    this.toolbar.images.setLanguage(state.language);
    this.root.classList.toggle("cjm-future", state.kind === "future");
    this.personaSwitcher.update(state.personas, state.persona, state.language);
  }

  private drawSelection(): void {
    const { selected, selectedTouchpoints } = this.state();
    for (const header of this.body.querySelectorAll(".cjm-stage-header")) {
      const on = header.getAttribute("data-stage") === selected;
      header.classList.toggle("cjm-selected", on);
      setAttr(header, "aria-selected", on ? "true" : null);
    }
    for (const cell of this.body.querySelectorAll(".cjm-lane-cell[data-id]")) {
      cell.classList.toggle("cjm-selected", selectedTouchpoints.has(cell.getAttribute("data-id") ?? ""));
    }
  }

  /** Redraw everything, keeping the user's place: active cell, focus, scroll, open editor. */
  drawAll(): void {
    const state = this.state();
    const oldGrid = this.body.querySelector('[role="grid"]');
    const previous = oldGrid ? activePosition(oldGrid) : null;
    const active = document.activeElement;
    const focusInGrid = oldGrid !== null && oldGrid.contains(active);
    const dot = active?.classList.contains("cjm-emotion-dot") ? active.getAttribute("data-id") : null;
    const scrollLeft = this.body.querySelector(".cjm-scroll")?.scrollLeft ?? 0;

    this.editor.suspend();
    this.drawHeader(state);
    this.body.replaceChildren(renderBody(state));
    this.root.classList.toggle("cjm-editable", state.editable);
    this.updateToolbar();

    const grid = this.body.querySelector('[role="grid"]');
    if (grid) initRoving(grid, previous, focusInGrid && !this.editor.isOpen() && dot === null);
    if (dot !== null) this.body.querySelector<HTMLElement>(`.cjm-emotion-dot[data-id=${attr(dot)}]`)?.focus();
    const scroller = this.body.querySelector(".cjm-scroll");
    if (scroller) scroller.scrollLeft = scrollLeft;
    this.editor.resume();
  }

  /** New metric data: redraw only the metric lanes' rows (the touchpoints did not change). */
  private drawMetricLanes(): void {
    this.lanesPanel.update();
    const state = this.state();
    const grid = this.body.querySelector('[role="grid"]');
    const focused = document.activeElement?.closest(".cjm-metric-row");
    if (!grid || (focused && grid.contains(focused))) return this.drawAll(); // drawAll keeps the user's place
    for (const lane of state.lanes) {
      if (metricOf(lane) === null) continue;
      const old = Array.from(grid.querySelectorAll(`.cjm-metric-row[data-lane=${attr(lane)}]`));
      const first = old[0];
      if (!first) return this.drawAll();
      const fresh = metricRows(lane, state);
      for (const cell of fresh.flatMap((r) => Array.from(r.querySelectorAll<HTMLElement>(".cjm-cell")))) cell.tabIndex = -1;
      first.before(...fresh);
      for (const row of old) row.remove();
    }
    // The roving tab stop may have been in a replaced row.
    if (!grid.querySelector('.cjm-cell[tabindex="0"]')) initRoving(grid, null, false);
  }

  /** Redraw the cells showing (id, column); structural columns redraw the grid. */
  private refreshSet(id: string, column: string): void {
    const state = this.state();
    const index = state.layout.columns.findIndex((c) => c.row !== null && String(c.row["id"]) === id);
    if (index < 0) return; // not a row this map shows
    const lanes = new Set<string>([column]);
    if (column === "touchpoint" || column === "channel") lanes.add("touchpoint");
    if (column === "touchpoint") lanes.add("emotion"); // the dot's label names the touchpoint
    // Metric cells' labels name the touchpoint too.
    if (column === "touchpoint" && state.lanes.some((lane) => metricOf(lane) !== null)) this.drawMetricLanes();
    const inputs = state.lanes.includes("emotion") && lanes.has("emotion") ? emotionInputs(state) : [];
    for (const lane of lanes) {
      if (!state.lanes.includes(lane)) continue;
      // An emotion moves the curve pieces of its neighbours too.
      const around = lane === "emotion" && column === "emotion" ? [index - 1, index, index + 1] : [index];
      for (const i of around) {
        const col = state.layout.columns[i];
        const cell = col?.row ? this.cellOf(lane, String(col.row["id"])) : null;
        if (col && cell) refreshCell(cell, lane, col, state, inputs[i]);
      }
    }
  }
}
