"""The charts' UI words in English, Simplified Chinese and Latvian (user data is never translated)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["LABELS", "language_of", "translator"]

LANGUAGES = ("en", "zh", "lv")

LABELS: dict[str, dict[str, str]] = {
    "emotion_curve": {"en": "Emotion curve", "zh": "情绪曲线", "lv": "Emociju līkne"},
    "touchpoints_axis": {
        "en": "Touchpoints, in map order (#)",
        "zh": "触点（按地图顺序，#）",
        "lv": "Saskarsmes punkti kartes secībā (#)",
    },
    "emotion": {"en": "Emotion", "zh": "情绪", "lv": "Emocijas"},
    "touchpoint": {"en": "Touchpoint", "zh": "触点", "lv": "Saskarsmes punkts"},
    "touchpoints": {"en": "Touchpoints", "zh": "触点", "lv": "Saskarsmes punkti"},
    "no_persona": {"en": "No persona", "zh": "无角色", "lv": "Bez personas"},
    "peak": {"en": "Peak", "zh": "峰值", "lv": "Virsotne"},
    "end": {"en": "End", "zh": "结尾", "lv": "Beigas"},
    "rates": {"en": "Rates", "zh": "比率", "lv": "Rādītāji"},
    "funnel": {
        "en": "Funnel: {metric} per stage",
        "zh": "漏斗：各阶段的 {metric}",
        "lv": "Piltuve: {metric} pa posmiem",
    },
    "stage": {"en": "Stage", "zh": "阶段", "lv": "Posms"},
    "period": {"en": "Period", "zh": "时期", "lv": "Periods"},
    "segment": {"en": "Segment", "zh": "细分", "lv": "Segments"},
    "all_periods": {"en": "All periods (mean)", "zh": "所有时期（平均）", "lv": "Visi periodi (vidēji)"},
    "everyone": {"en": "Everyone", "zh": "所有人", "lv": "Visi"},
    "no_stage": {"en": "(none)", "zh": "（无）", "lv": "(nav)"},
    "priority": {"en": "Priority: impact × {y}", "zh": "优先级：影响 × {y}", "lv": "Prioritāte: ietekme × {y}"},
    "impact": {"en": "Impact", "zh": "影响", "lv": "Ietekme"},
    "effort": {"en": "Effort", "zh": "工作量", "lv": "Piepūle"},
    "feasibility": {"en": "Feasibility", "zh": "可行性", "lv": "Īstenojamība"},
    "quick_wins": {"en": "Quick wins", "zh": "速赢", "lv": "Ātrie ieguvumi"},
    "major_projects": {"en": "Major projects", "zh": "重大项目", "lv": "Lielie projekti"},
    "fill_ins": {"en": "Fill-ins", "zh": "填充任务", "lv": "Starpdarbi"},
    "thankless_tasks": {"en": "Thankless tasks", "zh": "吃力不讨好", "lv": "Nepateicīgi darbi"},
    "not_rated": {"en": "not rated yet ↑", "zh": "尚未评分 ↑", "lv": "vēl nav novērtēts ↑"},
    "download": {
        "en": "Download {title} as {fmt}",
        "zh": "将“{title}”下载为 {fmt}",
        "lv": "Lejupielādēt “{title}” kā {fmt}",
    },
    "keyboard_row": {"en": "With the keyboard:", "zh": "用键盘：", "lv": "Ar tastatūru:"},
    "field_tip": {
        "en": "{field} of the chosen touchpoint (the same as dragging its point)",
        "zh": "所选触点的{field}（与拖动其点相同）",
        "lv": "Izvēlētā saskarsmes punkta {field} (tas pats, kas vilkt tā punktu)",
    },
    "no_metrics": {
        "en": "No metrics to chart yet: give the journey a metrics table.",
        "zh": "还没有可绘制的指标：请为旅程提供指标表。",
        "lv": "Vēl nav rādītāju, ko attēlot: pievienojiet ceļojumam rādītāju tabulu.",
    },
    "no_points": {
        "en": "No pain points or opportunities to rate yet.",
        "zh": "还没有可评分的痛点或机会。",
        "lv": "Vēl nav sāpju punktu vai iespēju, ko novērtēt.",
    },
    "marimo_chart": {
        "en": "{chart} is a bqplot chart (a Jupyter widget), which marimo cannot show. {hint}",
        "zh": "{chart} 是 bqplot 图表（Jupyter 小部件），marimo 无法显示。{hint}",
        "lv": "{chart} ir bqplot diagramma (Jupyter logrīks), ko marimo nevar parādīt. {hint}",
    },
    "marimo_board": {
        "en": "The emotion curve, priority matrix and metrics panel are bqplot charts (Jupyter widgets), which marimo "
        "cannot show: the map above shows emotions in its emotion lane, and metrics in lanes 'metric:<name>'.",
        "zh": "情绪曲线、优先级矩阵和指标面板是 bqplot 图表（Jupyter 小部件），marimo 无法显示："
        "上面的地图在情绪泳道中显示情绪，在 'metric:<name>' 泳道中显示指标。",
        "lv": "Emociju līkne, prioritāšu matrica un metriku panelis ir bqplot diagrammas (Jupyter logrīki), ko marimo "
        "nevar parādīt: karte augstāk rāda emocijas savā emociju joslā un metrikas joslās 'metric:<name>'.",
    },
    "marimo_hint_emotion": {
        "en": "The map shows the same curve in its own emotion lane: mo.ui.anywidget(cjm.JourneyMap(journey)).",
        "zh": "地图自己的情绪泳道显示同一条曲线：mo.ui.anywidget(cjm.JourneyMap(journey))。",
        "lv": "Karte to pašu līkni rāda savā emociju joslā: mo.ui.anywidget(cjm.JourneyMap(journey)).",
    },
    "marimo_hint_metrics": {
        "en": "The map shows metrics in its own lanes: cjm.JourneyMap(journey, lanes=[..., 'metric:<name>']).",
        "zh": "地图在自己的指标泳道中显示指标：cjm.JourneyMap(journey, lanes=[..., 'metric:<name>'])。",
        "lv": "Karte metrikas rāda savās joslās: cjm.JourneyMap(journey, lanes=[..., 'metric:<name>']).",
    },
    "marimo_hint_priority": {
        "en": "The same ranking is a table: cjm.action_plan(journey); the map's emotion lane works too.",
        "zh": "同样的排序可作为表格：cjm.action_plan(journey)；地图的情绪泳道也可使用。",
        "lv": "Tā pati secība ir tabula: cjm.action_plan(journey); kartes emociju josla arī darbojas.",
    },
    "marimo_hint_map": {
        "en": "The map itself works: mo.ui.anywidget(cjm.JourneyMap(journey)).",
        "zh": "地图本身可以使用：mo.ui.anywidget(cjm.JourneyMap(journey))。",
        "lv": "Karte pati darbojas: mo.ui.anywidget(cjm.JourneyMap(journey)).",
    },
    "not_changed": {"en": "Not changed: {reason}", "zh": "未更改：{reason}", "lv": "Nav mainīts: {reason}"},
}


def language_of(source: Any, requested: str | None) -> str:
    """The charts' language: ``requested``, else the map's ``language`` trait, else English.

    (Python cannot see the browser's locale, so an unset language means English here.)
    """
    for candidate in (requested, getattr(source, "language", None)):
        if isinstance(candidate, str) and candidate:
            primary = candidate.lower().replace("_", "-").split("-")[0]
            return primary if primary in LANGUAGES else "en"
    return "en"


def translator(language: str) -> Callable[..., str]:
    """``t("key", name=value)`` -> the label in ``language`` with ``{name}`` filled in."""

    def t(key: str, **values: Any) -> str:
        entry = LABELS[key]
        return (entry.get(language) or entry["en"]).format(**values)

    return t
