/**
 * The early-warning tab (预警): open warnings counted by rule and township, a drill-down to the
 * households behind a count (masked exactly as the API masks for this caller), and status changes
 * where the API lets this caller make them.
 */
import { h, replace } from './dom.js';
import { getLang, pick, t, onLangChange } from './i18n.js';
import { gql, gqlStrict, ApiError } from './api.js';
import { showError, showInfo, clearStatus } from './status.js';
import { createRegionPicker } from './region-picker.js';

const ALIASES_PER_REQUEST = 25;
const LAST_RUN = `query ReportBuilderLastRun { monitoringRuns(first: 1) { id year asOf triggeredBy finishedAt rules { rule produced skippedForConsent } } }`;
const LIST_FIELDS = `totalCount pageInfo { hasNextPage endCursor }
  nodes { id rule status detectedAt household { id householdNumber region { name } head { name } } persons { name age } evidence { label value } hiddenEvidenceCount }`;

/** Open-warning counts for one rule: per township and for the whole county, in ≤ 25-alias requests. */
async function ruleCounts(rule, county, townships) {
  const areas = [{ code: county, alias: 'all' }, ...townships.map((tw, i) => ({ code: tw.prefix, alias: `t${i}` }))];
  const counts = {};
  for (let i = 0; i < areas.length; i += ALIASES_PER_REQUEST) {
    const chunk = areas.slice(i, i + ALIASES_PER_REQUEST);
    const fields = chunk.map((a) => `${a.alias}: warnings(rules: [${rule}], status: [OPEN], filter: { regionCode: "${a.code}" }, first: 1) { totalCount }`).join(' ');
    const { data } = await gql(`query ReportBuilderWarningCounts { ${fields} }`);
    for (const a of chunk) counts[a.alias] = data[a.alias]?.totalCount ?? null;
  }
  return counts;
}

/**
 * @param caps what the API allows this caller (capabilities.js)
 * @param sharedPicker the builder's region picker, or null for callers without reports (the tab gets its own)
 */
