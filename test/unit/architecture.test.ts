import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * The floors of src/: `src/contract/` is the ground floor every folder builds on, so it imports
 * nothing above it; and no file may reach itself through its imports (type-only imports count:
 * a type cycle still ties two floors together).
 */
const root = path.resolve(import.meta.dirname, '../..');
const src = path.join(root, 'src');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** Relative imports, re-exports and `import()` types of one file, resolved to .ts files under src/. */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
  return info.importedFiles
    .map((i) => i.fileName)
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => path.resolve(path.dirname(file), spec).replace(/\.js$/, '.ts'))
    .filter((target) => target.startsWith(src + path.sep) && fs.existsSync(target));
}

const files = sourceFiles(src);
const graph = new Map(files.map((f) => [f, importsOf(f)]));
const rel = (f: string) => path.relative(root, f);

/** Strongly connected components with more than one file (or a file importing itself): Tarjan. */
function cycles(): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    indices.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indices.get(w)!));
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(rel(w));
      } while (w !== v);
      if (component.length > 1 || graph.get(v)!.includes(v)) found.push(component.sort());
    }
  };
  for (const f of files) if (!indices.has(f)) visit(f);
  return found;
}

describe('architecture', () => {
  it('finds the imports it checks (the parser sees type-only imports too)', () => {
    const contextImports = graph.get(path.join(src, 'server/context.ts'))!.map(rel);
    expect(contextImports).toContain('src/contract/request-context.ts');
  });

  it('no file under src/ imports itself through a cycle', () => {
    expect(cycles()).toEqual([]);
  });

  it('src/contract/ imports nothing from another folder of src/', () => {
    const contract = path.join(src, 'contract') + path.sep;
    const outward = files
      .filter((f) => f.startsWith(contract))
      .flatMap((f) => graph.get(f)!.filter((target) => !target.startsWith(contract)).map((target) => `${rel(f)} → ${rel(target)}`));
    expect(outward).toEqual([]);
  });

  it('access control, request limits included, imports nothing from src/server/', () => {
    const auth = path.join(src, 'auth') + path.sep;
    const server = path.join(src, 'server') + path.sep;
    const upward = files
      .filter((f) => f.startsWith(auth))
      .flatMap((f) => graph.get(f)!.filter((target) => target.startsWith(server)).map((target) => `${rel(f)} → ${rel(target)}`));
    expect(upward).toEqual([]);
  });

  it('no comment in src/, resolvers/, test/ or bench/ dates itself by a work session or fix number (history belongs in git)', () => {
    const tree = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'results' ? [] : tree(full);
        return /\.(ts|js|graphql)$/.test(e.name) ? [full] : [];
      });
    const dated = ['src', 'resolvers', 'test', 'bench']
      .flatMap((dir) => tree(path.join(root, dir)))
      .flatMap((f) => fs.readFileSync(f, 'utf8').split('\n').map((line, i) => ({ line, where: `${rel(f)}:${i + 1}` })))
      .filter(({ line }) => /\b(session|fix) [0-9]+\b/i.test(line))
      .map(({ where }) => where);
    expect(dated).toEqual([]);
  });
});
