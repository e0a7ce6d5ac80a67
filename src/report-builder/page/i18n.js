/**
 * Chinese labels with English available. Schema labels come from SDL descriptions, which carry
 * the Chinese term in parentheses ("Township (乡镇) of the household."): the term is the Chinese
 * label and the text before it the English one, so a new department's fields are labelled
 * without page changes.
 */
const listeners = new Set();
let lang = localStorage.getItem('caregraph.lang') === 'en' ? 'en' : 'zh';

export const getLang = () => lang;
export function setLang(next) {
  lang = next;
  localStorage.setItem('caregraph.lang', next);
  document.documentElement.lang = next === 'en' ? 'en' : 'zh-CN';
  for (const fn of listeners) fn(next);
}
export const onLangChange = (fn) => listeners.add(fn);

/** Picks the label of a `{ zh, en }` pair for the current language. */
export const pick = (label) => (label ? (lang === 'en' ? label.en || label.zh : label.zh || label.en) : '');

const CJK = /[\u3400-\u9fff]/;

/** `{ zh, en }` from an SDL description; `fallback` (a schema name) where a language is missing. */
export function termsOf(description, fallback = '') {
  const text = (description ?? '').trim();
  let zh = null;
  for (const m of text.matchAll(/[（(]([^()（）]*)[)）]/g)) {
    if (CJK.test(m[1])) {
      zh = m[1].split(/[:：,，;；]/)[0].trim();
      break;
    }
  }
  let en = text.split(/[（(]/)[0].split(/(?<=[a-z])\. /)[0].replace(/[.:;,\s]+$/, '').trim();
  if (!en || CJK.test(en)) en = humanise(fallback);
  return { zh: zh ?? (CJK.test(text) ? text : null), en };
}

/** `REGION_TOWNSHIP` → `Region township`, `outOfPocketAbove` → `Out of pocket above`. */
export function humanise(name) {
  const words = String(name).replace(/([a-z])([A-Z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase().trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The page's own words. */
const UI = {
  title: ['统计报表', 'Reports'],
  tabBuilder: ['报表', 'Report builder'],
  tabWarnings: ['预警', 'Early warnings'],
  graphiql: ['GraphiQL', 'GraphiQL'],
  logout: ['退出', 'Log out'],
  login: ['登录', 'Log in'],
  loginHint: ['使用您的 API 密钥（或 JWT）登录。密钥只保存在本浏览器标签页的会话存储中。', 'Log in with your API key (or a JWT). The key is kept in this tab\'s session storage only.'],
  key: ['API 密钥', 'API key'],
  purpose: ['使用目的', 'Purpose of use'],
  region: ['区域', 'Region'],
  all: ['（全部）', '(all)'],
  year: ['年度', 'Year'],
  rows: ['行', 'Rows'],
  columns: ['列', 'Columns'],
  rowsColumns: ['行 / 列', 'Rows / columns'],
  upTo3: ['行与列合计最多 3 个维度', 'Up to 3 dimensions in rows and columns together'],
  measures: ['指标', 'Measures'],
  rates: ['覆盖率', 'Rates'],
  customRates: ['自定义比率', 'Custom rates'],
  addCustomRate: ['添加自定义比率', 'Add a custom rate'],
  rateLabel: ['名称', 'Name'],
  numerator: ['分子', 'Numerator'],
  denominator: ['分母', 'Denominator'],
  filters: ['筛选条件', 'Filters'],
  addCondition: ['添加条件', 'Add condition'],
  addGroup: ['添加条件组', 'Add group'],
  and: ['并且', 'AND'],
  or: ['或者', 'OR'],
  not: ['取反', 'NOT'],
  remove: ['删除', 'Remove'],
  yes: ['是', 'Yes'],
  no: ['否', 'No'],
  min: ['最小', 'min'],
  max: ['最大', 'max'],
  run: ['运行', 'Run'],
  cancel: ['取消', 'Cancel'],
  running: ['正在计算报表…', 'Computing the report…'],
  seconds: ['秒', 's'],
  loadingOptions: ['正在读取您可用的维度和筛选条件…', 'Reading the dimensions and filters you may use…'],
  noReports: ['此密钥无权使用统计报表（需要 reports:read）。', 'This key may not run reports (needs reports:read).'],
  noWarnings: ['此密钥无权查看预警（需要 warnings:read）。', 'This key may not read warnings (needs warnings:read).'],
  total: ['合计', 'Total'],
  legendRounded: ['统计披露控制：其余人数按 {b} 取整（最多相差 {m}），金额加有界扰动，比率按取整后的人数计算', 'disclosure control: other counts are rounded to multiples of {b} (at most {m} off), sums carry bounded noise, rates come from the rounded counts'],
  legendSuppressed: ['人数少于 {k} 人或为防止反推而隐藏的数值', 'withheld: fewer than {k} persons, or hidden so that a small cell cannot be worked out from the totals'],
  legendEmpty: ['无数据（无此组合的人员，或比率没有分母）', 'no data (nobody in this combination, or a rate without a denominator)'],
  chartTitle: ['比较：{d}', 'Comparison by {d}'],
  ranking: ['排名', 'Ranking'],
  chartMeasure: ['图表指标', 'Chart measure'],
  saved: ['已保存报表', 'Saved reports'],
  save: ['保存', 'Save'],
  reportName: ['报表名称', 'Report name'],
  shareWith: ['共享给角色', 'Share with roles'],
  open: ['打开', 'Open'],
  runHere: ['按当前区域/年度运行', 'Run for the chosen region/year'],
  share: ['更新共享', 'Update sharing'],
  del: ['删除', 'Delete'],
  noSaved: ['暂无已保存报表', 'No saved reports yet'],
  savedOk: ['已保存：{n}', 'Saved: {n}'],
  deletedOk: ['已删除', 'Deleted'],
  notOwner: ['只有创建者可以修改或删除此报表', 'Only the owner may change or delete this report'],
  owner: ['创建者', 'owner'],
  exportXlsx: ['导出 Excel', 'Export XLSX'],
  exportCsv: ['导出 CSV', 'Export CSV'],
  nothingToExport: ['请先运行报表', 'Run a report first'],
  rule: ['规则', 'Rule'],
  township: ['乡镇', 'Township'],
  openWarnings: ['待处置预警（按规则和乡镇）', 'Open warnings by rule and township'],
  households: ['户', 'Households'],
  household: ['户号', 'Household'],
  lastRun: ['上次比对：{time}（判定日 {asOf}，年度 {year}，执行者 {by}），共发现 {n} 项', 'Last monitoring run: {time} (as of {asOf}, year {year}, by {by}), {n} findings in all'],
  lastRunRules: ['各规则发现数', 'Findings per rule'],
  noRunYet: ['尚未运行过预警比对，所以下表全为 0。管理员可在服务器上运行 npm run monitor，或调用 runMonitoring 变更（需要 admin 权限）。', 'No monitoring run has happened yet, so the table below is all zeros. An administrator runs one with npm run monitor on the server, or with the runMonitoring mutation (needs admin).'],
  members: ['相关人员', 'Persons concerned'],
  evidence: ['预警依据', 'Evidence'],
  hiddenEvidence: ['另有 {n} 项依据无权查看', '{n} more evidence items you may not see'],
  status: ['状态', 'Status'],
  acknowledge: ['接收', 'Acknowledge'],
  resolve: ['解除', 'Resolve'],
  reason: ['原因', 'Reason'],
  refresh: ['刷新', 'Refresh'],
  more: ['加载更多', 'Load more'],
  back: ['返回', 'Back'],
  village: ['村', 'Village'],
  errUnauthenticated: ['密钥无效或已过期，请重新登录。', 'The key is invalid or has expired. Please log in again.'],
  errUnauthorized: ['您的角色无权使用：{p}', 'Your role may not use: {p}'],
  errTooComplex: ['报表过于复杂：{m}。请减少维度、筛选条件或比率。', 'The report is too complex: {m}. Use fewer dimensions, filters or rates.'],
  errBadInput: ['输入有误：{m}', 'Invalid input: {m}'],
  errPurpose: ['此操作需要声明您的角色允许的使用目的：{m}', 'This needs a purpose of use your role allows: {m}'],
  errNotFound: ['未找到（不存在或不在您的区域内）。', 'Not found (it does not exist or is outside your region).'],
  errAudit: ['审计记录暂时无法写入，服务器拒绝了本次查询，请稍后再试。', 'The audit trail cannot be written right now, so the server withheld the answer. Try again later.'],
  errNetwork: ['无法连接服务器：{m}', 'Cannot reach the server: {m}'],
  errOther: ['出错了：{m}', 'Something went wrong: {m}'],
};

/** A page string, with `{name}` placeholders filled from `vars`. */
export function t(key, vars = {}) {
  const pair = UI[key] ?? [key, key];
  const text = lang === 'en' ? pair[1] : pair[0];
  return text.replace(/\{(\w+)\}/g, (_, name) => String(vars[name] ?? ''));
}

/** Re-labels static elements marked `data-t`. */
export function translateStatic(root = document) {
  for (const el of root.querySelectorAll('[data-t]')) el.textContent = t(el.dataset.t);
}
