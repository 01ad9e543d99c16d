import type { Driver, Matrix, Scenario, Step, Timeline } from './types';

/**
 * HTML for the preview, shared by the CLI's report and the VS Code webview so
 * that escaping is written (and tested) once. Everything that comes from a
 * profile — display names, key paths, file names, messages — goes through
 * `escapeHtml`; no function here emits a script or loads anything remote.
 * Imports types only, so the client can bundle it without the core.
 */

export function escapeHtml(value: string): string {
  // Control characters too (as references, which render the same): a file name with a newline cannot start a line
  // of the HTML, so the report printed to a CI log cannot carry a workflow command.
  // eslint-disable-next-line no-control-regex -- control characters are written as references on purpose
  return value.replace(/[&<>"'`\u0000-\u001F\u007F-\u009F\u2028\u2029]/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STATUS_LABEL: Record<Step['status'], string> = { ok: 'OK', warning: 'Warning', fails: 'Fails', skipped: 'Skipped' };
const STATUS_ICON: Record<Step['status'], string> = { ok: '✓', warning: '!', fails: '✗', skipped: '–' };

/** Only http(s) links are ever written out, so a hostile value cannot become javascript:. */
function safeHref(url: string): string | undefined {
  return /^https?:\/\/[^\s"'<>]+$/i.test(url) ? url : undefined;
}

function baseName(id: string): string {
  return id.replace(/^.*[\\/]/, '');
}

function driverLabel(d: Driver): string {
  const where = d.range ? `${baseName(d.documentId)}:${d.range.start.line + 1}:${d.range.start.character + 1}` : baseName(d.documentId);
  return d.keyPath ? `${where} · ${d.keyPath}` : where;
}

export interface FragmentOptions {
  /** Webview: drivers become links the script turns into "reveal" messages. */
  links?: boolean;
}

function renderDriver(d: Driver, options: FragmentOptions): string {
  const label = escapeHtml(driverLabel(d));
  const cls = d.cause ? 'driver cause' : 'driver';
  if (!options.links) return `<li><code class="${cls}">${label}</code></li>`;
  const range = d.range
    ? ` data-line="${d.range.start.line}" data-character="${d.range.start.character}" data-end-line="${d.range.end.line}" data-end-character="${d.range.end.character}"`
    : '';
  return `<li><a href="#" class="${cls}" data-doc="${escapeHtml(d.documentId)}" data-start="${d.span.start}" data-end="${d.span.end}"${range} title="${escapeHtml(`Show ${d.keyPath ?? 'this payload'} in ${d.documentId}`)}">${label}</a></li>`;
}

function renderStep(step: Step, options: FragmentOptions): string {
  const parts = [
    `<li class="step status-${step.status}" data-step-id="${escapeHtml(step.id)}" data-status="${step.status}">`,
    `<div class="step-head"><span class="badge" aria-label="${STATUS_LABEL[step.status]}">${STATUS_ICON[step.status]} ${STATUS_LABEL[step.status]}</span> <span class="step-title">${escapeHtml(step.title)}</span></div>`,
    `<p class="explanation">${escapeHtml(step.explanation)}</p>`,
  ];
  if (step.drivers.length) parts.push(`<ul class="drivers">${step.drivers.map((d) => renderDriver(d, options)).join('')}</ul>`);
  const meta: string[] = [];
  if (step.relatedCodes.length) meta.push(`<span class="codes">${step.relatedCodes.map((c) => `<code>${escapeHtml(c)}</code>`).join(' ')}</span>`);
  const href = safeHref(step.source);
  if (href) meta.push(`<a class="source" href="${escapeHtml(href)}">source</a>`);
  if (meta.length) parts.push(`<p class="meta">${meta.join(' · ')}</p>`);
  if (step.details.length) {
    parts.push(
      `<details><summary>Checker messages (${step.details.length})</summary><ul class="details">${step.details.map((m) => `<li>${escapeHtml(m)}</li>`).join('')}</ul></details>`,
    );
  }
  parts.push('</li>');
  return parts.join('');
}

export function describeScenario(s: Scenario): string {
  const delivery = s.delivery === 'manual' ? 'installed by hand' : s.delivery === 'mdm-user' ? 'MDM, user channel' : 'MDM, device channel';
  const facts = [
    s.device.appleSilicon ? 'Apple silicon' : 'Intel',
    s.device.touchIdEnrolled ? 'Touch ID set up' : 'no Touch ID',
    s.device.oktaAccountAlreadyRegistered ? 'another Okta account already registered' : undefined,
    s.device.userIsMdmManaged ? undefined : 'user not MDM-managed',
    s.org.fastPassRequiresBiometrics ? 'FastPass requires biometrics' : undefined,
    s.org.userAssignedToDpsApp ? undefined : 'user not assigned to the DPS app',
    s.org.userHasOktaPassword ? undefined : 'user has no Okta password',
  ].filter(Boolean);
  return `macOS ${s.macOS} · ${delivery} · ${facts.join(', ')}`;
}

/** The timeline as an HTML fragment (outcome, then the steps). */
export function renderTimelineFragment(timeline: Timeline, options: FragmentOptions = {}): string {
  return [
    `<section class="timeline" data-macos="${escapeHtml(timeline.macOS)}" data-outcome="${timeline.outcomeStatus}">`,
    `<p class="scenario">${escapeHtml(describeScenario(timeline.scenario))} · Platform SSO ${escapeHtml(timeline.psso)}</p>`,
    `<p class="outcome outcome-${timeline.outcomeStatus}"><strong>Outcome:</strong> ${escapeHtml(timeline.outcome)}</p>`,
    `<ol class="steps">${timeline.steps.map((s) => renderStep(s, options)).join('')}</ol>`,
    '</section>',
  ].join('\n');
}

/** The 13/14/15/26 comparison as a table; rows that differ are marked, with their causes. */
export function renderMatrixFragment(matrix: Matrix): string {
  const head = `<tr><th scope="col">Step</th>${matrix.versions.map((v) => `<th scope="col">macOS ${escapeHtml(v)}</th>`).join('')}<th scope="col">Why it differs</th></tr>`;
  const outcomes = `<tr class="outcomes"><th scope="row">Outcome</th>${matrix.timelines.map((t) => `<td class="cell status-${t.outcomeStatus === 'ok' ? 'ok' : t.outcomeStatus}">${escapeHtml(t.outcome)}</td>`).join('')}<td>${matrix.outcomesDiffer ? 'The outcome differs between versions.' : ''}</td></tr>`;
  const rows = matrix.rows.map((r) => {
    const cells = r.statuses.map((s) => (s ? `<td class="cell status-${s}">${STATUS_ICON[s]} ${STATUS_LABEL[s]}</td>` : '<td class="cell">—</td>')).join('');
    const causes = r.causes.length ? `<ul class="causes">${r.causes.map((c) => `<li>${escapeHtml(c)}</li>`).join('')}</ul>` : '';
    return `<tr class="${r.differs ? 'differs' : 'same'}" data-step-id="${escapeHtml(r.id)}"><th scope="row">${escapeHtml(r.title)}</th>${cells}<td>${causes}</td></tr>`;
  });
  return `<section class="matrix"><table><thead>${head}</thead><tbody>${outcomes}${rows.join('')}</tbody></table></section>`;
}

/** Colours from VS Code's theme when in a webview, plain light colours elsewhere. */
export const PREVIEW_CSS = `
:root { color-scheme: light dark; }
body { font-family: var(--vscode-font-family, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif); font-size: var(--vscode-font-size, 14px);
  color: var(--vscode-foreground, #1f2328); background: var(--vscode-editor-background, #ffffff); margin: 0; padding: 16px 20px; line-height: 1.45; }
h1 { font-size: 1.35em; margin: 0 0 4px; } h2 { font-size: 1.1em; margin: 20px 0 6px; }
.files, .scenario { color: var(--vscode-descriptionForeground, #59636e); margin: 2px 0; }
.outcome { padding: 8px 12px; border-radius: 6px; border-left: 4px solid #8c959f; background: rgba(127,127,127,0.08); }
.outcome-ok { border-left-color: #1a7f37; } .outcome-warning { border-left-color: #9a6700; } .outcome-fails { border-left-color: #cf222e; }
ol.steps { list-style: none; padding: 0; margin: 12px 0; }
.step { border: 1px solid rgba(127,127,127,0.25); border-left-width: 4px; border-radius: 6px; padding: 8px 12px; margin: 8px 0; }
.step.status-ok { border-left-color: #1a7f37; } .step.status-warning { border-left-color: #9a6700; }
.step.status-fails { border-left-color: #cf222e; } .step.status-skipped { border-left-color: #8c959f; opacity: 0.8; }
.step-head { font-weight: 600; }
.badge { display: inline-block; min-width: 5.5em; font-size: 0.85em; padding: 1px 6px; border-radius: 10px; margin-right: 6px; text-align: center; color: #fff; background: #8c959f; }
.status-ok .badge { background: #1a7f37; } .status-warning .badge { background: #9a6700; } .status-fails .badge { background: #cf222e; }
.explanation { margin: 6px 0; }
ul.drivers { list-style: none; padding: 0; margin: 4px 0; display: flex; flex-wrap: wrap; gap: 4px 12px; font-size: 0.9em; }
.driver { font-family: var(--vscode-editor-font-family, ui-monospace, Menlo, Consolas, monospace); }
.driver.cause { font-weight: 600; }
a { color: var(--vscode-textLink-foreground, #0969da); }
.meta { font-size: 0.85em; color: var(--vscode-descriptionForeground, #59636e); margin: 4px 0; }
details { font-size: 0.85em; } .details li { margin: 2px 0; }
table { border-collapse: collapse; width: 100%; font-size: 0.9em; }
th, td { border: 1px solid rgba(127,127,127,0.3); padding: 4px 6px; text-align: left; vertical-align: top; }
td.cell.status-ok { color: #1a7f37; } td.cell.status-warning { color: #9a6700; } td.cell.status-fails { color: #cf222e; font-weight: 600; } td.cell.status-skipped { color: #8c959f; }
tr.differs th { background: rgba(207,34,46,0.08); } .causes { margin: 0; padding-left: 16px; }
form.scenario-form { display: flex; flex-wrap: wrap; gap: 6px 16px; align-items: center; padding: 8px 0; border-bottom: 1px solid rgba(127,127,127,0.25); }
form.scenario-form fieldset { border: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: 4px 12px; }
select { font: inherit; }
.empty { color: var(--vscode-descriptionForeground, #59636e); }
`;

export interface ReportInput {
  /** Files of the deployment, as given on the command line. */
  files: string[];
  timeline?: Timeline;
  matrix?: Matrix;
}

/**
 * One self-contained HTML file: inline CSS, no script, nothing remote (its own
 * Content-Security-Policy forbids both).
 */
export function renderReportHtml(input: ReportInput): string {
  const body: string[] = [];
  body.push('<h1>Deployment preview</h1>');
  body.push(`<p class="files">${input.files.map((f) => `<code>${escapeHtml(f)}</code>`).join(' ')}</p>`);
  if (input.matrix) {
    body.push('<h2>macOS versions side by side</h2>', renderMatrixFragment(input.matrix));
    for (const t of input.matrix.timelines) body.push(`<h2>macOS ${escapeHtml(t.macOS)}</h2>`, renderTimelineFragment(t));
  } else if (input.timeline) {
    body.push(renderTimelineFragment(input.timeline));
  }
  return renderHtmlDocument('DPS deployment preview', body.join('\n'));
}

/** A self-contained HTML document around an (escaped) body: inline CSS, no script, nothing remote. */
export function renderHtmlDocument(
  title: string,
  body: string,
  page: { csp: string; styleNonce?: string } = { csp: "default-src 'none'; style-src 'unsafe-inline'" },
): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${page.csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style${page.styleNonce ? ` nonce="${page.styleNonce}"` : ''}>${PREVIEW_CSS}</style>`,
    '</head>',
    `<body>\n${body}\n</body>`,
    '</html>',
    '',
  ].join('\n');
}

export const PREVIEW_MACOS_CHOICES = ['13.0', '13.5', '14.0', '14.5', '15.0', '15.4', '26.0'] as const;

export interface WebviewShellInput {
  nonce: string;
  /** The webview's own origin (webview.cspSource). */
  cspSource: string;
  scenario: Scenario;
  /** What the preview follows ("okta.mobileconfig"), or undefined when no profile is open. */
  subject?: string;
  /** Initial content: a timeline fragment, or a message. */
  content: string;
}

/**
 * The webview document: a strict CSP (nothing but the nonce'd script and
 * style), the scenario form, and the timeline. The script only posts messages
 * (scenario changes, reveal a key) and swaps in new timeline fragments.
 */
export function renderWebviewHtml(input: WebviewShellInput): string {
  const nonce = escapeHtml(input.nonce);
  const csp = `default-src 'none'; style-src ${escapeHtml(input.cspSource)} 'nonce-${nonce}'; script-src 'nonce-${nonce}'; img-src ${escapeHtml(input.cspSource)} data:; font-src ${escapeHtml(input.cspSource)};`;
  const s = input.scenario;
  const versions = PREVIEW_MACOS_CHOICES.includes(s.macOS as (typeof PREVIEW_MACOS_CHOICES)[number])
    ? [...PREVIEW_MACOS_CHOICES]
    : [...PREVIEW_MACOS_CHOICES, s.macOS];
  const option = (value: string, label: string, selected: boolean) =>
    `<option value="${escapeHtml(value)}"${selected ? ' selected' : ''}>${escapeHtml(label)}</option>`;
  const check = (name: string, label: string, checked: boolean) =>
    `<label><input type="checkbox" name="${name}"${checked ? ' checked' : ''}> ${escapeHtml(label)}</label>`;
  const form = [
    '<form class="scenario-form" id="scenario">',
    `<label>macOS <select name="macOS">${versions.map((v) => option(v, v, v === s.macOS)).join('')}</select></label>`,
    `<label>Delivery <select name="delivery">${option('mdm-device', 'MDM, device channel', s.delivery === 'mdm-device')}${option('mdm-user', 'MDM, user channel', s.delivery === 'mdm-user')}${option('manual', 'Installed by hand', s.delivery === 'manual')}</select></label>`,
    '<fieldset><legend hidden>Device</legend>',
    check('device.appleSilicon', 'Apple silicon', s.device.appleSilicon),
    check('device.touchIdEnrolled', 'Touch ID set up', s.device.touchIdEnrolled),
    check('device.oktaAccountAlreadyRegistered', 'Another Okta account registered', s.device.oktaAccountAlreadyRegistered),
    check('device.userIsMdmManaged', 'User is MDM-managed', s.device.userIsMdmManaged),
    '</fieldset><fieldset><legend hidden>Org</legend>',
    check('org.fastPassRequiresBiometrics', 'FastPass requires biometrics', s.org.fastPassRequiresBiometrics),
    check('org.userAssignedToDpsApp', 'User assigned to the DPS app', s.org.userAssignedToDpsApp),
    check('org.userHasOktaPassword', 'User has an Okta password', s.org.userHasOktaPassword),
    '</fieldset>',
    '</form>',
  ].join('');
  const body = [
    `<h1>Deployment preview</h1><p class="files" id="subject">${input.subject ? escapeHtml(input.subject) : 'No profile'}</p>`,
    form,
    `<div id="timeline">${input.content}</div>`,
    `<script nonce="${nonce}">${WEBVIEW_SCRIPT}</script>`,
  ].join('\n');
  return renderHtmlDocument('Deployment preview', body, { csp, styleNonce: nonce });
}

export function renderMessage(text: string): string {
  return `<p class="empty">${escapeHtml(text)}</p>`;
}

/** Runs in the webview. Plain ES2017, no imports; it never builds markup from profile data itself. */
const WEBVIEW_SCRIPT = `
(function () {
  var vscode = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : { postMessage: function () {}, setState: function () {} };
  var form = document.getElementById('scenario');
  var timeline = document.getElementById('timeline');
  var subject = document.getElementById('subject');
  function readScenario() {
    var s = { macOS: form.elements.macOS.value, delivery: form.elements.delivery.value, device: {}, org: {} };
    var boxes = form.querySelectorAll('input[type=checkbox]');
    for (var i = 0; i < boxes.length; i++) {
      var parts = boxes[i].name.split('.');
      s[parts[0]][parts[1]] = boxes[i].checked;
    }
    return s;
  }
  function writeScenario(s) {
    if (!s) return;
    var select = form.elements.macOS;
    var found = false;
    for (var i = 0; i < select.options.length; i++) if (select.options[i].value === s.macOS) found = true;
    if (!found) { var o = document.createElement('option'); o.value = s.macOS; o.textContent = s.macOS; select.appendChild(o); }
    select.value = s.macOS;
    form.elements.delivery.value = s.delivery;
    var boxes = form.querySelectorAll('input[type=checkbox]');
    for (var j = 0; j < boxes.length; j++) {
      var p = boxes[j].name.split('.');
      boxes[j].checked = !!(s[p[0]] && s[p[0]][p[1]]);
    }
  }
  form.addEventListener('change', function () {
    var s = readScenario();
    vscode.setState({ scenario: s });
    vscode.postMessage({ type: 'scenario', scenario: s });
  });
  form.addEventListener('submit', function (e) { e.preventDefault(); });
  timeline.addEventListener('click', function (e) {
    var a = e.target && e.target.closest ? e.target.closest('a.driver') : null;
    if (!a) return;
    e.preventDefault();
    // VS Code's webview host scrolls to the top on any href="#" click that reaches the window.
    e.stopPropagation();
    var msg = { type: 'reveal', documentId: a.getAttribute('data-doc'), start: Number(a.getAttribute('data-start')), end: Number(a.getAttribute('data-end')) };
    if (a.hasAttribute('data-line')) {
      msg.range = { start: { line: Number(a.getAttribute('data-line')), character: Number(a.getAttribute('data-character')) },
        end: { line: Number(a.getAttribute('data-end-line')), character: Number(a.getAttribute('data-end-character')) } };
    }
    vscode.postMessage(msg);
  });
  window.addEventListener('message', function (event) {
    var m = event.data;
    if (!m || m.type !== 'update') return;
    // The extension renders this HTML with every profile value escaped (server/src/core/simulate/html.ts).
    timeline.innerHTML = m.html;
    if (typeof m.subject === 'string') subject.textContent = m.subject;
    writeScenario(m.scenario);
  });
  vscode.postMessage({ type: 'ready' });
})();
`;
