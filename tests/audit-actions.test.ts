import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '../lib/audit/audit-actions';
import { PORTAL_AUDIT_ACTIONS } from '../lib/portal/record-portal-use';

// The console's Action filter offers every action the audit log can hold: each action the
// code records (an `action:` given to recordAudit or recordUserAudit, and the portal's
// actions) is listed in lib/audit/audit-actions.ts.

const root = path.resolve(import.meta.dirname, '..');

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const full = path.join(directory, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
  });
}

describe('the audit log Action filter', () => {
  it('lists every action the code records', () => {
    const recorded = new Set<string>(Object.values(PORTAL_AUDIT_ACTIONS));
    for (const file of ['lib', 'app', 'scripts'].flatMap((directory) => sourceFiles(path.join(root, directory)))) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/\baction:\s*((?:'[^']*'|[^,}\n])+)/g)) {
        for (const literal of match[1].matchAll(/'([a-z_]+\.[a-z_]+)'/g)) recorded.add(literal[1]);
      }
    }
    // What portal routes pass recordPortalUse are its own names, mapped to the audit actions above.
    for (const portalName of Object.keys(PORTAL_AUDIT_ACTIONS)) recorded.delete(portalName);
    expect(recorded.size).toBeGreaterThan(30);
    expect([...recorded].filter((action) => !AUDIT_ACTIONS.includes(action)).sort()).toEqual([]);
    expect(new Set(AUDIT_ACTIONS).size).toBe(AUDIT_ACTIONS.length);
  });
});
