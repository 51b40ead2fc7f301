/// The dashboard's Mustache templates, compiled into the binary so `spark` stays one file.
///
/// Server-rendered, no JavaScript and no external assets: every page works with scripts off. `{{x}}`
/// escapes HTML; only the page body the server itself rendered goes in unescaped (`{{{body}}}`).
enum WebTemplates {
    static let layout = """
    <!doctype html>
    <html lang="en"><head><meta charset="utf-8"><title>{{title}} · Spark</title>
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <style>
    body{font:14px/1.4 system-ui,-apple-system,"DejaVu Sans",sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
    header{background:#1d2330;color:#fff;padding:10px 20px;display:flex;gap:18px;align-items:center}
    header a{color:#cfd6e4;text-decoration:none}header a.on{color:#fff;font-weight:600}
    header .brand{font-weight:700;color:#fff;margin-right:12px}
    main{padding:16px 20px;max-width:1280px}
    h1{font-size:20px;margin:4px 0 12px}h2{font-size:16px;margin:20px 0 8px}
    table{border-collapse:collapse;background:#fff;width:100%;margin-bottom:8px}
    th,td{border-bottom:1px solid #e3e6eb;padding:5px 8px;text-align:left;vertical-align:top}
    th{background:#eef0f4;font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums}
    .badge{display:inline-block;padding:1px 7px;border-radius:9px;font-size:12px;font-weight:600}
    .ok{background:#d8f3dc;color:#1b5e20}.warn{background:#fff3cd;color:#7a5900}.bad{background:#fde2e1;color:#9b1c1c}.muted{color:#6b7280}
    .banner{padding:10px 14px;border-radius:6px;margin-bottom:12px;font-weight:600}
    .cards{display:flex;gap:12px;flex-wrap:wrap;margin-bottom:10px}.card{background:#fff;border:1px solid #e3e6eb;border-radius:6px;padding:10px 14px;min-width:150px}
    .card .v{font-size:20px;font-weight:700}img.chart{max-width:100%;border:1px solid #e3e6eb;background:#fff}
    code{font-size:12px}
    </style></head>
    <body><header><span class="brand">Spark</span>
    {{#nav}}<a href="{{href}}"{{#on}} class="on"{{/on}}>{{label}}</a>{{/nav}}
    <span class="muted" style="margin-left:auto">{{project}} · read-only · {{now}}</span></header>
    <main>{{{body}}}</main></body></html>
    """

    static let overview = """
    <h1>Overview</h1>
    {{#kill}}<div class="banner bad" id="kill">Kill switch ON at level {{level}}: {{reason}}</div>{{/kill}}
    {{^kill}}<div class="banner ok" id="kill">Kill switch off</div>{{/kill}}
    <div class="cards">
    <div class="card"><div class="muted">Sessions running</div><div class="v" id="running">{{running}}</div></div>
    <div class="card"><div class="muted">Open orders</div><div class="v">{{openOrders}}</div></div>
    <div class="card"><div class="muted">PnL (all sessions)</div><div class="v">{{pnl}}</div></div>
    <div class="card"><div class="muted">Breakers latched</div><div class="v">{{latched}}</div></div>
    </div>
    <h2>Readiness</h2>
    {{#hasReasons}}<ul id="reasons">{{#reasons}}<li>{{.}}</li>{{/reasons}}</ul>{{/hasReasons}}
    {{^hasReasons}}<p id="reasons"><span class="badge ok">ready</span> nothing blocks trading</p>{{/hasReasons}}
    {{> sessions}}
    """

    static let sessions = """
    <h2>Sessions</h2>
    <table id="sessions"><tr><th>Session</th><th>Mode</th><th>Strategy</th><th>Symbol</th><th>State</th><th>Bars</th><th>Position</th><th>Equity</th><th>PnL</th><th>Open orders</th><th>Breakers</th><th>Restarts</th></tr>
    {{#sessions}}<tr><td><a href="/sessions/{{id}}">{{id}}</a></td><td>{{mode}}</td><td>{{strategy}}</td><td>{{symbol}}</td>
    <td><span class="badge {{stateClass}}">{{state}}</span></td><td class="num">{{bars}}</td><td class="num">{{position}}</td>
    <td class="num">{{equity}}</td><td class="num">{{pnl}}</td><td class="num">{{openOrders}}</td><td>{{breakers}}</td><td class="num">{{restarts}}</td></tr>{{/sessions}}
    {{^sessions}}<tr><td colspan="12" class="muted">No sessions. Start one with spark sessions start --server URL (docs/serve.md).</td></tr>{{/sessions}}
    </table>
    """