export function createWarnings(caps, sharedPicker) {
  if (!caps.canWarnings) return { element: h('div', { class: 'card', id: 'no-warnings' }, t('noWarnings')), refresh: async () => {} };
  const ownPicker = sharedPicker ? null : createRegionPicker({ defaultRegion: caps.defaultRegion, onChange: () => refresh() });
  const picker = sharedPicker ?? ownPicker;
  const matrix = h('div', { id: 'warning-matrix' });
  const lastRun = h('div', { id: 'last-run', class: 'muted' });
  const detail = h('div', { id: 'warning-detail' });
  const element = h('div', {},
    ownPicker ? h('section', { class: 'card' }, ownPicker.element) : null,
    h('section', { class: 'card' }, h('div', { class: 'row' }, h('h2', { style: 'margin:0' }, t('openWarnings')), h('span', { class: 'spacer' }), h('button', { type: 'button', id: 'warnings-refresh', onclick: () => refresh() }, t('refresh'))), lastRun, matrix),
    detail);

  async function refresh() {
    await picker.ready;
    const county = picker.county;
    if (!county) return replace(matrix, h('p', { class: 'muted' }, t('region')));
    replace(matrix, h('div', { class: 'loading' }, h('span', { class: 'spinner' }), ' ', t('running')));
    showLastRun();
    try {
      const { regions } = await gqlStrict('query Townships($p: String) { regions(parentCode: $p) { code name } }', { p: county.padEnd(12, '0') });
      const townships = regions.map((r) => ({ ...r, prefix: r.code.slice(0, 9) }));
      const counts = await Promise.all(caps.rules.map((rule) => ruleCounts(rule.key, county, townships)));
      const cell = (rule, tw, n) => h('td', { class: 'num' }, n ? h('button', { type: 'button', class: 'link drill', 'data-rule': rule.key, 'data-region': tw?.prefix ?? county, onclick: () => drill(rule, tw) }, String(n)) : String(n ?? '—'));
      replace(matrix, h('div', { class: 'pivot-wrap' }, h('table', { class: 'pivot', id: 'warning-counts' },
        h('thead', {}, h('tr', {}, h('th', {}, t('rule')), townships.map((tw) => h('th', {}, tw.name)), h('th', {}, t('total')))),
        h('tbody', {}, caps.rules.map((rule, i) => h('tr', { 'data-rule': rule.key },
          h('th', { class: 'rowhead', title: rule.key }, pick(rule.label)),
          townships.map((tw, j) => cell(rule, tw, counts[i][`t${j}`])),
          cell(rule, null, counts[i].all)))))));
    } catch (err) {
      replace(matrix, '');
      showError(err);
    }
  }

  /**
   * When the counts below were computed, and what that run found per rule — or, before any run,
   * that the zeros mean "never compared" and how to start a run.
   */
  async function showLastRun() {
    try {
      const [run] = (await gqlStrict(LAST_RUN)).monitoringRuns ?? [];
      if (!run) return replace(lastRun, h('p', { class: 'no-run' }, t('noRunYet')));
      const found = (r) => r.produced - r.skippedForConsent;
      const time = new Date(run.finishedAt ?? Date.now()).toLocaleString(getLang() === 'en' ? 'en-GB' : 'zh-CN', { hour12: false });
      const label = (code) => pick(caps.rules.find((r) => r.key === code)?.label) || code;
      lastRun.dataset.run = run.id;
      replace(lastRun,
        h('p', { class: 'run-summary' }, t('lastRun', { time, asOf: run.asOf, year: run.year, by: run.triggeredBy, n: run.rules.reduce((sum, r) => sum + found(r), 0).toLocaleString('zh-CN') })),
        h('p', { class: 'run-rules' }, `${t('lastRunRules')}: `, run.rules.map((r, i) => h('span', { 'data-rule': r.rule }, `${i ? '；' : ''}${label(r.rule)} ${found(r).toLocaleString('zh-CN')}`))));
    } catch (err) {
      replace(lastRun);
      showError(err);
    }
  }

  async function drill(rule, township, after = null, table = null) {
    clearStatus();
    const regionCode = township?.prefix ?? picker.county;
    try {
      const { data, errors } = await gql(`query ReportBuilderWarnings($rule: MonitoringRuleCode!, $region: String!, $after: String) {
        warnings(rules: [$rule], status: [OPEN], filter: { regionCode: $region }, first: 20, after: $after) { ${LIST_FIELDS} } }`, { rule: rule.key, region: regionCode, after });
      if (errors.length) showError(new ApiError(errors, 200));
      const page = data.warnings;
      const body = table ?? h('tbody');
      for (const w of page.nodes) body.append(warningRow(w));
      const more = page.pageInfo.hasNextPage ? h('button', { type: 'button', onclick: (ev) => { ev.target.remove(); drill(rule, township, page.pageInfo.endCursor, body); } }, t('more')) : null;
      if (!table) {
        replace(detail, h('section', { class: 'card', id: 'warning-list' },
          h('h2', {}, `${pick(rule.label)} · ${township?.name ?? t('total')} (${page.totalCount})`),
          h('table', { class: 'list' }, h('thead', {}, h('tr', {}, [t('household'), t('village'), t('members'), t('evidence'), t('status'), ''].map((x) => h('th', {}, x)))), body), more));
      } else if (more) detail.querySelector('section').append(more);
    } catch (err) {
      showError(err);
    }
  }

  function warningRow(w) {
    const status = h('span', { class: 'warning-status' }, statusLabel(w.status));
    const reason = h('input', { type: 'text', placeholder: t('reason'), style: 'width:110px' });
    const change = (next) => async () => {
      try {
        const { updateWarningStatus: updated } = await gqlStrict('mutation ReportBuilderWarningStatus($id: ID!, $status: WarningStatus!, $reason: String) { updateWarningStatus(id: $id, status: $status, reason: $reason) { id status } }',
          { id: w.id, status: next, reason: reason.value.trim() || null });
        status.textContent = statusLabel(updated.status);
        showInfo(`${w.household?.householdNumber ?? w.id}: ${statusLabel(updated.status)}`);
      } catch (err) {
        showError(err);
      }
    };
    const hh = w.household;
    return h('tr', { 'data-warning': w.id },
      h('td', {}, hh ? `${hh.householdNumber} ${hh.head?.name ?? ''}` : '—'),
      h('td', {}, hh?.region?.name ?? '—'),
      h('td', {}, (w.persons ?? []).map((p) => `${p.name ?? '—'}${p.age != null ? ` (${p.age})` : ''}`).join('、')),
      h('td', {}, w.evidence.map((e) => h('div', {}, `${e.label}: ${e.value ?? '—'}`)), w.hiddenEvidenceCount ? h('div', { class: 'muted' }, t('hiddenEvidence', { n: w.hiddenEvidenceCount })) : null),
      h('td', {}, status),
      h('td', {}, caps.canManageWarnings ? h('span', { class: 'row' }, reason,
        h('button', { type: 'button', class: 'ack', onclick: change('ACKNOWLEDGED') }, t('acknowledge')),
        h('button', { type: 'button', class: 'resolve', onclick: change('RESOLVED') }, t('resolve'))) : null));
  }

  function statusLabel(code) {
    const known = caps.statuses.find((s) => s.key === code);
    return known ? pick(known.label) : code;
  }

  onLangChange(() => { if (matrix.firstChild) refresh(); });
  return { element, refresh };
}
