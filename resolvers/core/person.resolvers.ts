import type { PersonLinkResolvers, PersonResolvers } from '../../src/generated/graphql.js';
import { childFieldNodes } from '../../src/core/record-lookahead.js';
import { openingResolver } from '../../src/crypto/open-field.js';
import { PERSON_ADDRESS, PERSON_ID_NUMBER, PERSON_PHONE } from '../../src/crypto/encrypted-columns.js';

/** Whole years between a `YYYY-MM-DD` birth date and `at` (also `YYYY-MM-DD`). */
export function ageAt(birthDate: string, at: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ay, am, ad] = at.split('-').map(Number) as [number, number, number];
  return ay - by - (am < bm || (am === bm && ad < bd) ? 1 : 0);
}

const today = () => new Date().toISOString().slice(0, 10);

export const personResolvers: PersonResolvers = {
  id: (p) => String(p.id),
  // Stored as ciphertext: opened here, only when asked for; masking then works on the plaintext.
  idNumber: openingResolver(PERSON_ID_NUMBER, (p) => p.idNumber),
  phone: openingResolver(PERSON_PHONE, (p) => p.phone),
  address: openingResolver(PERSON_ADDRESS, (p) => p.address),
  age: (p) => ageAt(String(p.birthDate), p.deceasedDate ? String(p.deceasedDate) : today()),
  // Asked with its members (the person graph), the household comes with them in one statement.
  household: (p, _args, ctx, info) => {
    if (!p.household) return null;
    const loader = childFieldNodes(info.fieldNodes, 'members', info.fragments).length > 0 ? ctx.loaders.householdWithMembers : ctx.loaders.household;
    return loader.load(String(p.household.id));
  },
  links: (p, _args, ctx) => ctx.loaders.links.load(String(p.id)),
};

export const personLinkResolvers: PersonLinkResolvers = {
  from: (l, _args, ctx) => ctx.loaders.person.load(String(l.fromPerson.id)),
  to: (l, _args, ctx) => ctx.loaders.person.load(String(l.toPerson.id)),
};
