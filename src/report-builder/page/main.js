/**
 * Entry point: the login form (the key stays in sessionStorage), then the two tabs. Everything
 * shown comes from the hub's API with the caller's own key.
 */
import { h, replace } from './dom.js';
import { getLang, setLang, t, onLangChange, translateStatic } from './i18n.js';
import { session, onSessionInvalid, ApiError } from './api.js';
import { loadCapabilities } from './capabilities.js';
import { createBuilder } from './builder.js';
import { createWarnings } from './warnings.js';
import { clearStatus, showError } from './status.js';

const PURPOSES = [
  ['STATISTICS', '统计分析', 'Statistics'],
  ['CASE_MANAGEMENT', '个案管理', 'Case management'],
  ['ELIGIBILITY_CHECK', '资格核查', 'Eligibility check'],
  ['AUDIT', '审计', 'Audit'],
];

const main = document.getElementById('main');
const tabs = document.getElementById('tabs');
const logout = document.getElementById('logout');
const langButton = document.getElementById('lang');

function loginView(message) {
  tabs.hidden = true;
  logout.hidden = true;
  const key = h('input', { type: 'password', id: 'key', autocomplete: 'off', required: true });
  const purpose = h('select', { id: 'purpose' }, PURPOSES.map(([code, zh, en]) => h('option', { value: code }, getLang() === 'en' ? en : zh)));
  replace(main, h('form', { class: 'card login', id: 'login', onsubmit: (ev) => {
    ev.preventDefault();
    session.login(key.value, purpose.value);
    start();
  } },
  h('h2', {}, t('login')), h('p', { class: 'muted' }, t('loginHint')),
  h('label', {}, t('key'), key), h('label', {}, t('purpose'), purpose),
  h('button', { type: 'submit', class: 'primary' }, t('login'))));
  if (message) showError(message);
  key.focus();
}

async function start() {
  clearStatus();
  replace(main, h('div', { class: 'loading' }, h('span', { class: 'spinner' }), ' ', t('loadingOptions')));
  let caps;
  try {
    caps = await loadCapabilities();
  } catch (err) {
    if (err.code === 'UNAUTHENTICATED') session.logout();
    return err.code === 'UNAUTHENTICATED' ? loginView(err) : (replace(main), showError(err));
  }
  const builder = createBuilder(caps);
  const warnings = createWarnings(caps, builder.form?.picker ?? null);
  const views = { builder: h('div', { id: 'view-builder' }, builder.element), warnings: h('div', { id: 'view-warnings', hidden: true }, warnings.element) };
  replace(main, views.builder, views.warnings);
  tabs.hidden = false;
  logout.hidden = false;
  let warningsLoaded = false;
  for (const button of tabs.querySelectorAll('button')) {
    button.onclick = () => {
      for (const b of tabs.querySelectorAll('button')) b.classList.toggle('active', b === button);
      for (const [name, view] of Object.entries(views)) view.hidden = name !== button.dataset.tab;
      if (button.dataset.tab === 'warnings' && !warningsLoaded) { warningsLoaded = true; warnings.refresh(); }
    };
  }
  await builder.ready;
  document.body.dataset.ready = 'true';
}

langButton.onclick = () => setLang(getLang() === 'en' ? 'zh' : 'en');
onLangChange(() => {
  langButton.textContent = getLang() === 'en' ? '中文' : 'English';
  translateStatic();
  if (document.getElementById('login')) loginView();
});
logout.onclick = () => { session.logout(); document.body.dataset.ready = ''; loginView(); };
onSessionInvalid(() => { session.logout(); loginView(new ApiError([{ message: '', extensions: { code: 'UNAUTHENTICATED' } }], 401)); });

setLang(getLang());
if (session.key) start(); else loginView();
