import { firstUnenterableAncestor } from '../../src/db/postgres-user-access.js';

/** Stat results for a made-up tree: /root is private (0700, root), everything else 0755. */
const tree: Record<string, { mode: number; uid: number; gid: number }> = {
  '/': { mode: 0o40755, uid: 0, gid: 0 },
  '/root': { mode: 0o40700, uid: 0, gid: 0 },
  '/root/app': { mode: 0o40755, uid: 0, gid: 0 },
  '/srv': { mode: 0o40755, uid: 0, gid: 0 },
  '/srv/team': { mode: 0o40750, uid: 0, gid: 1000 },
};
const stat = (p: string) => tree[p] ?? null;
const postgres = { uid: 999, gid: 999 };

it('names the private folder the postgres user cannot enter, with its mode and owner', () => {
  expect(firstUnenterableAncestor('/root/app/node_modules/x/bin/postgres', postgres, stat)).toEqual({
    directory: '/root',
    mode: '0700',
    ownerUid: 0,
    needed: '/root/app/node_modules/x/bin/postgres',
  });
});

it('passes folders open to others, and group-only folders to members of the group', () => {
  expect(firstUnenterableAncestor('/srv/data/pg', postgres, stat)).toBeNull();
  expect(firstUnenterableAncestor('/srv/team/pg', postgres, stat)?.directory).toBe('/srv/team');
  expect(firstUnenterableAncestor('/srv/team/pg', { uid: 999, gid: 1000 }, stat)).toBeNull();
});

it('treats a postgres user that does not exist yet as a stranger', () => {
  expect(firstUnenterableAncestor('/root/app/pg', null, stat)?.directory).toBe('/root');
  expect(firstUnenterableAncestor('/srv/pg', null, stat)).toBeNull();
});
