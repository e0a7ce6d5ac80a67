import { SignJWT } from 'jose';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { loadCountyFixture } from '../fixtures/county-fixture.js';

const secret = 'a-test-secret-that-is-long-enough-for-hs256!';
const jwt = { issuer: 'https://idp.county.example', audience: 'caregraph', key: { kind: 'secret' as const, secret } };

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub({ fixture: loadCountyFixture, jwt });
});
afterAll(async () => {
  await hub?.close();
});

function token(claims: Record<string, unknown>, opts: { audience?: string; expires?: string } = {}) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(jwt.issuer)
    .setAudience(opts.audience ?? jwt.audience)
    .setSubject('official-42')
    .setIssuedAt()
    .setExpirationTime(opts.expires ?? '10m')
    .sign(new TextEncoder().encode(secret));
}

it('a person with a JWT gets the roles and region its claims carry', async () => {
  const bearer = await token({ name: '李干部', roles: ['township-official'], region: '410823102' });
  const res = await hub.query(`{ persons { totalCount nodes { name } } }`, {}, { authorization: `Bearer ${bearer}`, 'x-purpose': 'CASE_MANAGEMENT' });
  expect(res.body.errors).toBeUndefined();
  expect(res.body.data.persons).toEqual({ totalCount: 3, nodes: [{ name: '刘芳' }, { name: '刘洋' }, { name: '陈静' }] });
});

it('audits a JWT caller under its subject', async () => {
  const bearer = await token({ name: '李干部', roles: ['township-official'], region: '410823102' });
  await hub.query(`{ person(id: "5") { idNumber } }`, {}, { authorization: `Bearer ${bearer}`, 'x-purpose': 'CASE_MANAGEMENT' });
  const rows = await hub.sql(`select caller_id, caller_name, fields from core.audit_event where person_id = 5 and 'Person.idNumber' = any(fields)`);
  expect(rows).toEqual([{ caller_id: 'person:official-42', caller_name: '李干部', fields: ['Person.idNumber'] }]);
});

it.each([
  ['an expired token', () => token({ roles: ['admin'] }, { expires: '-1m' }), /expired/],
  ['a token for another audience', () => token({ roles: ['admin'] }, { audience: 'someone-else' }), /audience/],
  ['a token with a role the policy does not know', () => token({ roles: ['root'] }), /role "root"/],
])('answers 401 to %s with the reason', async (_label, make, reason) => {
  const res = await hub.query(`{ regions { name } }`, {}, { authorization: `Bearer ${await make()}` });
  expect(res.status).toBe(401);
  expect(res.body.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
  expect(res.body.errors![0]!.message).toMatch(reason);
});
