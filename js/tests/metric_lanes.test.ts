import { describe, expect, it } from "vitest";
import { blend, contrast, formatMetric, level, metricFormat, tintAlpha, TINT_RGB, tintFor } from "../src/journey_map/metric_format";
import { latest, readMetricLanes, readValues, valuesByTarget } from "../src/journey_map/metric_lanes";
import { lonePoints, sparklinePath } from "../src/journey_map/sparkline";
import { journeyModel } from "./fake_model";
import { click, mount, press } from "./render_helpers";

// Touchpoint-level conversion per segment over three periods, and a stage-level CSAT without periods.
const METRICS = {
  names: ["conversion", "csat", "nps"],
  lanes: {
    conversion: {
      periods: ["2024-01", "2024-02", "2024-03"],
      min: 0.1,
      max: 0.5,
      integers: false,
      series: [
        { level: "touchpoint", segment: "new", targets: ["t1", "t2"], values: [0.1, 0.2, 0.3, 0.5, 0.4, null] },
        { level: "touchpoint", segment: "loyal", targets: ["t1"], values: [0.2, null, 0.25] },
      ],
    },
    csat: {
      periods: [],
      min: 3.5,
      max: 4.5,
      integers: false,
      series: [{ level: "stage", segment: null, targets: ["Discover", "Buy"], values: [4.5, null] }],
    },
  },
};

describe("metric formatting", () => {
  it("reads rates as percentages and other values as numbers", () => {
    expect(metricFormat("conversion", { min: 0.1, max: 0.5, integers: false })).toBe("percent");
    expect(metricFormat("share", { min: 0, max: 1, integers: true })).toBe("percent");
    expect(metricFormat("signups", { min: 0, max: 1, integers: true })).toBe("number");
    expect(metricFormat("csat", { min: 3.5, max: 4.5, integers: false })).toBe("number");
    expect(metricFormat("nps", { min: -20, max: 0.5, integers: false })).toBe("number");
    expect(formatMetric(0.423, "percent", "en")).toBe("42%");
    expect(formatMetric(0.042, "percent", "en")).toBe("4.2%");
    expect(formatMetric(1234.5, "number", "en")).toBe("1,235");
    expect(formatMetric(4.256, "number", "en")).toBe("4.26");
    expect(formatMetric(12.34, "number", "lv")).toBe("12,3");
  });

  it("shows missing as a dash, never as zero", () => {
    expect(formatMetric(null, "percent")).toBe("–");
    expect(formatMetric(Number.NaN, "number")).toBe("–");
    expect(formatMetric(0, "percent", "en")).toBe("0%");
    expect(level(null, 0, 1)).toBeNull();
    expect(tintFor(null)).toBe("");
  });

  it("places values on the scale and tints them more as they grow", () => {
    expect(level(0.1, 0.1, 0.5)).toBe(0);
    expect(level(0.5, 0.1, 0.5)).toBe(1);
    expect(level(0.3, 0.1, 0.5)).toBeCloseTo(0.5);
    expect(level(7, 7, 7)).toBe(0.5);
    expect(tintAlpha(1)).toBeGreaterThan(tintAlpha(0));
  });

  it("keeps text contrast at least 4.5 on every tint, light and dark theme", () => {
    // JupyterLab's light theme: white page, rgba(0,0,0,0.87) text; dark: #111/#212121 page, white text.
    const themes: Array<{ bg: [number, number, number]; fg: [number, number, number] }> = [
      { bg: [255, 255, 255], fg: blend([0, 0, 0], 0.87, [255, 255, 255]) as [number, number, number] },
      { bg: [17, 17, 17], fg: [255, 255, 255] },
      { bg: [33, 33, 33], fg: blend([255, 255, 255], 0.87, [33, 33, 33]) as [number, number, number] },
    ];
    for (const { bg, fg } of themes) {
      for (const lvl of [0, 0.5, 1]) {
        const cell = blend(TINT_RGB, tintAlpha(lvl), bg);
        expect(contrast(fg, cell)).toBeGreaterThanOrEqual(4.5);
      }
    }
  });
});

