import { escapeHtml, renderHtmlDocument } from '../simulate/html';
import { cellOf, changedDeployments, cellText, headline, keyText, STATES } from './format';
import { CHANGE_TITLES, IMPACT_KINDS, IMPACT_ORDER, STATE_TITLES, STEP_STATUS_TITLES } from './labels';
import type { DeploymentPlan, FleetCell, Plan } from './types';

/**
 * The plan as HTML: a fragment for the VS Code preview's "Changes since HEAD"
 * view and a self-contained report for the CLI. Every value from a profile
 * goes through the preview's one escaper; only http(s) links are written.
 * Imports types, labels and the preview's escaper only (the client bundles it).
 */

function safeHref(url: string): string | undefined {
  return /^https?:\/\/[^\s"'<>]+$/i.test(url) ? url : undefined;
}

function source(url: string): string {
  const href = safeHref(url);
  return href ? ` <a class="source" href="${escapeHtml(href)}">source</a>` : '';
}

function cellClass(cell: FleetCell | undefined): string {
  if (!cell || !cell.applicable) return 'cell status-skipped';
  if (!cell.impacts.length) return 'cell status-ok';
  return cell.impacts.some((i) => IMPACT_KINDS[i.kind].affectsUsers) ? 'cell status-fails' : 'cell status-warning';
}

function keys(list: readonly { file: string; keyPath?: string }[]): string {
  return list.length ? `<ul class="drivers">${list.map((k) => `<li><code class="driver">${escapeHtml(keyText(k))}</code></li>`).join('')}</ul>` : '';
}

function renderDeployment(plan: Plan, d: DeploymentPlan): string {
  const parts: string[] = [`<section class="plan-deployment" data-group="${escapeHtml(d.group)}">`];
  if (plan.deployments.length > 1) parts.push(`<h2>Deployment <code>${escapeHtml(d.group)}</code></h2>`);
  parts.push('<table class="plan-fleet"><thead><tr><th scope="col">Macs in the field</th>');
  for (const s of STATES) parts.push(`<th scope="col">${escapeHtml(STATE_TITLES[s])}</th>`);
  parts.push('</tr></thead><tbody>');
  for (const v of plan.versions) {
    parts.push(`<tr><th scope="row">macOS ${escapeHtml(v)}</th>`);
    for (const s of STATES) {
      const cell = cellOf(d, v, s);
      parts.push(`<td class="${cellClass(cell)}" data-macos="${escapeHtml(v)}" data-state="${s}">${escapeHtml(cellText(cell))}</td>`);
    }
    parts.push('</tr>');
  }
  parts.push('</tbody></table>');

  const cells = d.fleet.filter((c) => c.applicable && c.impacts.length);
  if (cells.length) {
    // Cards styled like the timeline's steps, but divs: `li.step` stays the timeline's own.
    parts.push('<h3>What the Macs see</h3><div class="plan-impacts">');
    for (const c of cells) {
      for (const i of c.impacts) {
        const status = IMPACT_KINDS[i.kind].affectsUsers ? 'fails' : 'warning';
        parts.push(
          `<div class="step status-${status}" data-impact="${i.kind}"><div class="step-head"><span class="step-title">macOS ${escapeHtml(c.macOS)} · ${escapeHtml(STATE_TITLES[c.state])}: ${escapeHtml(IMPACT_KINDS[i.kind].title)}</span></div><p class="explanation">${escapeHtml(i.says)}</p>${keys(i.keys)}<p class="meta">${source(i.source).trim()}</p></div>`,
        );
      }
    }
    parts.push('</div>');
  }

  parts.push('<h3>Profiles and payloads</h3><ul class="plan-profiles">');
  for (const p of d.profiles) {
    const file = p.fileAfter ?? p.fileBefore ?? '';
    parts.push(
      `<li data-change="${p.kind}"><strong>${escapeHtml(CHANGE_TITLES[p.kind])}</strong> <code>${escapeHtml(p.identifier ?? file)}</code> <span class="files">${escapeHtml(file)}</span><p class="explanation">${escapeHtml(p.why)}${source(p.source)}</p>`,
    );
    const payloads = p.payloads.filter((x) => x.kind !== 'unchanged');
    if (p.kind !== 'unchanged' && payloads.length) {
      parts.push('<ul>');
      for (const x of payloads) {
        const changed = x.keys.length
          ? ` <span class="files">${x.keys
              .slice(0, 8)
              .map((k) => `<code>${escapeHtml(k.keyPath)}</code>`)
              .join(' ')}${x.keys.length > 8 ? ' …' : ''}</span>`
          : '';
        parts.push(
          `<li data-change="${x.kind}">${escapeHtml(CHANGE_TITLES[x.kind])} <code>${escapeHtml(`${x.type ?? '?'} ${x.identifier ?? ''}`.trim())}</code>${changed}</li>`,
        );
      }
      parts.push('</ul>');
    }
    parts.push('</li>');
  }
  parts.push('</ul>');

  if (d.brokenReferences.length) {
    parts.push('<h3>Broken references</h3><ul>');
    for (const r of d.brokenReferences) parts.push(`<li><code>${escapeHtml(`${r.file} ${r.keyPath}`)}</code>: ${escapeHtml(r.says)}</li>`);
    parts.push('</ul>');
  }
  for (const m of d.migrations) {
    parts.push(
      `<h3>Migration: ${escapeHtml(m.title)} <span class="badge-text">${escapeHtml(m.status)}</span></h3><p class="meta">${source(m.source).trim()}</p><div class="plan-migration">`,
    );
    for (const s of m.steps) {
      const status = s.status === 'missing' ? 'fails' : s.status === 'warning' ? 'warning' : s.status === 'not-checked' ? 'skipped' : 'ok';
      parts.push(
        `<div class="step status-${status}" data-migration-step="${s.n}"><div class="step-head"><span class="step-title">${s.n}. ${escapeHtml(s.title)} — ${escapeHtml(STEP_STATUS_TITLES[s.status])}</span></div><p class="explanation">${escapeHtml(s.says)}</p>${keys(s.keys)}</div>`,
      );
    }
    parts.push('</div>');
  }
  if (d.problems.introduced.length || d.problems.fixed.length) {
    parts.push(`<h3>DPS problems: ${d.problems.introduced.length} introduced, ${d.problems.fixed.length} fixed</h3><ul class="details">`);
    for (const p of d.problems.introduced)
      parts.push(
        `<li data-problem="introduced"><code>${escapeHtml(p.code)}</code> ${escapeHtml(`${p.file}${p.keyPath ? ` ${p.keyPath}` : ''}: ${p.message}`)}</li>`,
      );
    for (const p of d.problems.fixed)
      parts.push(
        `<li data-problem="fixed"><s><code>${escapeHtml(p.code)}</code></s> ${escapeHtml(`${p.file}${p.keyPath ? ` ${p.keyPath}` : ''}: ${p.message}`)}</li>`,
      );
    parts.push('</ul>');
  }
  parts.push('</section>');
  return parts.join('');
}

/** The plan as an HTML fragment (headline, then each changed deployment). */
export function renderPlanFragment(plan: Plan): string {
  const affects = plan.summary.affectsUsers ? 'fails' : IMPACT_ORDER.some((k) => plan.summary.impacts[k] > 0) ? 'warning' : 'ok';
  const body = changedDeployments(plan)
    .map((d) => renderDeployment(plan, d))
    .join('\n');
  return [
    `<section class="plan" data-affects-users="${plan.summary.affectsUsers}">`,
    `<p class="scenario">${escapeHtml(`${plan.base} → ${plan.head}`)}</p>`,
    `<p class="outcome outcome-${affects}"><strong>Changes:</strong> ${escapeHtml(headline(plan))}</p>`,
    body,
    '</section>',
  ].join('\n');
}

/** One self-contained HTML file: inline CSS, no script, nothing remote. */
export function renderPlanReportHtml(plan: Plan): string {
  return renderHtmlDocument('DPS profile change plan', `<h1>What this change does to Macs in the field</h1>\n${renderPlanFragment(plan)}`);
}
