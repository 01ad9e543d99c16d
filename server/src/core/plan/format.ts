import { CHANGE_TITLES, IMPACT_KINDS, IMPACT_ORDER, STATE_TITLES, STEP_STATUS_TITLES } from './labels';
import type { DeploymentPlan, FleetCell, Impact, KeyRef, Plan, ProfileChange, RegistrationState } from './types';

/**
 * The plan as text for a terminal and as Markdown for a pull-request comment
 * (summary table first, details folded). Imports types and labels only.
 */

export const STATES: readonly RegistrationState[] = ['unregistered', 'psso1', 'psso2'];

/** Deployments worth showing: something changed, or a Mac sees something. */
export function changedDeployments(plan: Plan): DeploymentPlan[] {
  return plan.deployments.filter(
    (d) =>
      d.profiles.some((p) => p.kind !== 'unchanged') ||
      d.fleet.some((c) => c.impacts.length) ||
      d.brokenReferences.length ||
      d.problems.introduced.length ||
      d.problems.fixed.length,
  );
}

export function cellOf(d: DeploymentPlan, macOS: string, state: RegistrationState): FleetCell | undefined {
  return d.fleet.find((c) => c.macOS === macOS && c.state === state);
}

/** One cell in a few words: "re-register, new SCEP cert", "nothing", "n/a". */
export function cellText(cell: FleetCell | undefined): string {
  if (!cell || !cell.applicable) return 'n/a';
  if (!cell.impacts.length) return 'nothing';
  return IMPACT_ORDER.filter((k) => cell.impacts.some((i) => i.kind === k))
    .map((k) => IMPACT_KINDS[k].short)
    .join(', ');
}

export function keyText(k: KeyRef): string {
  return k.keyPath ? `${k.file} ${k.keyPath}` : k.file;
}

/** One line on what the plan means. */
export function headline(plan: Plan): string {
  const s = plan.summary;
  const parts = IMPACT_ORDER.filter((k) => s.impacts[k] > 0).map((k) => `${IMPACT_KINDS[k].title} (${s.impacts[k]} kind${s.impacts[k] > 1 ? 's' : ''} of Mac)`);
  const changed = s.profiles.updated + s.profiles.reinstalled + s.profiles.added + s.profiles.removed;
  if (!changed && !parts.length) return 'No profile changes: nothing happens on the Macs.';
  const lead = s.affectsUsers ? 'Affects users' : 'Does not affect users';
  return `${lead}: ${parts.length ? parts.join('; ') : 'Macs see nothing'}.`;
}

function profileLabel(p: ProfileChange): string {
  const file = p.fileAfter ?? p.fileBefore ?? '';
  const id = p.identifierBefore ? `${p.identifierBefore} → ${p.identifier ?? '(none)'}` : p.identifier;
  return id ? `${id} (${file})` : file;
}

function impactLines(impacts: readonly Impact[], indent: string): string[] {
  const out: string[] = [];
  for (const i of impacts) {
    out.push(`${indent}${IMPACT_KINDS[i.kind].title}: ${i.says}`);
    for (const k of i.keys) out.push(`${indent}  → ${keyText(k)}`);
    out.push(`${indent}  source: ${i.source}`);
  }
  return out;
}

/** Cells with the same impacts, grouped: "macOS 14.0, 15.0 · registered with PSSO 1.0". */
function groupedCells(d: DeploymentPlan): { label: string; impacts: Impact[] }[] {
  const groups: { label: string[]; state: RegistrationState; impacts: Impact[]; sig: string }[] = [];
  for (const c of d.fleet) {
    if (!c.applicable || !c.impacts.length) continue;
    const sig = `${c.state}|${c.impacts.map((i) => `${i.kind}:${i.says.replace(/macOS \d+(\.\d+)*/g, '')}`).join('|')}`;
    const g = groups.find((x) => x.sig === sig);
    if (g) g.label.push(c.macOS);
    else groups.push({ label: [c.macOS], state: c.state, impacts: c.impacts, sig });
  }
  return groups.map((g) => ({ label: `macOS ${g.label.join(', ')} · ${STATE_TITLES[g.state]}`, impacts: g.impacts }));
}

