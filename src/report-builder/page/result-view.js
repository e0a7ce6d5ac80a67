/**
 * The shown report: pivot table with legend, the comparison chart and ranking for a chosen
 * measure, and the export buttons (the hub's export routes, same permissions and suppression).
 */
import { h, replace } from './dom.js';
import { t, onLangChange } from './i18n.js';
import { buildPivot, legend, renderPivot } from './pivot.js';
import { barChart, ranking } from './chart.js';
import { columnLabel } from './format.js';
import { download } from './api.js';
import { showError, showInfo } from './status.js';

export function createResultView(caps) {
  const element = h('section', { id: 'result', class: 'card' }, h('p', { class: 'muted' }, t('nothingToExport')));
  let shown = null; // { report, rowCount, source, run }

  function exportButtons() {
    const go = (format) => async () => {
      if (!shown) return showInfo(t('nothingToExport'));
      try {
        const { source } = shown;
        const name = source.savedId
          ? await download(`/reports/${encodeURIComponent(source.savedId)}/export?${new URLSearchParams({ format, ...(source.params.regionCode ? { regionCode: source.params.regionCode } : {}), ...(source.params.year ? { year: String(source.params.year) } : {}) })}`)
          : await download(`/reports/export?format=${format}`, { method: 'POST', body: { input: source.input } });
        showInfo(`⬇ ${name}`);
      } catch (err) {
        showError(err);
      }
    };
    return h('div', { class: 'row' }, h('button', { type: 'button', id: 'export-xlsx', onclick: go('xlsx') }, t('exportXlsx')), h('button', { type: 'button', id: 'export-csv', onclick: go('csv') }, t('exportCsv')));
  }

  function render() {
    if (!shown) return;
    const { report, rowCount, run } = shown;
    const allMeasures = [...caps.measures, ...caps.rates];
    const chartMeasure = h('select', { id: 'chart-measure', onchange: () => drawChart() }, report.measures.map((m) => h('option', { value: m.key }, columnLabel(m, allMeasures))));
    const chartBox = h('div', { class: 'chart' });
    const rankingBox = h('div', { class: 'ranking-box' });
    function drawChart() {
      const chart = barChart(report, chartMeasure.value, caps);
      replace(chartBox, chart ?? '');
      replace(rankingBox, h('h2', {}, t('ranking')), ranking(report, chartMeasure.value, caps) ?? '');
    }
    const { table, done } = renderPivot(buildPivot(report, rowCount), caps);
    table.id = 'pivot';
    // `data-run` says the table of this run is complete (tests and the benchmark wait for it).
    // `data-ms` / `data-answer-ms`: click → finished table, click → API answer parsed (the benchmark reads them).
    done.then(() => {
      if (shown?.run !== run) return;
      if (shown.timing) Object.assign(table.dataset, { ms: (performance.now() - shown.timing.started).toFixed(1), answerMs: (shown.timing.answered - shown.timing.started).toFixed(1) });
      shown.timing = null;
      table.dataset.run = String(run);
    });
    replace(element,
      h('div', { class: 'row' }, h('h2', { style: 'margin:0' }, report.title ?? t('title')), h('span', { class: 'spacer' }), exportButtons()),
      h('div', { class: 'pivot-wrap' }, table),
      legend(report),
      report.dimensions.length ? h('div', {}, h('label', { class: 'row' }, t('chartMeasure'), ' ', chartMeasure), h('div', { class: 'charts' }, chartBox, rankingBox)) : null);
    if (report.dimensions.length) drawChart();
  }
  onLangChange(render);

  return {
    element,
    /** Shows a computed report; `source` says how to export it again (ad-hoc input or saved id + params). */
    show(report, rowCount, source, run, timing = null) {
      shown = { report, rowCount, source, run, timing };
      render();
    },
    loading(content) {
      replace(element, content);
    },
    get shown() { return shown; },
  };
}
