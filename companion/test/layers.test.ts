import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The companion's layering (DESIGN.md › Layers), checked on the source: domain folders never
 * import the HTTP layer, folders do not import each other in circles, and only `okta/` (the
 * Okta gateway) touches the Okta SDK's Users and Groups APIs.
 */

const SRC = resolve(import.meta.dirname, '../src');
const DOMAIN = [
  'mapping',
  'workflows',
  'grants',
  'reconciliation',
  'services',
  'errors',
  'store',
  'queue',
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

const folderOf = (path: string) => {
  const parts = relative(SRC, path).split('/');
  return parts.length > 1 ? (parts[0] as string) : '.';
};

/** folder → folder it imports → the imports that make the edge. */
function folderImports(): Map<string, Map<string, string[]>> {
  const edges = new Map<string, Map<string, string[]>>();
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/from\s+'(\.{1,2}\/[^']+)'/g)) {
      const target = resolve(dirname(file), match[1] as string).replace(/\.js$/, '.ts');
      const from = folderOf(file);
      const to = folderOf(target);
      if (from === to || from === '.' || to === '.') continue;
      const targets = edges.get(from) ?? new Map<string, string[]>();
      edges.set(from, targets);
      targets.set(to, [
        ...(targets.get(to) ?? []),
        `${relative(SRC, file)} → ${relative(SRC, target)}`,
      ]);
    }
  }
  return edges;
}

/** Every cycle in the folder graph, once each, as `a -> b -> a` starting at its smallest folder. */
function folderCycles(edges: Map<string, Map<string, string[]>>): string[] {
  const cycles = new Set<string>();
  const visit = (path: string[]) => {
    const last = path.at(-1) as string;
    for (const next of edges.get(last)?.keys() ?? []) {
      const at = path.indexOf(next);
      if (at >= 0) {
        const loop = path.slice(at);
        const start = loop.indexOf([...loop].sort()[0] as string);
        const rotated = [...loop.slice(start), ...loop.slice(0, start)];
        cycles.add([...rotated, rotated[0]].join(' -> '));
      } else {
        visit([...path, next]);
      }
    }
  };
  for (const folder of edges.keys()) visit([folder]);
  return [...cycles].sort();
}

describe('companion layers', () => {
  const edges = folderImports();

  it('keeps HTTP out of the domain: no domain folder imports http/ or routes/', () => {
    const offending = DOMAIN.flatMap((folder) => [
      ...(edges.get(folder)?.get('http') ?? []),
      ...(edges.get(folder)?.get('routes') ?? []),
    ]);
    expect(offending).toEqual([]);
  });

  it('has no folder-level import cycle, however long', () => {
    expect(folderCycles(edges)).toEqual([]);
  });
});

describe('the Okta gateway', () => {
  it('is the only way to the SDK: no file outside okta/ touches userApi or groupApi', () => {
    const offending = sourceFiles(SRC)
      .filter((file) => folderOf(file) !== 'okta')
      .flatMap((file) =>
        readFileSync(file, 'utf8')
          .split('\n')
          .flatMap((line, i) =>
            /\.(userApi|groupApi)\b/.test(line) ? [`${relative(SRC, file)}:${i + 1}`] : [],
          ),
      );
    expect(offending).toEqual([]);
  });

  it("reads users through Okta's eventually consistent search in one place only, which tolerates its lag", () => {
    // `filter` and GET by id see every write at once; `search` does not (README › The sandbox).
    // The attribute holders are the one read `filter` cannot serve (a custom attribute); they
    // read the users the companion wrote recently by id (okta/attribute-holders.ts).
    const uses = sourceFiles(SRC).flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) =>
          /\.searchUsers\(|\bsearch:\s|\bsearch=/.test(line)
            ? [`${relative(SRC, file)}:${i + 1}`]
            : [],
        ),
    );
    expect([...new Set(uses.map((use) => use.replace(/:\d+$/, '')))].sort()).toEqual([
      'okta/attribute-holders.ts',
      'okta/okta-gateway.ts',
    ]);
  });
});
