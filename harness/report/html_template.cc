#include "harness/report/html_template.h"

namespace proofup::report_internal {

const char kHtmlReportTemplate[] = R"HTML(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:">
<title>proofup {{run_id}}: {{verdict}}</title>
<style>
:root { --ok:#1a7f37; --ok-bg:#dafbe1; --bad:#cf222e; --bad-bg:#ffebe9; --warn:#9a6700;
  --warn-bg:#fff8c5; --muted:#57606a; --skip-bg:#eaeef2; --err:#8250df; --err-bg:#fbefff;
  --line:#d0d7de; --bg:#f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: #1f2328; line-height: 1.45;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; }
main { max-width: 1240px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 0; }
a { color: #0969da; }
.sub { color: var(--muted); margin: 0 0 16px; }
.banner { padding: 10px 14px; border-radius: 6px; font-weight: 600; margin-bottom: 16px; }
.banner.ok { background: var(--ok-bg); color: var(--ok); border: 1px solid #aceebb; }
.banner.bad { background: var(--bad-bg); color: var(--bad); border: 1px solid #ffcecb; }
.banner.warn { background: var(--warn-bg); color: var(--warn); border: 1px solid #eed888; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin-bottom: 16px; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 10px 16px; min-width: 120px; }
.card .n { font-size: 26px; font-weight: 700; display: block; }
.card .l { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.card.passed .n { color: var(--ok); } .card.failed .n { color: var(--bad); }
.card.flaky .n { color: var(--warn); } .card.notrun .n { color: var(--muted); }
.card.error .n { color: var(--err); }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0 0 20px;
  background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 10px 16px; }
dl.meta dt { color: var(--muted); } dl.meta dd { margin: 0; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--line); }
th { font-size: 12px; color: var(--muted); font-weight: 600; background: var(--bg); }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.index { border: 1px solid var(--line); border-radius: 8px; overflow: hidden; margin-bottom: 24px; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; white-space: nowrap; }
.badge.passed { background: var(--ok-bg); color: var(--ok); }
.badge.failed { background: var(--bad-bg); color: var(--bad); }
.badge.flaky { background: var(--warn-bg); color: var(--warn); }
.badge.notrun { background: var(--skip-bg); color: var(--muted); }
.badge.error { background: var(--err-bg); color: var(--err); }
.scenario { background: #fff; border: 1px solid var(--line); border-radius: 8px; margin: 0 0 24px; overflow: hidden; }
.scenario > summary { cursor: pointer; list-style-position: inside; padding: 12px 16px; border-bottom: 1px solid var(--line); border-left: 5px solid var(--muted); }
.scenario.passed > summary { border-left-color: var(--ok); }
.scenario.failed > summary { border-left-color: var(--bad); }
.scenario.flaky > summary { border-left-color: var(--warn); }
.scenario.error > summary { border-left-color: var(--err); }
.scenario:not([open]) > summary { border-bottom: 0; }
.scenario > summary .title-row { display: inline-flex; }
.filters { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin: 0 0 12px; }
.filters label { border: 1px solid var(--line); border-radius: 14px; padding: 2px 10px; background: #fff; cursor: pointer; }
input.filter { position: absolute; opacity: 0; width: 1px; height: 1px; }
#fs-all:checked ~ .filters [for=fs-all], #fs-bad:checked ~ .filters [for=fs-bad],
#fs-good:checked ~ .filters [for=fs-good], #ft-all:checked ~ .filters [for=ft-all] { background: #0969da; color: #fff; }
#fs-bad:checked ~ .list .row:not(.failed):not(.error):not(.notrun) { display: none; }
#fs-good:checked ~ .list .row:not(.passed):not(.flaky) { display: none; }
.title-row { display: flex; gap: 10px; align-items: center; flex-wrap: wrap; }
.facts { color: var(--muted); font-size: 13px; margin-top: 4px; }
.reason { margin: 12px 16px 0; padding: 8px 12px; background: var(--bad-bg); border-radius: 6px; color: #82071e; overflow-wrap: anywhere; }
.reason a { color: inherit; }
.reason.flaky { background: var(--warn-bg); color: var(--warn); }
.reason.notrun { background: var(--skip-bg); color: var(--muted); margin-bottom: 12px; }
.chart-box { padding: 12px 16px 4px; }
.chart-box h3, .timeline h3 { font-size: 13px; color: var(--muted); margin: 0 0 6px; font-weight: 600; }
svg.chart { max-width: 100%; height: auto; display: block; }
svg.chart text { font: 11px system-ui, "DejaVu Sans", sans-serif; fill: #1f2328; }
svg.chart text.value { fill: var(--muted); }
svg.chart .bar { fill: #8c959f; } svg.chart .bar.passed { fill: #4ac26b; }
svg.chart .bar.failed { fill: #fa4549; } svg.chart .bar.error { fill: #a475f9; }
svg.chart .axis { stroke: var(--line); }
.timeline { padding: 12px 16px 16px; }
.timeline table { font-size: 13px; border: 1px solid var(--line); }
tr.notrun td { color: #8c959f; }
tr.failed > td { background: #fff5f5; }
td.step .action { display: block; color: var(--muted); font-size: 11px; font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
td.expected, td.observed { overflow-wrap: anywhere; max-width: 220px; }
ol.compact .note { display: inline; }
.note { display: block; color: var(--muted); font-size: 11px; font-style: italic; }
tr.detail > td { background: #fff5f5; padding: 4px 12px 14px 44px; }
.failure { color: #82071e; font-weight: 600; margin: 4px 0 8px; overflow-wrap: anywhere; }
.sides { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
.side { border: 1px solid var(--line); border-radius: 6px; background: #fff; }
.side h4 { margin: 0; padding: 4px 10px; font-size: 12px; color: var(--muted); background: var(--bg); border-bottom: 1px solid var(--line); }
.side .text { padding: 8px 10px; white-space: pre-wrap; overflow-wrap: anywhere; max-height: 16em; overflow: auto;
  font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12.5px; }
del { background: #ffcecb; color: #82071e; text-decoration: line-through; border-radius: 3px; padding: 0 2px; }
ins { background: #aceebb; color: #055d20; text-decoration: none; border-radius: 3px; padding: 0 2px; }
pre.console { color: #a00; white-space: pre-wrap; font-size: 11px; }
img.shot { max-width: 160px; border: 1px solid #ccc; }
ol.compact { margin: 8px 16px 12px; padding-left: 2.6em; font-size: 13px; }
ol.compact .t { color: var(--muted); font-size: 12px; margin-left: 6px; font-variant-numeric: tabular-nums; }
footer { color: var(--muted); font-size: 12px; margin-top: 24px; }
.hooks { border: 1px solid var(--line); border-radius: 8px; overflow: hidden; margin: 0 0 20px; background: #fff; }
.hooks h2 { padding: 8px 12px; font-size: 15px; border-bottom: 1px solid var(--line); }
.hooks tr.failed > td { background: #fff5f5; }
pre.hook-failure { white-space: pre-wrap; overflow-wrap: anywhere; color: #82071e; margin: 0; font-size: 12px; }
</style>
<style>{{{tag_css}}}</style>
</head>
<body>
<main>
<h1>proofup report</h1>
<p class="sub">Run {{run_id}} against {{target}}</p>
<div class="banner {{verdict_class}}" id="verdict">{{verdict}}</div>
{{#interrupted}}<div class="banner warn">The run was interrupted (Ctrl-C): scenarios that had not finished are reported as not run.</div>{{/interrupted}}
{{#run_hook_failed}}<div class="banner bad" id="run-hook-failed">{{run_hook_banner}}</div>{{/run_hook_failed}}
<div class="cards" id="summary">
<div class="card passed"><span class="n">{{passed}}</span><span class="l">Passed</span></div>
<div class="card failed"><span class="n">{{failed}}</span><span class="l">Failed</span></div>
<div class="card flaky"><span class="n">{{flaky}}</span><span class="l">Flaky</span></div>
<div class="card notrun"><span class="n">{{not_run}}</span><span class="l">Not run</span></div>
{{#has_errors}}<div class="card error"><span class="n">{{errors}}</span><span class="l">Errors</span></div>{{/has_errors}}
<div class="card"><span class="n">{{total_time}}</span><span class="l">Total time</span></div>
</div>
<dl class="meta">
<dt>Target</dt><dd>{{target}}</dd>
<dt>Run id</dt><dd>{{run_id}}</dd>
<dt>Started</dt><dd>{{started_at}}</dd>
<dt>Scenarios</dt><dd>{{total}}</dd>
<dt>Secrets</dt><dd>{{secrets}}</dd>
</dl>
{{#has_run_hooks}}<section class="hooks" id="run-hooks"><h2>Run hooks</h2>
<table>
<thead><tr><th>When</th><th>Hook</th><th>Status</th><th class="num">Time</th></tr></thead>
<tbody>
{{#run_hooks}}<tr class="{{outcome_class}}"><td>{{phase}}</td><td>{{name}}</td><td><span class="badge {{outcome_class}}">{{outcome}}</span></td><td class="num">{{duration}}</td></tr>
{{#failed}}<tr class="failed"><td colspan="4"><pre class="hook-failure">{{failure}}</pre></td></tr>{{/failed}}
{{/run_hooks}}</tbody>
</table>
</section>{{/has_run_hooks}}
<input class="filter" type="radio" name="status" id="fs-all" checked><input class="filter" type="radio" name="status" id="fs-bad"><input class="filter" type="radio" name="status" id="fs-good">
<input class="filter" type="radio" name="tag" id="ft-all" checked>{{#tag_filters}}<input class="filter" type="radio" name="tag" id="ft-{{id}}">{{/tag_filters}}
<div class="filters" id="filters"><span>Show:</span><label for="fs-all">all</label><label for="fs-bad">not passed</label><label for="fs-good">passed</label>{{#has_tag_filters}}<span>· tag:</span><label for="ft-all">any</label>{{#tag_filters}}<label for="ft-{{id}}">{{tag}}</label>{{/tag_filters}}{{/has_tag_filters}}</div>
<div class="list">
<div class="index">
<table>
<thead><tr><th>Scenario</th><th>File</th><th>Status</th><th class="num">Steps</th><th class="num">Time</th></tr></thead>
<tbody>
{{#scenarios}}<tr class="row {{outcome_class}}{{tag_classes}}"><td><a href="#{{anchor}}">{{name}}</a></td><td>{{file}}</td><td><span class="badge {{outcome_class}}">{{outcome}}</span></td><td class="num">{{steps_done}}/{{step_count}}</td><td class="num">{{duration}}</td></tr>
{{/scenarios}}</tbody>
</table>
</div>
{{#scenarios}}
<details class="row scenario {{outcome_class}}{{tag_classes}}" id="{{anchor}}"{{#open}} open{{/open}}>
<summary>
<div class="title-row"><h2>{{name}}</h2><span class="badge {{outcome_class}}">{{outcome}}</span></div>
<div class="facts">{{file}} · {{duration}}{{#has_manual}} · manual {{manual}}{{/has_manual}}{{#has_tags}} · tags: {{tags}}{{/has_tags}}{{#retried}} · {{attempts}} attempts{{/retried}}</div>
</summary>
{{#has_reason}}<div class="reason">{{#has_failed_step}}<a href="#{{failed_step_anchor}}">{{reason}}</a>{{/has_failed_step}}{{^has_failed_step}}{{reason}}{{/has_failed_step}}</div>{{/has_reason}}
{{#is_flaky}}<div class="reason flaky">Failed at first, passed on retry (attempt {{attempts}}).</div>{{/is_flaky}}
{{#is_skipped}}<div class="reason notrun">Skipped: {{skip_reason}}</div>{{/is_skipped}}
{{#is_not_run}}<div class="reason notrun">Not run{{#interrupted}}: the run was interrupted before this scenario finished{{/interrupted}}.</div>{{/is_not_run}}
{{#has_steps}}
{{#has_chart}}<div class="chart-box">
<h3>Time per step</h3>
<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="{{chart_width}}" height="{{chart_height}}" viewBox="0 0 {{chart_width}} {{chart_height}}" role="img" aria-label="Time per step of {{name}}">
<line class="axis" x1="{{chart_axis_x}}" y1="0" x2="{{chart_axis_x}}" y2="{{chart_height}}"/>
{{#bars}}<g><title>{{tooltip}}</title><text x="0" y="{{text_y}}">{{label}}</text><rect class="bar {{outcome_class}}" x="{{x}}" y="{{y}}" width="{{width}}" height="12" rx="2"/><text class="value" x="{{value_x}}" y="{{text_y}}">{{value}}</text></g>
{{/bars}}</svg>
</div>{{/has_chart}}
<div class="timeline">
<h3>Timeline</h3>
<table>
<thead><tr><th class="num">#</th><th>Manual</th><th>Step</th><th>Status</th><th class="num">Time</th><th>Expected screen</th><th>Observed screen</th><th>Saved screen</th></tr></thead>
<tbody>
{{#steps}}<tr class="{{outcome_class}}" id="{{anchor}}"><td class="num">{{index}}</td><td>{{manual}}</td><td class="step">{{description}}<span class="action">{{action}}</span></td><td><span class="badge {{outcome_class}}">{{outcome}}</span></td><td class="num">{{duration}}</td><td class="expected">{{expected}}</td><td class="observed">{{observed}}</td><td>{{#has_screenshot}}<a href="{{screenshot_href}}" target="_blank"><img class="shot" src="{{screenshot_href}}" alt="screenshot of step {{index}}" loading="lazy"></a><br>{{/has_screenshot}}{{#has_screen}}<a href="{{screen_href}}">{{screen_file}}</a>{{/has_screen}}{{#has_console}}<pre class="console">{{console}}</pre>{{/has_console}}{{#qr_masked}}<span class="note">QR code masked (run without --show-secrets)</span>{{/qr_masked}}</td></tr>
{{#show_detail}}<tr class="detail"><td colspan="8">
<div class="failure">{{failure}}</div>
{{#has_diff}}<div class="sides">
<div class="side expected"><h4>Expected</h4><div class="text">{{#expected_diff}}{{#changed}}<del>{{text}}</del>{{/changed}}{{^changed}}{{text}}{{/changed}} {{/expected_diff}}</div></div>
<div class="side observed"><h4>Observed ({{observed_source}})</h4><div class="text">{{#observed_diff}}{{#changed}}<ins>{{text}}</ins>{{/changed}}{{^changed}}{{text}}{{/changed}} {{/observed_diff}}</div></div>
</div>{{/has_diff}}
</td></tr>{{/show_detail}}
{{/steps}}</tbody>
</table>
</div>
{{/has_steps}}
{{#has_compact_steps}}<ol class="compact">{{#steps}}<li>{{description}}<span class="t">{{#has_manual}}{{manual}} · {{/has_manual}}{{duration}}</span>{{#has_screenshot}} <a href="{{screenshot_href}}">screenshot</a>{{/has_screenshot}}{{#has_screen}} <a href="{{screen_href}}">screen</a>{{/has_screen}}{{#qr_masked}} <span class="note">QR code masked (run without --show-secrets)</span>{{/qr_masked}}</li>{{/steps}}</ol>{{/has_compact_steps}}
</details>
{{/scenarios}}
</div>
<footer>Written by proofup. Saved screens are linked relative to this folder and open offline.</footer>
</main>
</body>
</html>
)HTML";

}  // namespace proofup::report_internal