export function formatPlanText(plan: Plan): string {
  const out: string[] = [`Plan: ${plan.base} → ${plan.head}`, headline(plan), ''];
  const shown = changedDeployments(plan);
  if (!shown.length) return `${out.join('\n')}\n`;
  for (const d of shown) {
    out.push(`Deployment ${d.group}`);
    out.push('  Profiles (what macOS does on push):');
    for (const p of d.profiles) {
      out.push(`    ${CHANGE_TITLES[p.kind].padEnd(24)}${profileLabel(p)}`);
      if (p.kind !== 'unchanged' && p.kind !== 'updated') out.push(`      ${p.why}`);
      if (p.scope) out.push(`      PayloadScope ${p.scope.before ?? '(absent)'} → ${p.scope.after ?? '(absent)'}`);
      if (p.kind === 'unchanged') continue;
      for (const x of p.payloads) {
        if (x.kind === 'unchanged') continue;
        out.push(`      ${CHANGE_TITLES[x.kind].padEnd(24)}${x.type ?? '?'} ${x.identifier ?? ''}`.trimEnd());
        if (x.kind === 'reinstalled' && x.uuidBefore !== x.uuidAfter) out.push(`        PayloadUUID ${x.uuidBefore ?? '(none)'} → ${x.uuidAfter ?? '(none)'}`);
        for (const k of x.keys.slice(0, 12))
          out.push(
            `        ${k.before === undefined ? '+' : k.after === undefined ? '-' : '~'} ${k.keyPath}${k.after !== undefined ? ` = ${k.after}` : ''}${k.before !== undefined && k.after !== undefined ? ` (was ${k.before})` : ''}`,
          );
        if (x.keys.length > 12) out.push(`        … ${x.keys.length - 12} more`);
      }
    }
    if (d.brokenReferences.length) {
      out.push('  Broken references:');
      for (const r of d.brokenReferences) out.push(`    ${r.file} ${r.keyPath}: ${r.says}`);
    }
    out.push('  Macs in the field:');
    const widths = STATES.map((s) => Math.max(STATE_TITLES[s].length, ...plan.versions.map((v) => cellText(cellOf(d, v, s)).length)) + 2);
    out.push(`    ${'macOS'.padEnd(8)}${STATES.map((s, i) => STATE_TITLES[s].padEnd(widths[i])).join('')}`.trimEnd());
    for (const v of plan.versions) out.push(`    ${v.padEnd(8)}${STATES.map((s, i) => cellText(cellOf(d, v, s)).padEnd(widths[i])).join('')}`.trimEnd());
    for (const g of groupedCells(d)) {
      out.push(`    ${g.label}:`);
      out.push(...impactLines(g.impacts, '      '));
    }
    for (const m of d.migrations) {
      out.push(`  Migration: ${m.title} [${m.status}]`, `    source: ${m.source}`);
      for (const s of m.steps) {
        out.push(`    ${s.n}. ${STEP_STATUS_TITLES[s.status].padEnd(12)}${s.title}`);
        out.push(`       ${s.says}`);
        for (const k of s.keys) out.push(`       → ${keyText(k)}`);
      }
    }
    if (d.problems.introduced.length || d.problems.fixed.length) {
      out.push(`  Problems: ${d.problems.introduced.length} introduced, ${d.problems.fixed.length} fixed`);
      for (const p of d.problems.introduced) out.push(`    + ${p.code} ${p.severity} ${p.file}${p.keyPath ? ` ${p.keyPath}` : ''}: ${p.message}`);
      for (const p of d.problems.fixed) out.push(`    - ${p.code} ${p.severity} ${p.file}${p.keyPath ? ` ${p.keyPath}` : ''}: ${p.message}`);
    }
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// Markdown

/** Text that GitHub renders as text: no HTML, no links, no table breaks. */
export function mdText(value: string): string {
  return value.replace(/[\\`*_[\]<>|&]/g, (c) => `&#${c.charCodeAt(0)};`).replace(/\r?\n/g, ' ');
}

/** A code span that no value can break out of. */
export function mdCode(value: string): string {
  const clean = value.replace(/\r?\n/g, ' ').replace(/\|/g, '¦');
  const ticks = (clean.match(/`+/g) ?? []).reduce((n, t) => Math.max(n, t.length), 0);
  const fence = '`'.repeat(ticks + 1);
  return `${fence}${ticks ? ' ' : ''}${clean}${ticks ? ' ' : ''}${fence}`;
}

function mdSource(url: string): string {
  return /^https:\/\/[^\s()<>]+$/.test(url) ? `[source](${url})` : '';
}

function mdKey(k: KeyRef): string {
  return k.keyPath ? `${mdCode(k.file)} ${mdCode(k.keyPath)}` : mdCode(k.file);
}

const IMPACT_ICON: Record<string, string> = {
  'install-failure': '🛑',
  'lost-sync': '🛑',
  'registration-broken': '🛑',
  reregistration: '⚠️',
  'registration-prompt': 'ℹ️',
  'scep-request': 'ℹ️',
};

function mdCell(cell: FleetCell | undefined): string {
  if (!cell || !cell.applicable) return 'n/a';
  if (!cell.impacts.length) return 'nothing';
  const kinds = IMPACT_ORDER.filter((k) => cell.impacts.some((i) => i.kind === k));
  return `${IMPACT_ICON[kinds[0]]} ${kinds.map((k) => IMPACT_KINDS[k].short).join(', ')}`;
}

export function formatPlanMarkdown(plan: Plan): string {
  const out: string[] = [`### dps-profiles plan: ${mdCode(plan.base)} → ${mdText(plan.head)}`, '', `**${mdText(headline(plan))}**`, ''];
  const shown = changedDeployments(plan);
  for (const d of shown) {
    if (plan.deployments.length > 1 || shown.length > 1) out.push(`#### Deployment ${mdCode(d.group)}`, '');
    out.push(`| Macs in the field | ${STATES.map((s) => STATE_TITLES[s]).join(' | ')} |`, `|---|${STATES.map(() => '---').join('|')}|`);
    for (const v of plan.versions) out.push(`| macOS ${mdText(v)} | ${STATES.map((s) => mdCell(cellOf(d, v, s))).join(' | ')} |`);
    out.push('');
    const changed = d.profiles.filter((p) => p.kind !== 'unchanged');
    const counts = (['updated', 'reinstalled', 'added', 'removed'] as const)
      .filter((k) => changed.some((p) => p.kind === k))
      .map((k) => `${changed.filter((p) => p.kind === k).length} ${CHANGE_TITLES[k]}`);
    out.push(
      `Profiles: ${counts.length ? counts.join(', ') : 'none changed'} · broken references: ${d.brokenReferences.length} · problems introduced: ${d.problems.introduced.length}, fixed: ${d.problems.fixed.length}`,
      '',
    );
    for (const m of d.migrations) {
      const icon = m.status === 'ok' ? '✅' : m.status === 'warning' ? '⚠️' : '🛑';
      out.push(`${icon} Migration recognised: **${mdText(m.title)}** (${m.status}) ${mdSource(m.source)}`, '');
    }

    out.push('<details><summary>What the Macs see, and why</summary>', '');
    for (const g of groupedCells(d)) {
      out.push(`**${mdText(g.label)}**`, '');
      for (const i of g.impacts)
        out.push(
          `- ${IMPACT_ICON[i.kind]} ${mdText(IMPACT_KINDS[i.kind].title)}: ${mdText(i.says)} ${i.keys.map(mdKey).join(', ')} ${mdSource(i.source)}`.trimEnd(),
        );
      out.push('');
    }
    out.push('</details>', '');

    out.push('<details><summary>Profiles and payloads</summary>', '', '| Change | Profile / payload | Why |', '|---|---|---|');
    for (const p of d.profiles) {
      out.push(`| ${CHANGE_TITLES[p.kind]} | ${mdCode(profileLabel(p))} | ${mdText(p.why)} ${mdSource(p.source)} |`);
      if (p.kind === 'unchanged') continue;
      for (const x of p.payloads) {
        if (x.kind === 'unchanged') continue;
        const keys = x.keys
          .slice(0, 8)
          .map((k) => mdCode(k.keyPath))
          .join(' ');
        out.push(
          `| ↳ ${CHANGE_TITLES[x.kind]} | ${mdCode(`${x.type ?? '?'} ${x.identifier ?? ''}`.trim())} | ${x.kind === 'updated' ? `${keys}${x.keys.length > 8 ? ' …' : ''}` : mdText(x.why)} |`,
        );
      }
    }
    out.push('', '</details>', '');

    if (d.brokenReferences.length) {
      out.push('<details><summary>Broken references</summary>', '');
      for (const r of d.brokenReferences) out.push(`- ${mdCode(r.file)} ${mdCode(r.keyPath)}: ${mdText(r.says)}`);
      out.push('', '</details>', '');
    }
    for (const m of d.migrations) {
      out.push(
        `<details><summary>Migration steps: ${mdText(m.title)}</summary>`,
        '',
        "| # | Okta's step | Status | What the change does |",
        '|---|---|---|---|',
      );
      for (const s of m.steps)
        out.push(`| ${s.n} | ${mdText(s.title)} | ${STEP_STATUS_TITLES[s.status]} | ${mdText(s.says)} ${s.keys.map(mdKey).join(', ')} |`);
      out.push('', '</details>', '');
    }
    if (d.problems.introduced.length || d.problems.fixed.length) {
      out.push(`<details><summary>DPS problems: ${d.problems.introduced.length} introduced, ${d.problems.fixed.length} fixed</summary>`, '');
      for (const p of d.problems.introduced)
        out.push(`- introduced ${mdCode(p.code)} ${p.severity} ${mdCode(p.file)}${p.keyPath ? ` ${mdCode(p.keyPath)}` : ''}: ${mdText(p.message)}`);
      for (const p of d.problems.fixed)
        out.push(`- fixed ${mdCode(p.code)} ${p.severity} ${mdCode(p.file)}${p.keyPath ? ` ${mdCode(p.keyPath)}` : ''}: ${mdText(p.message)}`);
      out.push('', '</details>', '');
    }
  }
  out.push('<sub>dps-profiles plan · what each change kind means: docs/plan.md</sub>', '');
  return out.join('\n');
}
