/**
 * A scope requirement in disjunctive normal form, as `@requiresScopes(scopes: [[...]])` writes it:
 * the caller must hold every scope of at least one inner list. `null` means no requirement.
 */
export type ScopeRequirement = ReadonlyArray<ReadonlyArray<string>>;

export function satisfies(scopes: ReadonlySet<string>, requirement: ScopeRequirement | null): boolean {
  if (requirement == null) return true;
  return requirement.some((all) => all.every((s) => scopes.has(s)));
}

/** Both requirements at once: the product of the two disjunctions. */
export function both(a: ScopeRequirement | null, b: ScopeRequirement | null): ScopeRequirement | null {
  if (a == null) return b;
  if (b == null) return a;
  const out: string[][] = [];
  for (const x of a) for (const y of b) out.push([...new Set([...x, ...y])].sort());
  return simplify(out);
}

/** True when anyone satisfying `p` necessarily satisfies `q` (so `q` needs no second check). */
export function implies(p: ScopeRequirement | null, q: ScopeRequirement | null): boolean {
  if (q == null) return true;
  if (p == null) return false;
  return p.every((pAll) => q.some((qAll) => qAll.every((s) => pAll.includes(s))));
}

/** Drops inner lists that contain another inner list (they add nothing to the OR). */
function simplify(req: string[][]): string[][] {
  return req.filter((x, i) => !req.some((y, j) => j !== i && y.length <= x.length && y.every((s) => x.includes(s)) && (y.length < x.length || j < i)));
}

export function describe(requirement: ScopeRequirement): string {
  return requirement.map((all) => all.join(' + ')).join(' or ');
}