describe("sparkline", () => {
  it("draws one run per stretch of present values and breaks at missing ones", () => {
    expect(sparklinePath([0, 1], 0, 1, 20, 10)).toBe("M2.0 8.0 L18.0 2.0");
    const d = sparklinePath([1, null, 2, 3], 1, 3, 32, 10);
    expect(d.match(/M/g)?.length).toBe(2); // the gap starts a new run instead of dropping to zero
    expect(d.startsWith("M2.0 8.0 M")).toBe(true);
    expect(sparklinePath([null, null], 0, 1)).toBe("");
    expect(lonePoints([1, null, 2, 3, null, 4])).toEqual([0, 5]);
  });
});

describe("metric lane data", () => {
  it("reads the trait defensively and splits values per target", () => {
    expect(readMetricLanes(undefined).lanes.size).toBe(0);
    const data = readMetricLanes({ ...METRICS, lanes: { ...METRICS.lanes, bad: 3 } });
    expect([...data.lanes.keys()]).toEqual(["conversion", "csat"]);
    const conversion = data.lanes.get("conversion");
    if (!conversion) throw new Error("no lane");
    const series = conversion.series[0];
    if (!series) throw new Error("no series");
    const byTarget = valuesByTarget(series, 3);
    expect(byTarget.get("t2")).toEqual([0.5, 0.4, null]);
    expect(latest(byTarget.get("t2"))).toBeNull();
    expect(latest(byTarget.get("t1"))).toBe(0.3);
  });
});

