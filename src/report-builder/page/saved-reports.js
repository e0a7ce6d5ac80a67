/**
 * Saved reports (已保存报表) through the saved-report API: save the form's definition (region-free,
 * so it can run for any region), open it into the form, run it for the chosen region and year,
 * change its sharing, delete it. Ownership is the API's: it answers NOT_FOUND / false to others.
 */
import { h, replace } from './dom.js';
import { t, onLangChange } from './i18n.js';
import { gqlStrict } from './api.js';
import { showError, showInfo } from './status.js';

const FIELDS = 'id name description ownerId sharedWithRoles definition updatedAt';
let rolesPromise = null;
const roles = () => (rolesPromise ??= fetch('/reports/assets/roles.json').then((r) => r.json()).catch(() => []));

function roleChecks(all, chosen) {
  return h('span', { class: 'chips roles' }, all.map((r) => h('label', { title: r.description }, h('input', { type: 'checkbox', value: r.name, checked: chosen.includes(r.name) }), r.name)));
}
const checkedIn = (el) => [...el.querySelectorAll('input:checked')].map((i) => i.value);

export function createSavedReports({ form, onRun }) {
  const list = h('ul', { class: 'saved', id: 'saved-list' });
  const name = h('input', { type: 'text', id: 'save-name', placeholder: t('reportName') });
  const shareBox = h('span');
  const element = h('section', { class: 'card', id: 'saved' },
    h('h2', {}, t('saved')),
    h('div', { class: 'row' }, name, h('button', { type: 'button', id: 'save', onclick: save }, t('save'))),
    h('div', { class: 'row' }, h('span', { class: 'muted' }, t('shareWith')), shareBox),
    list);
  roles().then((all) => replace(shareBox, roleChecks(all, [])));

  async function save() {
    const reportName = name.value.trim() || form.definition().title;
    if (!reportName) return showInfo(t('reportName'));
    try {
      const { createSavedReport: created } = await gqlStrict(`mutation ReportBuilderSave($input: SavedReportInput!) { createSavedReport(input: $input) { ${FIELDS} } }`,
        { input: { name: reportName, sharedWithRoles: checkedIn(shareBox), definition: { ...form.definition(), title: form.definition().title ?? reportName } } });
      showInfo(t('savedOk', { n: created.name }));
      await refresh();
    } catch (err) {
      showError(err);
    }
  }

  async function remove(report) {
    try {
      const { deleteSavedReport: deleted } = await gqlStrict('mutation ReportBuilderDelete($id: ID!) { deleteSavedReport(id: $id) }', { id: report.id });
      if (deleted) showInfo(t('deletedOk'));
      else showInfo(t('notOwner'));
      await refresh();
    } catch (err) {
      showError(err);
    }
  }

  async function share(report, box) {
    try {
      const input = { name: report.name, description: report.description, sharedWithRoles: checkedIn(box), definition: JSON.parse(report.definition) };
      await gqlStrict(`mutation ReportBuilderShare($id: ID!, $input: SavedReportInput!) { updateSavedReport(id: $id, input: $input) { ${FIELDS} } }`, { id: report.id, input });
      await refresh();
    } catch (err) {
      showError(err?.code === 'NOT_FOUND' ? new Error(t('notOwner')) : err);
    }
  }

  let reports = [];
  async function refresh() {
    try {
      reports = (await gqlStrict(`query ReportBuilderSavedList { savedReports { ${FIELDS} } }`)).savedReports ?? [];
    } catch (err) {
      showError(err);
    }
    const all = await roles();
    replace(list, reports.length ? reports.map((report) => {
      const def = JSON.parse(report.definition);
      const box = roleChecks(all, report.sharedWithRoles);
      const rowCount = Math.max(1, (def.groupBy?.length ?? 1) - 1);
      return h('li', { 'data-id': report.id },
        h('span', { class: 'name' }, report.name), ' ', h('span', { class: 'muted' }, `${t('owner')}: ${report.ownerId} · ${report.updatedAt.slice(0, 10)}`),
        h('div', { class: 'row' },
          h('button', { type: 'button', class: 'open', onclick: () => form.load(def, report.name) }, t('open')),
          h('button', { type: 'button', class: 'run-saved', onclick: () => onRun(report.id, { regionCode: form.picker.prefix, year: form.year }, (def.groupBy?.length ?? 0) > 1 ? rowCount : def.groupBy?.length ?? 0) }, t('runHere')),
          h('button', { type: 'button', class: 'danger delete', onclick: () => remove(report) }, t('del'))),
        h('div', { class: 'row' }, box, h('button', { type: 'button', class: 'share', onclick: () => share(report, box) }, t('share'))));
    }) : h('li', { class: 'muted' }, t('noSaved')));
  }
  onLangChange(() => refresh());
  return { element, refresh };
}
