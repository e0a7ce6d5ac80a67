import { createHash } from 'node:crypto';
import { GraphQLError, parse, Kind, type EnumTypeDefinitionNode } from 'graphql';
import type { EntitySchema } from '@mikro-orm/core';
import { SqlBuilder } from '../../src/contract/sql-builder.js';
import { compileHrssFilter } from '../../src/departments/hrss/hrss.filter.js';
import { hrssEntities } from '../../src/departments/hrss/hrss.entities.js';
import { hrssIntake } from '../../src/departments/hrss/hrss.intake.js';
import { mutualAidPosts, HRSS_RATES } from '../../src/departments/hrss/hrss.world.js';
import { departments } from '../../src/departments/registry.js';
import { loadSdl } from '../../src/departments/sdl.js';
import { buildRawSchema } from '../../src/server/schema.js';
import { assertInputAllowed } from '../../src/auth/input-access.js';
import { grantsFor } from '../../src/auth/grants.js';
import { encodeCopyRow } from '../../src/db/copy-writer.js';
import { collectRows, generateDataset, SEEDED_TABLES, type Dataset } from '../../src/seed/dataset.js';
import { countyPlaces } from '../../src/seed/places.js';
import { readProvinceDivisions } from '../../src/identity/regions.js';
import { plainRow } from '../support/field-values.js';

let data: Dataset;
beforeAll(() => {
  data = generateDataset({ persons: 6000, seed: 7, places: countyPlaces(readProvinceDivisions('41'), '410823') });
});

describe('hrss filter', () => {
  const compile = (input: Record<string, unknown>) => {
    const sql = new SqlBuilder();
    const conditions = compileHrssFilter(input, 'p', sql);
    expect(conditions.join(' and ').match(/\?/g)?.length ?? 0).toBe(sql.params.length);
    return { conditions, params: sql.params };
  };

  it('tests active posts as a semi-join, and their absence as an anti-join', () => {
    expect(compile({ holdsActivePost: true }).conditions).toEqual([`p.id in (select r1.person_id from hrss.post r1 where r1.status = 'ACTIVE')`]);
    expect(compile({ holdsActivePost: false }).conditions).toEqual([`not exists (select 1 from hrss.post r1 where r1.person_id = p.id and r1.status = 'ACTIVE')`]);
  });

  it('binds post types as one array and reads people helped through active pairings', () => {
    const { conditions, params } = compile({ postType: ['CHILDCARE'], helped: true });
    expect(conditions).toEqual([
      'p.id in (select r1.person_id from hrss.post r1 where r1.post_type = any(?::text[]))',
      'p.id in (select r2.person_id from hrss.pairing r2 where r2.start_date <= current_date and (r2.end_date is null or r2.end_date >= current_date))',
    ]);
    expect(params).toEqual(['{"CHILDCARE"}']);
  });

  it('compiles nothing for an empty input', () => {
    expect(compile({}).conditions).toEqual([]);
  });
});

describe('hrss report dimensions', () => {
  const schema = buildRawSchema(departments);
  const input = { groupBy: ['GENDER', 'MUTUAL_AID_POST_TYPE'] };

  it('only hrss:read callers may group by a mutual-aid dimension', () => {
    const withoutHrss = new Set(['reports:read', 'person:read']);
    expect(() => assertInputAllowed(schema, 'ReportInput', input, withoutHrss, 'input')).toThrow(GraphQLError);
    expect(() => assertInputAllowed(schema, 'ReportInput', input, new Set([...withoutHrss, 'hrss:read']), 'input')).not.toThrow();
  });

  it('every role that reads across departments may read hrss; the hrss partner writes it', () => {
    for (const role of ['leading-group-office', 'township-official', 'admin', 'hrss']) expect(grantsFor([role]).scopes.has('hrss:read')).toBe(true);
    expect(grantsFor(['hrss']).scopes.has('hrss:write')).toBe(true);
    expect(grantsFor(['admin']).scopes.has('hrss:write')).toBe(true);
    expect(grantsFor(['health']).scopes.has('hrss:read')).toBe(false);
  });
});

