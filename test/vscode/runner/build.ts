/**
 * Builds the test-runner extension: one esbuild bundle (`dist/runner.js`) holding the runner,
 * the mocha suite, mocha itself and the product modules the suite imports (`src/host/*`,
 * `src/core/*`), with `vscode` external. Used by both harnesses:
 *
 * - `buildRunnerVsix()` → a VSIX (vsce, via test/e2e/vsix.ts) for the code-server profile;
 * - `writeRunnerExtension(dir)` → an unpacked extension folder for test-electron's
 *   `extensionDevelopmentPath` (its `dist/runner.js` is also the `extensionTestsPath`).
 */
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { REPO_ROOT } from '../../e2e/code-server.ts';
import { buildTestExtension } from '../../e2e/vsix.ts';
import { RUNNER_NAME, RUNNER_PUBLISHER } from '../protocol.ts';

const ENTRY = path.join(REPO_ROOT, 'test', 'vscode', 'runner', 'extension.ts');
export const RUNNER_MAIN = 'dist/runner.js';

export const RUNNER_MANIFEST: Readonly<Record<string, unknown>> = {
  name: RUNNER_NAME,
  publisher: RUNNER_PUBLISHER,
  displayName: 'Nutshell Extension-Host Tests',
  description: 'Runs the Nutshell Lead Capture extension-host suite (test profiles only).',
  version: '0.0.1',
  license: 'MIT',
  private: true,
  engines: { vscode: '^1.101.0' },
  main: `./${RUNNER_MAIN}`,
  activationEvents: ['onStartupFinished'],
  // Same extension host as the product (code-server: the remote one).
  extensionKind: ['workspace'],
  capabilities: { untrustedWorkspaces: { supported: true }, virtualWorkspaces: true },
};

/** The runner bundle's source text. */
export async function bundleRunner(): Promise<string> {
  const result = await esbuild.build({
    entryPoints: [ENTRY],
    absWorkingDir: REPO_ROOT,
    bundle: true,
    write: false,
    platform: 'node',
    format: 'cjs',
    // The oldest supported VS Code (1.101) runs extensions on Node 22.15.
    target: 'node22',
    external: ['vscode'],
    sourcemap: 'inline',
    sourcesContent: false,
    logLevel: 'warning',
    // Mocha's parallel mode (unused) resolves worker files at run time.
    logOverride: { 'require-resolve-not-external': 'silent' },
    define: { 'process.env.NODE_ENV': '"test"' },
  });
  const out = result.outputFiles[0];
  if (!out) throw new Error('esbuild produced no runner bundle');
  return out.text;
}

/** Packages the runner as a VSIX in a temp dir (removed at exit); returns its path. */
export async function buildRunnerVsix(): Promise<string> {
  return buildTestExtension({ manifest: { ...RUNNER_MANIFEST }, files: { [RUNNER_MAIN]: await bundleRunner() } });
}

/** Writes the runner as an unpacked extension into `dir`; returns the bundle's path. */
export async function writeRunnerExtension(dir: string): Promise<string> {
  await fsp.rm(dir, { recursive: true, force: true });
  await fsp.mkdir(path.join(dir, path.dirname(RUNNER_MAIN)), { recursive: true });
  await fsp.writeFile(path.join(dir, 'package.json'), JSON.stringify(RUNNER_MANIFEST, null, 2));
  const main = path.join(dir, RUNNER_MAIN);
  await fsp.writeFile(main, await bundleRunner());
  return main;
}
