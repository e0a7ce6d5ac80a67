import fs from 'node:fs';
import path from 'node:path';
import { EVERY_ROW, regionConditionAt, rowScopeOf } from '../../src/auth/row-scope.js';
import { anonymousCaller } from '../../src/auth/caller.js';
import { SqlBuilder } from '../../src/contract/sql-builder.js';
import type { Caller } from '../../src/contract/caller.js';

const root = path.resolve(import.meta.dirname, '../..');

/**
 * Files that may name a caller's `regionPrefix`, and why. Everything else asks the row scope
 * (src/auth/row-scope.ts) for its region condition.
 */
const MAY_NAME_THE_PREFIX: Record<string, string> = {
  'src/auth/row-scope.ts': 'the one place that turns it into conditions',
  'src/contract/caller.ts': 'declares it',
  'src/auth/caller.ts': 'the anonymous caller has none',
  'src/auth/api-keys.ts': 'builds callers from stored keys',
  'src/auth/caller-record.entity.ts': 'stores it with the key',
  'src/auth/jwt.ts': 'builds callers from tokens',
  'src/cli/callers.ts': 'lists and creates keys',
  'src/federation/internal-token.ts': 'carries the whole caller to the subgraphs',
  // Not a caller's scope: the region a monitoring parameter's override applies to.
  'src/monitoring/parameters.ts': 'parameter overrides per region',
  'src/monitoring/rule-catalogue.ts': 'parameter overrides per region',
  'src/generated/graphql.ts': 'MonitoringParameterOverride.regionPrefix in the SDL',
};

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(full) : e.name.endsWith('.ts') ? [full] : [];
  });
}

const caller = (regionPrefix: string | null): Caller => ({ ...anonymousCaller, id: `c-${regionPrefix}`, regionPrefix });

describe('row scope', () => {
  it('is the only reader of a caller’s region prefix in src/ and resolvers/', () => {
    const readers = [...sourceFiles(path.join(root, 'src')), ...sourceFiles(path.join(root, 'resolvers'))]
      .filter((f) => /\bregionPrefix\b/.test(fs.readFileSync(f, 'utf8')))
      .map((f) => path.relative(root, f))
      .filter((f) => !(f in MAY_NAME_THE_PREFIX));
    expect(readers).toEqual([]);
  });

  it('adds no condition for a caller who sees every region', () => {
    const sql = new SqlBuilder();
    const rows = rowScopeOf(caller(null));
    expect(rows.confined).toBe(false);
    expect(rows.and('p.region_code', sql)).toBe('');
    expect(rows.where('h.region_code', sql)).toBe('true');
    expect(rows.boundPrefix).toBeNull();
    expect(rows.includes(null)).toBe(true);
    expect(rows.persons).toEqual({});
    expect(sql.params).toEqual([]);
  });

  it('confines a township official to its township, as an index range plus an exact like', () => {
    const sql = new SqlBuilder();
    const rows = rowScopeOf(caller('410823101'));
    expect(rows.and('p.region_code', sql)).toBe(' and (p.region_code between ? and ? and p.region_code like ?)');
    expect(sql.params).toEqual(['410823101', '410823101999', '410823101%']);
    expect(rows.where('h.region_code', new SqlBuilder())).toBe('(h.region_code between ? and ? and h.region_code like ?)');
    expect(rows.boundPrefix).toBe('410823101');
    expect(rows.persons).toEqual({ household: { regionCode: { $like: '410823101%' } } });
  });

  it('counts a code under the prefix as in scope, and a person without a household in none', () => {
    const rows = rowScopeOf(caller('410823101'));
    expect(rows.includes('410823101203')).toBe(true);
    expect(rows.includes('410823102001')).toBe(false);
    expect(rows.includes(null)).toBe(false);
    expect(rows.includes(undefined)).toBe(false);
  });

  it('writes the same condition over a positional placeholder for statements built once for every caller', () => {
    expect(regionConditionAt('p.region_code', '$2::text')).toBe(" and (p.region_code between $2::text and rpad($2::text, 12, '9') and p.region_code like $2::text || '%')");
  });

  it('gives one scope per caller, and every row to the hub’s own work', () => {
    const official = caller('410823101');
    expect(rowScopeOf(official)).toBe(rowScopeOf(official));
    expect(EVERY_ROW.confined).toBe(false);
  });
});
