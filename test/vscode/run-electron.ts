/**
 * The extension-host suite through @vscode/test-electron (VS Code desktop):
 *
 *   npm run test:vscode
 *   VSCODE_EXECUTABLE_PATH=/path/to/code npm run test:vscode     # a VS Code you already have
 *
 * The product is the development extension (this repo, `dist/` built first); the runner
 * (test/vscode/runner, unpacked into .cache/vscode-test/runner) is a second development
 * extension that gives the suite a context of its own, and its bundle's `run()` is the
 * `extensionTestsPath`. Without VSCODE_EXECUTABLE_PATH, test-electron downloads VS Code into
 * .cache/vscode-test (VSCODE_TEST_VERSION picks the version, default stable).
 *
 * Only the `startup` phase runs here (no harness signs in through the UI or reloads the window);
 * the signed-in and restored-panel suites are reported as pending. Under code-server all phases
 * run: node --test test/e2e/extension-host.e2e.ts.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { REPO_ROOT } from '../e2e/code-server.ts';
import { CONTROL_URL_ENV } from './protocol.ts';
import { writeRunnerExtension } from './runner/build.ts';

const CACHE = path.join(REPO_ROOT, '.cache', 'vscode-test');
const ELSEWHERE =
  'Run it where VS Code desktop can be downloaded (update.code.visualstudio.com reachable), or point ' +
  'VSCODE_EXECUTABLE_PATH at an installed VS Code (e.g. /usr/share/code/code), or run the same suite ' +
  'inside code-server instead: ./node_modules/.bin/node --test test/e2e/extension-host.e2e.ts';

function fail(message: string): never {
  process.stderr.write(`\ntest:vscode: ${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  console.log('test:vscode: building the extension (node esbuild.mjs) and the test runner…');
  execFileSync(process.execPath, ['esbuild.mjs'], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  const runnerDir = path.join(CACHE, 'runner');
  const runnerMain = await writeRunnerExtension(runnerDir);

  let vscodeExecutablePath = process.env['VSCODE_EXECUTABLE_PATH'];
  if (vscodeExecutablePath) {
    if (!fs.existsSync(vscodeExecutablePath)) fail(`VSCODE_EXECUTABLE_PATH does not exist: ${vscodeExecutablePath}`);
  } else {
    const version = process.env['VSCODE_TEST_VERSION'] ?? 'stable';
    console.log(`test:vscode: VSCODE_EXECUTABLE_PATH is not set; downloading VS Code ${version} into ${path.relative(REPO_ROOT, CACHE)}…`);
    try {
      vscodeExecutablePath = await downloadAndUnzipVSCode({ version, cachePath: CACHE, timeout: 20_000 });
    } catch (error) {
      fail(
        `could not download VS Code desktop (${error instanceof Error ? error.message : String(error)}).\n` +
          `This machine cannot reach the VS Code download servers, so this mode cannot run here.\n${ELSEWHERE}`,
      );
    }
  }

  // The folder the suite opens: its own settings try to redirect the API (must be ignored).
  const workspace = await fsp.mkdtemp(path.join(os.tmpdir(), 'nutshell-vscode-test-ws-'));
  await fsp.mkdir(path.join(workspace, '.vscode'));
  await fsp.writeFile(
    path.join(workspace, '.vscode', 'settings.json'),
    JSON.stringify({ 'nutshell.apiBaseUrl': 'https://attacker.example/rest', 'nutshell.requestTimeoutSeconds': 1 }, null, 2),
  );
  // A fresh profile per run (nothing left over from an earlier run, e.g. a restored panel).
  const userDataDir = path.join(CACHE, 'user-data');
  await fsp.rm(userDataDir, { recursive: true, force: true });
  delete process.env[CONTROL_URL_ENV]; // the runner stays idle; run() drives the suite

  try {
    const code = await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: [REPO_ROOT, runnerDir],
      extensionTestsPath: runnerMain,
      launchArgs: [
        workspace,
        '--disable-extensions',
        `--user-data-dir=${userDataDir}`,
        `--extensions-dir=${path.join(CACHE, 'extensions')}`,
        // Linux CI has no keyring; a deterministic SecretStorage backend for the round trip.
        '--password-store=basic',
      ],
    });
    if (code !== 0) fail(`VS Code exited with code ${code}`);
    console.log('test:vscode: passed');
  } catch (error) {
    fail(`the suite failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await fsp.rm(workspace, { recursive: true, force: true });
  }
}

await main();