describe("metric lanes on the map", () => {
  const model = () => journeyModel({ lanes: ["touchpoint", "metric:conversion", "metric:csat"], _metrics: METRICS });

  it("shows one labelled sub-row per segment with values, sparklines and missing values", () => {
    const { host } = mount(model());
    const rows = host.querySelectorAll('.cjm-metric-row[data-lane="metric:conversion"]');
    expect(Array.from(rows, (r) => r.querySelector(".cjm-metric-label")?.textContent)).toEqual(["conversion · new", "conversion · loyal"]);
    const cell = (row: Element | undefined, id: string) => row?.querySelector<HTMLElement>(`.cjm-metric-cell[data-id="${id}"]`);
    const t1 = cell(rows[0], "t1");
    expect(t1?.querySelector(".cjm-metric-value")?.textContent).toBe("30%");
    expect(t1?.querySelector("svg.cjm-sparkline path")?.getAttribute("d")).toMatch(/^M.* L.* L/);
    expect(t1?.getAttribute("aria-label")).toBe("conversion · new, Sees an ad: 30% (latest of 3 periods)");
    expect(t1?.style.backgroundColor).not.toBe("");
    const t2 = cell(rows[0], "t2");
    expect(t2?.querySelector(".cjm-metric-value")?.textContent).toBe("–");
    expect(t2?.getAttribute("aria-label")).toBe("conversion · new, Reads reviews: missing");
    expect(t2?.style.backgroundColor).toBe("");
    expect(cell(rows[1], "t2")?.textContent).toBe("–"); // no row for this target in the segment
    expect(cell(rows[0], "t3")?.textContent).toBe("–");
    // Metric cells are not lane cells: no editor, no drag.
    expect(host.querySelector(".cjm-lane-cell.cjm-metric-cell")).toBeNull();
  });

  it("spans stage-level values over their stage", () => {
    const { host } = mount(model());
    const row = host.querySelector('.cjm-metric-row[data-lane="metric:csat"]');
    const discover = row?.querySelector<HTMLElement>('.cjm-metric-cell[data-stage="Discover"]');
    expect(discover?.getAttribute("aria-colspan")).toBe("2");
    expect(discover?.textContent).toBe("4.5");
    expect(row?.querySelector('.cjm-metric-cell[data-stage="Buy"]')?.textContent).toBe("–");
    expect(row?.querySelector("svg")).toBeNull(); // no periods, no sparkline
  });

  it("redraws only the metric rows when new metrics arrive", () => {
    const m = model();
    const { host } = mount(m);
    const touchpointCell = host.querySelector('.cjm-lane-cell[data-lane="touchpoint"][data-id="t1"]');
    const lanes = { ...METRICS.lanes, csat: { ...METRICS.lanes.csat, series: [{ level: "stage", segment: null, targets: ["Buy"], values: [3.5] }] } };
    m.set("_metrics", { ...METRICS, lanes });
    expect(host.querySelector('.cjm-lane-cell[data-lane="touchpoint"][data-id="t1"]')).toBe(touchpointCell);
    const row = host.querySelector('.cjm-metric-row[data-lane="metric:csat"]');
    expect(row?.querySelector('.cjm-metric-cell[data-stage="Buy"]')?.textContent).toBe("3.5");
    expect(row?.querySelector('.cjm-metric-cell[data-stage="Discover"]')?.textContent).toBe("–");
    expect(host.querySelectorAll('.cjm-cell[tabindex="0"]').length).toBe(1);
  });

  it("shows details on focus and closes them with Escape", () => {
    const { host } = mount(model());
    const cell = host.querySelector<HTMLElement>('.cjm-metric-row[data-lane="metric:conversion"] .cjm-metric-cell[data-id="t2"]');
    cell?.focus();
    const tip = host.querySelector(".cjm-metric-details");
    expect(tip?.getAttribute("role")).toBe("tooltip");
    expect(cell?.getAttribute("aria-describedby")).toBe(tip?.id);
    expect(Array.from(tip?.querySelectorAll("dt, dd") ?? [], (n) => n.textContent)).toEqual([
      "Metric", "conversion", "Touchpoint", "Reads reviews", "Segment", "new",
      "2024-01", "50%", "2024-02", "40%", "2024-03", "– (missing)",
    ]);
    press("Escape");
    expect(host.querySelector(".cjm-metric-details")).toBeNull();
  });

  it("offers every metric in the lanes panel and switches one on", () => {
    const m = model();
    const { host } = mount(m);
    click(host.querySelector("button.cjm-lanes-button"));
    const panel = host.querySelector(".cjm-lanes-panel");
    const box = panel?.querySelector<HTMLInputElement>('input[data-lane="metric:nps"]');
    expect(box?.checked).toBe(false);
    expect(panel?.querySelector('li[data-lane="metric:nps"] .cjm-lanes-kind')?.textContent).toBe("Metric");
    expect(panel?.querySelector<HTMLInputElement>('input[data-lane="metric:csat"]')?.checked).toBe(true);
    if (!box) throw new Error("no box");
    box.checked = true;
    box.dispatchEvent(new Event("change", { bubbles: true }));
    expect(m.sentOf("set_trait").pop()).toEqual({ type: "set_trait", name: "lanes", value: ["touchpoint", "metric:conversion", "metric:csat", "metric:nps"] });
  });

  it("shows a lane without data as 'no values'", () => {
    const { host } = mount(journeyModel({ lanes: ["touchpoint", "metric:gone"], _metrics: METRICS }));
    expect(host.querySelector('.cjm-metric-row[data-lane="metric:gone"]')?.textContent).toBe("goneNo values for this metric");
  });

  it("translates its labels", () => {
    const { host } = mount(journeyModel({ lanes: ["touchpoint", "metric:conversion"], _metrics: METRICS, language: "lv" }));
    const cell = host.querySelector('.cjm-metric-cell[data-id="t2"]');
    expect(cell?.getAttribute("aria-label")).toBe("conversion · new, Reads reviews: nav datu");
  });
});

describe("binary values", () => {
  it("reads float64 buffers as Python sends them, NaN as missing", () => {
    const bytes = new Float64Array([0.25, Number.NaN, 12]);
    const view = new DataView(bytes.buffer);
    expect(readValues(view)).toEqual([0.25, null, 12]);
    expect(readValues(bytes)).toEqual([0.25, null, 12]);
    expect(readValues([1, null, "x"])).toEqual([1, null, null]);
    expect(readValues(undefined)).toEqual([]);
  });
});
