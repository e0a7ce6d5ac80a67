/**
 * The report-builder tab: the form on the left, the result and saved reports on the right.
 * Runs are asynchronous with a spinner and a running clock (a report over a million persons takes
 * a moment; the page stays usable and a run can be cancelled).
 */
import { h } from './dom.js';
import { t } from './i18n.js';
import { gql, ApiError } from './api.js';
import { createReportForm } from './report-form.js';
import { createResultView } from './result-view.js';
import { createSavedReports } from './saved-reports.js';
import { clearStatus, showError } from './status.js';

const REPORT_FIELDS = 'title suppressionThreshold roundingBase dimensions { key label } measures { key label kind } rows { keys labels cells { measure value money suppressed } }';

export function createBuilder(caps) {
  if (!caps.canReport) return { element: h('div', { class: 'card', id: 'no-reports' }, t('noReports')), ready: Promise.resolve() };
  let runs = 0;
  let controller = null;
  const result = createResultView(caps);
  const form = createReportForm(caps, { onRun: () => run({ input: form.input() }, form.layout().rowCount) });
  const saved = createSavedReports({ form, onRun: (savedId, params, rowCount) => run({ savedId, params }, rowCount) });

  /** Runs an ad-hoc input or a saved report and shows it; a newer run cancels an older one. */
  async function run(source, rowCount) {
    controller?.abort();
    const mine = (controller = new AbortController());
    const started = performance.now();
    const clock = h('span', { class: 'clock' }, '0.0');
    const cancel = h('button', { type: 'button', id: 'cancel-run', onclick: () => mine.abort() }, t('cancel'));
    result.loading(h('div', { class: 'loading', id: 'loading' }, h('span', { class: 'spinner' }), ' ', t('running'), ' ', clock, ' ', t('seconds'), ' ', cancel));
    const timer = setInterval(() => { clock.textContent = ((performance.now() - started) / 1000).toFixed(1); }, 100);
    form.setBusy(true);
    clearStatus();
    try {
      const { data, errors } = source.savedId
        ? await gql(`query ReportBuilderSaved($id: ID!, $params: ReportParams) { report: runSavedReport(id: $id, params: $params) { ${REPORT_FIELDS} } }`, { id: source.savedId, params: source.params }, { signal: mine.signal })
        : await gql(`query ReportBuilderRun($input: ReportInput!) { report(input: $input) { ${REPORT_FIELDS} } }`, { input: source.input }, { signal: mine.signal });
      if (!data.report) throw new ApiError(errors, 200);
      result.show(data.report, rowCount, source, ++runs, { started, answered: performance.now() });
    } catch (err) {
      if (err.name === 'AbortError') result.loading(h('p', { class: 'muted' }, t('cancel')));
      else {
        result.loading(h('p', { class: 'muted' }, '—'));
        showError(err);
      }
    } finally {
      clearInterval(timer);
      if (controller === mine) { controller = null; form.setBusy(false); }
    }
  }

  const element = h('div', { class: 'layout' }, h('div', {}, form.element), h('div', {}, result.element, saved.element));
  return { element, form, ready: Promise.all([form.ready, saved.refresh()]) };
}