describe('hrss intake kinds', () => {
  const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  /** Column name → nullable/defaulted, read from the entity definition. */
  function columnsOf(entity: EntitySchema<any>): Map<string, boolean> {
    const props = entity.meta.properties as Record<string, { kind?: string; fieldName?: string; nullable?: boolean; default?: unknown; defaultRaw?: string; primary?: boolean; onCreate?: unknown }>;
    return new Map(Object.entries(props).map(([name, p]) => [
      p.fieldName ?? (p.kind === 'm:1' ? `${snake(name)}_id` : snake(name)),
      !!(p.nullable || p.default !== undefined || p.defaultRaw || p.primary || p.onCreate),
    ]));
  }
  const entityOf = (table: string) => hrssEntities.find((e) => `${e.meta.schema}.${e.meta.tableName}` === table)!;
  const sdlEnums = new Map(parse(loadSdl('hrss')).definitions.filter((d): d is EnumTypeDefinitionNode => d.kind === Kind.ENUM_TYPE_DEFINITION)
    .map((d) => [d.name.value, d.values!.map((v) => v.name.value).sort()]));
  /** Filled by identity resolution and the write itself, not by a declared column. */
  const PROVIDED = ['person_id', 'source_record_id', 'source_department'];

  it('is the intake of the registered hrss module', () => {
    expect(departments.find((d) => d.code === 'hrss')!.intake).toBe(hrssIntake);
    expect(hrssIntake.map((k) => k.name)).toEqual(['post', 'pairing', 'attendance', 'assessment']);
  });

  it.each(hrssIntake.map((k) => [k.name, k] as const))('%s maps only existing columns and fills every required one', (_name, kind) => {
    const columns = columnsOf(entityOf(`${kind.dbSchema}.${kind.table}`));
    for (const c of kind.columns) expect(columns.has(c.column)).toBe(true);
    const required = [...columns].filter(([name, optional]) => !optional && !PROVIDED.includes(name)).map(([name]) => name).sort();
    expect(kind.columns.filter((c) => c.required).map((c) => c.column).sort()).toEqual(required);
  });

  it('resolves the helper, the post and the village through reference column types', () => {
    const typeOf = (kind: string, field: string) => hrssIntake.find((k) => k.name === kind)!.columns.find((c) => c.field === field)!.type;
    expect(typeOf('pairing', 'helperIdNumber')).toEqual({ kind: 'personRef' });
    for (const kind of ['pairing', 'attendance', 'assessment']) expect(typeOf(kind, 'postSourceRecordId')).toEqual({ kind: 'recordRef', table: 'post' });
    expect(typeOf('post', 'villageCode')).toEqual({ kind: 'region' });
    expect(typeOf('attendance', 'month')).toEqual({ kind: 'month' });
  });

  it('offers exactly the SDL enum values for every enum column', () => {
    const enumOf: Record<string, string> = { post_type: 'MutualAidPostType', work_pattern: 'PostWorkPattern', subsidy_kind: 'PostSubsidyKind', status: 'PostStatus', result: 'PostAssessmentResult' };
    const enumColumns = hrssIntake.flatMap((k) => k.columns.filter((c) => c.type.kind === 'enum'));
    expect(enumColumns.length).toBe(5);
    for (const c of enumColumns) {
      if (c.type.kind !== 'enum') throw new Error('unreachable');
      expect(Object.keys(c.type.values).sort()).toEqual(sdlEnums.get(enumOf[c.column]!));
    }
  });
});

describe('hrss demo data', () => {
  const objects = (table: string) => {
    const spec = data.tables.find((t) => t.table === table)!;
    return collectRows(data, table).map((row) => Object.fromEntries(spec.columns.map((c, i) => [c, row[i]])));
  };

  it('seeds through the module hook, after the five original departments', () => {
    const tables = data.tables.map((t) => t.table);
    expect(tables.filter((t) => t.startsWith('hrss.'))).toEqual(['hrss.post', 'hrss.pairing', 'hrss.attendance', 'hrss.assessment']);
    expect(tables.indexOf('hrss.post')).toBeGreaterThan(tables.indexOf('health.death'));
    expect(data.tables.map((t) => t.table)).toEqual([...SEEDED_TABLES]);
    expect(objects('hrss.post').length).toBeGreaterThan(20);
  });

  // Pinned at c97a877, whose care visits follow the 四个一 cadence on purpose: the digest taken
  // before hrss existed (ad12599f…) still held at its parent, and civil_affairs.care_visit was
  // the only table whose rows that commit changed.
  it("leaves the five original departments' demo rows byte-identical", () => {
    const hash = createHash('sha256');
    const original = ['core', 'civil_affairs', 'disability', 'education', 'womens_federation', 'health'];
    for (const spec of data.tables.filter((t) => original.includes(t.table.split('.')[0]!))) {
      hash.update(spec.table + '\n');
      // As generated before field encryption: opened, without the columns it added (random IVs).
      for (const row of spec.rows()) hash.update(encodeCopyRow(plainRow(spec.table, spec.columns, row)));
    }
    expect(hash.digest('hex')).toBe('ecb95f30b84a3479b16d491cc6554caa3647a9c1188664be7544d3cedf3b62f8');
  });

  it('places each post in the village of the people it helps, the holder from its township, mostly registered poor with labour ability', () => {
    const { persons, households } = data.world;
    const villageOf = (person: number) => households[persons[person]!.household]!.village.code;
    const posts = mutualAidPosts(data.world);
    let ineligible = 0;
    for (const post of posts) {
      expect(post.helped.length).toBeGreaterThan(0);
      for (const helped of post.helped) expect(villageOf(helped)).toBe(post.villageCode);
      expect(villageOf(post.holder).slice(0, 9)).toBe(post.villageCode.slice(0, 9)); // same township
      const holder = persons[post.holder]!;
      const eligible = households[holder.household]!.registeredPoorYear !== null && holder.labourAbility !== 'NONE' && holder.labourAbility !== null;
      if (!eligible) ineligible++;
    }
    // Deliberate violations exist for the warning rule to find, and stay rare.
    expect(ineligible).toBeGreaterThan(0);
    expect(ineligible / posts.length).toBeLessThan(HRSS_RATES.INELIGIBLE_HOLDER * 3);
  });

  it('renders pairings, attendance and assessments that reference real posts and persons', () => {
    const postIds = new Set(objects('hrss.post').map((p) => p.id));
    const holderOf = new Map(objects('hrss.post').map((p) => [p.id, p.person_id]));
    for (const table of ['hrss.pairing', 'hrss.attendance', 'hrss.assessment']) {
      for (const row of objects(table)) expect(postIds.has(row.post_id)).toBe(true);
    }
    for (const row of objects('hrss.pairing')) expect(row.helper_person_id).toBe(holderOf.get(row.post_id));
    for (const row of objects('hrss.attendance')) expect(row.days_present as number).toBeLessThanOrEqual(row.days_required as number);
    const ids = objects('hrss.pairing').map((r) => r.source_record_id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
