/**
 * Region picker (区域): province → city → county → township → village from the real division
 * tree (`regions(parentCode)`, public). The chosen division becomes a `regionCode` prefix.
 */
import { gqlStrict } from './api.js';
import { h, replace } from './dom.js';
import { t, onLangChange } from './i18n.js';

const LEVELS = [
  { digits: 2, zh: '省', en: 'Province' },
  { digits: 4, zh: '市', en: 'City' },
  { digits: 6, zh: '县', en: 'County' },
  { digits: 9, zh: '乡镇', en: 'Township' },
  { digits: 12, zh: '村', en: 'Village' },
];

const full = (prefix) => prefix.padEnd(12, '0');

/**
 * @param {{ defaultRegion: string | null, onChange?: () => void }} opts
 * @returns the picker: `element`, `prefix` (the chosen code prefix, or null for everything),
 *   `county` (12-digit code of the chosen county), `set(prefix)`.
 */
export function createRegionPicker({ defaultRegion, onChange }) {
  const selects = LEVELS.map((level, i) => h('select', { 'data-level': level.digits, onchange: () => choose(i) }));
  const labels = LEVELS.map((level) => h('span', { class: 'muted' }, level.zh));
  const element = h('div', { class: 'row region-picker' }, LEVELS.map((_, i) => h('label', {}, labels[i], ' ', selects[i])));
  onLangChange((lang) => LEVELS.forEach((level, i) => { labels[i].textContent = lang === 'en' ? level.en : level.zh; }));

  function fill(i, regions, chosen) {
    const options = [h('option', { value: '' }, t('all')), ...regions.map((r) => h('option', { value: r.code.slice(0, LEVELS[i].digits), selected: r.code.slice(0, LEVELS[i].digits) === chosen }, r.name))];
    replace(selects[i], options);
    selects[i].disabled = regions.length === 0;
  }
  function clearBelow(i) {
    for (let j = i + 1; j < LEVELS.length; j++) fill(j, [], null);
  }
  async function choose(i) {
    clearBelow(i);
    const code = selects[i].value;
    if (code && i + 1 < LEVELS.length) {
      const { regions } = await gqlStrict('query Regions($p: String) { regions(parentCode: $p) { code name } }', { p: full(code) });
      fill(i + 1, regions, null);
    }
    onChange?.();
  }

  /** Loads the chain of levels down to `prefix` in one request and selects it. */
  async function set(prefix) {
    const chain = prefix ? LEVELS.filter((l) => l.digits <= prefix.length).map((l) => prefix.slice(0, l.digits)) : [];
    const vars = chain.map((_, i) => `$p${i}: String`).join(', ');
    const fields = [`l0: regions { code name }`, ...chain.slice(0, LEVELS.length - 1).map((_, i) => `l${i + 1}: regions(parentCode: $p${i}) { code name }`)].join(' ');
    const data = await gqlStrict(`query RegionChain${vars ? `(${vars})` : ''} { ${fields} }`, Object.fromEntries(chain.map((c, i) => [`p${i}`, full(c)])));
    LEVELS.forEach((_, i) => fill(i, data[`l${i}`] ?? [], chain[i] ?? null));
  }

  const picker = {
    element,
    /** The deepest chosen level's code prefix, or null when nothing is chosen. */
    get prefix() {
      for (let i = LEVELS.length - 1; i >= 0; i--) if (selects[i].value) return selects[i].value;
      return null;
    },
    /** The chosen county's 6-digit code, if any. */
    get county() {
      return selects[2].value || null;
    },
    /** Name of the chosen division. */
    get name() {
      for (let i = LEVELS.length - 1; i >= 0; i--) if (selects[i].value) return selects[i].selectedOptions[0]?.textContent ?? '';
      return '';
    },
    set,
    ready: set(defaultRegion ? defaultRegion.slice(0, 6) : null),
  };
  return picker;
}