    static let session = """
    <h1>Session {{id}} <span class="badge {{stateClass}}">{{state}}</span></h1>
    <p>{{mode}} · {{strategy}} on {{symbol}} · started by {{startedBy}} · pid {{pid}} · restarts {{restarts}}{{#reason}} · {{reason}}{{/reason}}</p>
    <div class="cards">
    <div class="card"><div class="muted">Bars</div><div class="v">{{bars}}</div></div>
    <div class="card"><div class="muted">Position</div><div class="v">{{position}}</div></div>
    <div class="card"><div class="muted">Equity</div><div class="v">{{equity}}</div></div>
    <div class="card"><div class="muted">PnL</div><div class="v" id="pnl">{{pnl}}</div></div>
    <div class="card"><div class="muted">Kill level</div><div class="v">{{killLevel}}</div></div>
    </div>
    {{#failure}}<div class="banner bad">Strategy halted: {{failure}}</div>{{/failure}}
    <h2>Equity</h2><img class="chart" src="/sessions/{{id}}/equity.png" alt="equity of session {{id}}" width="900" height="420">
    <h2>Open orders</h2><table><tr><th>State</th><th>Orders</th></tr>{{#orders}}<tr><td>{{state}}</td><td class="num">{{count}}</td></tr>{{/orders}}
    {{^orders}}<tr><td colspan="2" class="muted">none</td></tr>{{/orders}}</table>
    <h2>Breakers</h2><p>{{#breakers}}<span class="badge bad">{{.}}</span> {{/breakers}}{{^breakers}}<span class="badge ok">none latched</span>{{/breakers}}</p>
    <h2>Recent decisions</h2><table id="decisions"><tr><th>Decision, with its reason</th></tr>
    {{#recent}}<tr><td>{{.}}</td></tr>{{/recent}}{{^recent}}<tr><td class="muted">none yet</td></tr>{{/recent}}</table>
    <h2>Journals</h2><ul>{{#journals}}<li><code>{{.}}</code></li>{{/journals}}</ul>
    """

    static let approvals = """
    <h1>Approvals</h1>
    <table id="approvals"><tr><th>Proposal</th><th>State</th><th>What</th><th>Environment</th><th>Change</th><th>Proposed by</th><th>Signed</th><th>Missing</th><th>Expires</th></tr>
    {{#proposals}}<tr><td>{{id}}</td><td><span class="badge {{stateClass}}">{{state}}</span></td><td>{{what}}</td><td>{{environment}}</td><td><code>{{change}}</code></td>
    <td>{{proposer}}</td><td>{{signed}}</td><td>{{missing}}</td><td>{{expires}}</td></tr>{{/proposals}}
    {{^proposals}}<tr><td colspan="9" class="muted">No proposals in approvals/.</td></tr>{{/proposals}}</table>
    {{#problem}}<p class="banner bad">{{problem}}</p>{{/problem}}
    """

    static let risk = """
    <h1>Breakers and kill switch</h1>
    {{#kill}}<div class="banner bad">Kill switch ON at level {{level}}: {{reason}}</div>{{/kill}}{{^kill}}<div class="banner ok">Kill switch off</div>{{/kill}}
    <table id="breakers"><tr><th>Strategy</th><th>Breaker</th><th>Mode</th><th>Pending resets</th></tr>
    {{#breakers}}<tr><td>{{strategy}}</td><td>{{breaker}}</td><td><span class="badge {{modeClass}}">{{mode}}</span></td><td>{{pending}}</td></tr>{{/breakers}}
    {{^breakers}}<tr><td colspan="4" class="muted">No breaker state saved yet.</td></tr>{{/breakers}}</table>
    <h2>Recent decisions in the store</h2>
    <table id="store-decisions"><tr><th>Time (UTC)</th><th>Mode</th><th>Strategy</th><th>Symbol</th><th>Verdict</th><th>Rule</th><th>Code</th></tr>
    {{#decisions}}<tr><td>{{time}}</td><td>{{mode}}</td><td>{{strategy}}</td><td>{{symbol}}</td><td><span class="badge {{verdictClass}}">{{verdict}}</span></td><td>{{rule}}</td><td>{{code}}</td></tr>{{/decisions}}
    {{^decisions}}<tr><td colspan="7" class="muted">No decisions in the store.</td></tr>{{/decisions}}</table>
    """

    static let data = """
    <h1>Market data</h1>
    <table id="series"><tr><th>Symbol</th><th>Interval</th><th>Bars</th><th>First (UTC)</th><th>Last (UTC)</th><th>Age</th><th>Quality</th></tr>
    {{#series}}<tr><td>{{symbol}}</td><td>{{interval}}</td><td class="num">{{rows}}</td><td>{{first}}</td><td>{{last}}</td>
    <td><span class="badge {{ageClass}}">{{age}}</span></td><td><span class="badge {{qualityClass}}">{{quality}}</span></td></tr>{{/series}}
    {{^series}}<tr><td colspan="7" class="muted">No bars in {{store}}.</td></tr>{{/series}}</table>
    <p class="muted">Store: <code>{{store}}</code></p>
    """

    static let jobs = """
    <h1>Backtest jobs</h1>
    <table id="jobs"><tr><th>Job</th><th>Kind</th><th>State</th><th>Submitted by</th><th>Submitted (UTC)</th><th>Took</th><th>Report</th></tr>
    {{#jobs}}<tr><td>{{id}}</td><td>{{kind}}</td><td><span class="badge {{stateClass}}">{{state}}</span></td><td>{{by}}</td><td>{{submitted}}</td><td>{{took}}</td>
    <td>{{#report}}<a href="/jobs/{{id}}/report.html">report</a>{{/report}}{{^report}}<span class="muted">{{message}}</span>{{/report}}</td></tr>{{/jobs}}
    {{^jobs}}<tr><td colspan="7" class="muted">No jobs. Submit one with spark jobs submit --server URL.</td></tr>{{/jobs}}</table>
    """
}
