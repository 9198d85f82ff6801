/**
 * Build small throw-away VS Code extensions (VSIX) for e2e tests, packaged
 * with the repo's @vscode/vsce.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { NODE24_BIN, REPO_ROOT, makeTempDir } from './code-server.ts';

const VSCE = path.join(REPO_ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');

export interface TestExtension {
  /** package.json manifest; name/publisher/version/engines get defaults. */
  manifest: Record<string, unknown>;
  /** Files relative to the extension root, e.g. { 'extension.js': '…' }. */
  files: Record<string, string>;
}

/** Package an extension from in-memory files into a VSIX in a temp dir; returns its path. */
export async function buildTestExtension(ext: TestExtension): Promise<string> {
  const dir = await makeTempDir('ext');
  const manifest: Record<string, unknown> = {
    version: '0.0.1',
    publisher: 'e2e-tests',
    engines: { vscode: '^1.100.0' },
    license: 'MIT',
    ...ext.manifest,
  };
  await fsp.writeFile(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  for (const [rel, content] of Object.entries(ext.files)) {
    const file = path.join(dir, rel);
    await fsp.mkdir(path.dirname(file), { recursive: true });
    await fsp.writeFile(file, content);
  }
  if (!ext.files['README.md']) await fsp.writeFile(path.join(dir, 'README.md'), `# ${String(manifest['name'])}\n\nE2E test fixture.\n`);
  const out = path.join(dir, `${String(manifest['name'])}.vsix`);
  const child = spawn(
    NODE24_BIN,
    [VSCE, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', out],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  child.stdout.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr.on('data', (d: Buffer) => (log += d.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`vsce package failed (exit ${code}) in ${dir}:\n${log}`);
  return out;
}
