/**
 * The builder's form: region, year, up to three dimensions in rows or columns, measures, rates,
 * custom rates and filters — only the options in `caps` (what the API allows this caller).
 * `definition()` is the region-free ReportInput (what is saved); `input()` adds the region.
 */
import { h, replace } from './dom.js';
import { pick, t, onLangChange } from './i18n.js';
import { createRegionPicker } from './region-picker.js';
import { createFilterBuilder } from './filter-builder.js';

const MAX_DIMENSIONS = 3;

export function createReportForm(caps, { onRun }) {
  const picker = createRegionPicker({ defaultRegion: caps.defaultRegion });
  const year = h('input', { type: 'number', id: 'year', value: new Date().getFullYear() - 1, min: 2000, max: 2100, style: 'width:90px' });
  const title = h('input', { type: 'text', id: 'report-title', style: 'width:100%' });
  const filters = createFilterBuilder(caps.filters);
  const customRates = [];
  const customBox = h('div', { class: 'custom-rates' });

  const slots = Array.from({ length: MAX_DIMENSIONS }, (_, i) => ({
    dimension: h('select', { class: 'dimension', 'data-slot': i, onchange: validate }),
    axis: h('select', { class: 'axis', 'data-slot': i, onchange: validate }),
  }));
  const fillSlots = () => slots.forEach((slot) => {
    const chosen = slot.dimension.value;
    const axis = slot.axis.value || 'row';
    replace(slot.dimension, h('option', { value: '' }, '—'), caps.dimensions.map((d) => h('option', { value: d.key, selected: d.key === chosen }, pick(d.label))));
    replace(slot.axis, h('option', { value: 'row', selected: axis === 'row' }, t('rows')), h('option', { value: 'column', selected: axis === 'column' }, t('columns')));
  });
  const checks = (options, name, checked = () => false) => h('div', { class: 'chips', 'data-group': name }, options.map((o) => h('label', {}, h('input', { type: 'checkbox', name, value: o.key, checked: checked(o.key) }), h('span', { 'data-label': o.key }, pick(o.label)))));
  const measureBox = h('div');
  const rateBox = h('div');
  const fillChecks = () => {
    const keep = (name) => new Set([...element.querySelectorAll(`input[name=${name}]:checked`)].map((i) => i.value));
    const m = keep('measure'), r = keep('rate');
    replace(measureBox, checks(caps.measures, 'measure', (k) => m.has(k) || (m.size === 0 && k === 'PERSONS')));
    replace(rateBox, checks(caps.rates, 'rate', (k) => r.has(k)));
  };

  const runButton = h('button', { type: 'button', class: 'primary', id: 'run', onclick: () => onRun() }, t('run'));
  const hint = h('p', { class: 'muted', 'data-t': 'upTo3' }, t('upTo3'));

  function validate() {
    const chosen = slots.map((s) => s.dimension.value).filter(Boolean);
    const duplicate = new Set(chosen).size !== chosen.length;
    runButton.disabled = duplicate;
    hint.style.color = duplicate ? '#c0392b' : '';
  }

  function addCustomRate(saved) {
    const rate = { label: h('input', { type: 'text', value: saved?.label ?? '', placeholder: t('rateLabel') }), numerator: createFilterBuilder(caps.filters), denominator: createFilterBuilder(caps.filters) };
    if (saved) { rate.numerator.load(saved.numerator); rate.denominator.load(saved.denominator); }
    customRates.push(rate);
    const box = h('div', { class: 'card custom-rate' }, h('div', { class: 'row' }, rate.label,
      h('button', { type: 'button', onclick: () => { customRates.splice(customRates.indexOf(rate), 1); box.remove(); } }, '×')),
      h('div', { class: 'muted' }, t('numerator')), rate.numerator.element, h('div', { class: 'muted' }, t('denominator')), rate.denominator.element);
    customBox.append(box);
  }

  const section = (key, ...content) => h('div', { class: 'card' }, h('h2', { 'data-t': key }, t(key)), ...content);
  const element = h('form', { class: 'report-form', onsubmit: (ev) => { ev.preventDefault(); onRun(); } },
    section('region', picker.element, h('label', { class: 'field' }, h('span', { 'data-t': 'year' }, t('year')), ' ', year)),
    section('reportName', title),
    section('rowsColumns', slots.map((s) => h('div', { class: 'row' }, s.dimension, s.axis)), hint),
    section('measures', measureBox),
    caps.rates.length ? section('rates', rateBox) : null,
    section('customRates', customBox, h('button', { type: 'button', id: 'add-custom-rate', onclick: () => addCustomRate() }, `+ ${t('addCustomRate')}`)),
    section('filters', filters.element),
    h('div', { class: 'row' }, runButton));

  fillSlots();
  fillChecks();
  const first = caps.dimensions.find((d) => d.key === 'REGION_TOWNSHIP');
  if (first) slots[0].dimension.value = first.key;
  onLangChange(() => { fillSlots(); fillChecks(); filters.render(); runButton.textContent = t('run'); });

  const selected = (name) => [...element.querySelectorAll(`input[name=${name}]:checked`)].map((i) => i.value);
  const form = {
    element,
    picker,
    ready: picker.ready,
    /** Dimensions in groupBy order (rows first) and how many are rows. */
    layout() {
      const chosen = slots.filter((s) => s.dimension.value);
      const rows = chosen.filter((s) => s.axis.value !== 'column').map((s) => s.dimension.value);
      const columns = chosen.filter((s) => s.axis.value === 'column').map((s) => s.dimension.value);
      return { groupBy: [...rows, ...columns], rowCount: rows.length };
    },
    get year() { return year.value ? Number(year.value) : null; },
    /** The ReportInput without the region: what a saved report keeps. */
    definition() {
      const { groupBy } = form.layout();
      const def = {
        title: title.value.trim() || null,
        groupBy,
        measures: selected('measure'),
        rates: selected('rate'),
        customRates: customRates.map((r, i) => ({ key: `CUSTOM_${i + 1}`, label: r.label.value.trim() || `${t('customRates')} ${i + 1}`, numerator: r.numerator.filter() ?? {}, denominator: r.denominator.filter() ?? {} })),
        subtotals: true,
        year: form.year,
      };
      const filter = filters.filter();
      if (filter) def.filter = filter;
      return def;
    },
    /** The ReportInput to run: the definition confined to the chosen region, as runSavedReport binds it. */
    input() {
      const def = form.definition();
      const region = picker.prefix;
      if (region) def.filter = def.filter ? { and: [def.filter, { regionCode: region }] } : { regionCode: region };
      return def;
    },
    /** Loads a saved definition: dimensions (all but the last as rows), measures, rates, filters. */
    load(def, name) {
      title.value = def.title ?? name ?? '';
      const dims = def.groupBy ?? [];
      slots.forEach((s, i) => {
        s.dimension.value = dims[i] ?? '';
        s.axis.value = dims.length > 1 && i === dims.length - 1 ? 'column' : 'row';
      });
      for (const input of element.querySelectorAll('input[name=measure], input[name=rate]')) input.checked = [...(def.measures ?? ['PERSONS']), ...(def.rates ?? [])].includes(input.value);
      if (def.year) year.value = def.year;
      filters.load(def.filter ?? null);
      replace(customBox);
      customRates.length = 0;
      for (const rate of def.customRates ?? []) addCustomRate(rate);
      validate();
    },
    setBusy(busy) { runButton.disabled = busy; },
  };
  return form;
}
