/**
 * Pure layout of the map: which touchpoint goes in which column. Stages are
 * column groups in `_stages` order; inside a stage, touchpoints keep map
 * order; a stage without touchpoints still gets one empty column.
 */
import type { Row, Stage } from "./types";

export interface Column {
  /** 0-based position among the touchpoint columns (the lane label column is not counted). */
  index: number;
  stage: string;
  /** The touchpoint shown in this column, or null for an empty stage's placeholder column. */
  row: Row | null;
  stageStart: boolean;
  stageEnd: boolean;
}

export interface StageGroup {
  stage: Stage;
  /** Index of the group's first column. */
  start: number;
  span: number;
}

export interface Layout {
  stages: StageGroup[];
  columns: Column[];
}

function asStage(value: unknown): Stage | null {
  if (typeof value !== "object" || value === null) return null;
  const { stage, description, goal, time } = value as Record<string, unknown>;
  if (typeof stage !== "string") return null;
  return {
    stage,
    description: typeof description === "string" && description !== "" ? description : null,
    goal: typeof goal === "string" && goal !== "" ? goal : null,
    ...(typeof time === "string" && time !== "" ? { time } : {}),
  };
}

/** String form of a row's stage (rows are user data: be lenient about types). */
export function stageOf(row: Row): string {
  const stage = row["stage"];
  return stage === null || stage === undefined ? "" : String(stage);
}

export function buildLayout(stagesIn: unknown, rowsIn: unknown): Layout {
  const stages = (Array.isArray(stagesIn) ? stagesIn : []).map(asStage).filter((s): s is Stage => s !== null);
  const rows = (Array.isArray(rowsIn) ? rowsIn : []).filter(
    (r): r is Row => typeof r === "object" && r !== null,
  );

  // Python validates stages, but a row whose stage is unknown must not vanish
  // from the picture: give it a stage group after the declared ones.
  const known = new Set(stages.map((s) => s.stage));
  for (const row of rows) {
    const name = stageOf(row);
    if (!known.has(name)) {
      known.add(name);
      stages.push({ stage: name, description: null, goal: null });
    }
  }

  const groups: StageGroup[] = [];
  const columns: Column[] = [];
  const seen = new Set<string>(); // duplicate stage names get a single group
  for (const stage of stages) {
    if (seen.has(stage.stage)) continue;
    seen.add(stage.stage);
    const members: Array<Row | null> = rows.filter((r) => stageOf(r) === stage.stage);
    if (members.length === 0) members.push(null);
    const start = columns.length;
    members.forEach((row, i) => {
      columns.push({
        index: start + i,
        stage: stage.stage,
        row,
        stageStart: i === 0,
        stageEnd: i === members.length - 1,
      });
    });
    groups.push({ stage, start, span: members.length });
  }
  return { stages: groups, columns };
}
