/**
 * The filter editor: a tree of AND / OR groups (each may be negated) holding conditions on the
 * PersonFilter fields this caller may use. Conditions of one AND group on the same department
 * go into one object, so "低保 + ACTIVE" applies to the same enrolment as the API documents.
 */
import { h, replace } from './dom.js';
import { pick, t } from './i18n.js';
import { atPath } from './capabilities.js';

const group = (op = 'and', items = [], not = false) => ({ type: 'group', op, not, items });

/** Deep-merges `b` into `a` when no leaf collides; returns null on a collision. */
function merged(a, b) {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) {
    if (!(k in out)) out[k] = v;
    else if (isPlain(out[k]) && isPlain(v) && k !== 'and' && k !== 'or' && k !== 'not') {
      const inner = merged(out[k], v);
      if (!inner) return null;
      out[k] = inner;
    } else return null;
  }
  return out;
}
const isPlain = (v) => v && typeof v === 'object' && !Array.isArray(v);

function isEmpty(value) {
  if (value == null || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (isPlain(value)) return Object.values(value).every((v) => v == null || v === '');
  return false;
}

/** The PersonFilter a node stands for, or null when it holds no condition. */
export function toFilter(node) {
  if (node.type === 'cond') return node.path && !isEmpty(node.value) ? atPath(node.path, node.value) : null;
  const parts = node.items.map(toFilter).filter(Boolean);
  if (parts.length === 0) return null;
  let result;
  if (node.op === 'or') result = parts.length === 1 ? parts[0] : { or: parts };
  else {
    result = {};
    const rest = [];
    for (const part of parts) {
      const next = 'and' in part || 'or' in part || 'not' in part ? null : merged(result, part);
      if (next) result = next;
      else rest.push(part);
    }
    if (rest.length) result = Object.keys(result).length ? { ...result, and: rest } : rest.length === 1 ? rest[0] : { and: rest };
  }
  return node.not ? { not: result } : result;
}

/** The tree for a saved PersonFilter; fields this page does not know stay as they are. */
export function fromFilter(filter, fields) {
  const root = group('and');
  if (!filter) return root;
  const leaves = new Map(fields.flatMap((f) => (f.children ? f.children : [f])).map((f) => [f.path.join('.'), f]));
  const groups = new Set(fields.filter((f) => f.children).map((f) => f.path[0]));
  for (const [key, value] of Object.entries(filter)) {
    if (key === 'and') for (const sub of value) root.items.push(fromFilter(sub, fields));
    else if (key === 'or') root.items.push({ ...group('or'), items: value.map((sub) => fromFilter(sub, fields)) });
    else if (key === 'not') root.items.push({ ...fromFilter(value, fields), not: true });
    else if (groups.has(key) && isPlain(value)) for (const [inner, v] of Object.entries(value)) root.items.push({ type: 'cond', path: [key, inner], value: v, known: leaves.has(`${key}.${inner}`) });
    else root.items.push({ type: 'cond', path: [key], value, known: leaves.has(key) });
  }
  return root;
}

function valueEditor(spec, cond, changed) {
  const set = (v) => { cond.value = v; changed(); };
  const e = spec.editor;
  switch (e.kind) {
    case 'enumList': {
      const chosen = new Set(cond.value ?? []);
      return h('span', { class: 'chips' }, e.values.map((v) => h('label', {}, h('input', { type: 'checkbox', value: v.name, checked: chosen.has(v.name), onchange: (ev) => {
        if (ev.target.checked) chosen.add(v.name); else chosen.delete(v.name);
        set(e.values.map((x) => x.name).filter((n) => chosen.has(n)));
      } }), pick(v.label))));
    }
    case 'enum':
      return h('select', { onchange: (ev) => set(ev.target.value || null) }, h('option', { value: '' }, ''), e.values.map((v) => h('option', { value: v.name, selected: cond.value === v.name }, pick(v.label))));
    case 'boolean':
      return h('select', { onchange: (ev) => set(ev.target.value === '' ? null : ev.target.value === 'true') },
        h('option', { value: '' }, ''), h('option', { value: 'true', selected: cond.value === true }, t('yes')), h('option', { value: 'false', selected: cond.value === false }, t('no')));
    case 'range': {
      const range = { ...(cond.value ?? {}) };
      const num = (name) => h('input', { type: 'number', style: 'width:70px', placeholder: t(name), value: range[name] ?? '', oninput: (ev) => {
        range[name] = ev.target.value === '' ? null : Number(ev.target.value);
        set(Object.fromEntries(Object.entries(range).filter(([, v]) => v != null)));
      } });
      return h('span', {}, num('min'), ' – ', num('max'));
    }
    case 'int': case 'float':
      return h('input', { type: 'number', style: 'width:90px', value: cond.value ?? '', oninput: (ev) => set(ev.target.value === '' ? null : Number(ev.target.value)) });
    case 'intList': case 'stringList':
      return h('input', { type: 'text', value: (cond.value ?? []).join(', '), oninput: (ev) => {
        const items = ev.target.value.split(/[,，\s]+/).filter(Boolean);
        set(e.kind === 'intList' ? items.map(Number) : items);
      } });
    default:
      return h('input', { type: 'text', value: cond.value ?? '', oninput: (ev) => set(ev.target.value.trim() || null) });
  }
}

/**
 * Mounts an editor. `fields` are the caller's filter fields (capabilities.filters);
 * `changed` is called on every edit. Returns `{ element, filter(), load(filter) }`.
 */
export function createFilterBuilder(fields, changed = () => {}) {
  let root = group('and');
  const element = h('div', { class: 'filter-builder' });
  const leafBy = new Map(fields.flatMap((f) => (f.children ? f.children : [f])).map((f) => [f.path.join('.'), f]));

  function fieldSelect(cond) {
    const option = (f) => h('option', { value: f.path.join('.'), selected: cond.path?.join('.') === f.path.join('.') }, pick(f.label));
    return h('select', { class: 'field', onchange: (ev) => {
      cond.path = ev.target.value ? ev.target.value.split('.') : null;
      cond.value = null;
      render();
    } }, h('option', { value: '' }, '—'), fields.map((f) => (f.children ? h('optgroup', { label: pick(f.label) }, f.children.map(option)) : option(f))));
  }

  function condition(cond, parent) {
    const spec = cond.path ? leafBy.get(cond.path.join('.')) : null;
    const remove = h('button', { type: 'button', title: t('remove'), onclick: () => { parent.items.splice(parent.items.indexOf(cond), 1); render(); } }, '×');
    if (cond.path && !spec) return h('div', { class: 'cond unknown' }, h('code', {}, `${cond.path.join('.')} = ${JSON.stringify(cond.value)}`), remove);
    return h('div', { class: 'cond' }, fieldSelect(cond), spec ? valueEditor(spec, cond, changed) : null, remove);
  }

  function groupView(node, parent) {
    const header = h('div', { class: 'row' },
      h('select', { class: 'op', onchange: (ev) => { node.op = ev.target.value; render(); } },
        h('option', { value: 'and', selected: node.op === 'and' }, t('and')), h('option', { value: 'or', selected: node.op === 'or' }, t('or'))),
      h('label', {}, h('input', { type: 'checkbox', class: 'not', checked: node.not, onchange: (ev) => { node.not = ev.target.checked; render(); } }), t('not')),
      h('button', { type: 'button', class: 'add-condition', onclick: () => { node.items.push({ type: 'cond', path: null, value: null }); render(); } }, `+ ${t('addCondition')}`),
      h('button', { type: 'button', class: 'add-group', onclick: () => { node.items.push(group(node.op === 'and' ? 'or' : 'and')); render(); } }, `+ ${t('addGroup')}`),
      parent ? h('button', { type: 'button', onclick: () => { parent.items.splice(parent.items.indexOf(node), 1); render(); } }, '×') : null);
    return h('div', { class: `group ${node.op}` }, header, node.items.map((item) => (item.type === 'group' ? groupView(item, node) : condition(item, node))));
  }

  function render() {
    replace(element, groupView(root, null));
    changed();
  }
  render();
  return {
    element,
    filter: () => toFilter(root),
    load(filter) { root = fromFilter(filter, fields); render(); },
    render,
  };
}
