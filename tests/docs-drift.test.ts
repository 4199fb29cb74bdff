import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// README and docs/ must not cite what does not exist: every repository path they name in
// backticks, and every function they name beside the file it lives in ("`name`,
// `lib/x.ts`" or "`name` (`lib/x.ts`)"), is checked against the tree.

const root = path.resolve(import.meta.dirname, '..');
const documents = ['README.md', ...readdirSync(path.join(root, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];
const TOP = /^(?:lib|app|components|scripts|tests|e2e|prisma|bench|worker|docs|deploy|types)\//;

/** `lib/x.ts`, `lib/x.ts#anchor`, `lib/x/` as written in backticks; globs and placeholders are not paths. */
function citedPaths(text: string): string[] {
  return [...text.matchAll(/`([^`\s]+)`/g)]
    .map((match) => match[1].replace(/#.*$/, '').replace(/[:,.]$/, ''))
    .filter((cited) => TOP.test(cited) && !/[*<>{}$…]/.test(cited));
}

describe('docs cite what exists', () => {
  for (const document of documents) {
    it(`${document}: every repository path it names exists`, () => {
      const text = readFileSync(path.join(root, document), 'utf8');
      const missing = [...new Set(citedPaths(text))].filter((cited) => !existsSync(path.join(root, cited)));
      expect(missing).toEqual([]);
    });

    it(`${document}: every function named beside its file is in that file`, () => {
      const text = readFileSync(path.join(root, document), 'utf8');
      const wrong: string[] = [];
      for (const match of text.matchAll(/`([A-Za-z_][A-Za-z0-9_]*)(?:\(\))?`,?\s*\(?`((?:lib|app|scripts|worker|components)\/[^`#]+\.tsx?)`/g)) {
        const [, name, file] = match;
        // SHOUTING_NAMES are variables of the environment, not functions.
        if (!/[a-z]/.test(name) || !existsSync(path.join(root, file))) continue;
        if (!new RegExp(`\\b${name}\\b`).test(readFileSync(path.join(root, file), 'utf8'))) wrong.push(`${name} in ${file}`);
      }
      expect(wrong).toEqual([]);
    });
  }
});

describe('README "Command line" lists the CLI as it is', () => {
  it('names every command scripts/cli.ts knows, and no other', () => {
    const cli = readFileSync(path.join(root, 'scripts/cli.ts'), 'utf8');
    const known = JSON.parse(/const known = (\[[^\]]*\])/.exec(cli)![1].replaceAll("'", '"')) as string[];
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Command line'), readme.indexOf('\n## ', readme.indexOf('## Command line') + 1));
    const listed = [...section.matchAll(/^\| `([a-z-]+(?: [a-z-]+)?)/gm)].map((match) => {
      const words = match[1].split(' ');
      return known.includes(match[1]) ? match[1] : words[0];
    });
    expect([...new Set(listed)].sort()).toEqual([...known].sort());
  });
});
