/**
 * What the extension-host suite, its runner extension and the two harnesses (code-server e2e,
 * @vscode/test-electron) share. No imports: this file is loaded both by Node (harnesses) and by
 * the bundled runner inside the extension host.
 */

export const PRODUCT_ID = 'nutshell-lead-capture.nutshell-lead-capture';
export const RUNNER_PUBLISHER = 'nutshell-tests';
export const RUNNER_NAME = 'nutshell-tests-runner';
export const RUNNER_ID = `${RUNNER_PUBLISHER}.${RUNNER_NAME}`;

/**
 * `http://127.0.0.1:<port>/<token>`: the code-server harness's control server. Set in the
 * environment of code-server (and so of its extension host). Without it the runner stays idle.
 */
export const CONTROL_URL_ENV = 'NUTSHELL_TESTS_CONTROL_URL';

/**
 * One extension host runs exactly one phase (a window reload starts a new host):
 * - `startup`: the product is installed but inactive, signed out; activation, commands,
 *   configuration scopes, SecretStorage round trip.
 * - `signedIn`: the harness signed the product in through its real input boxes (then reloaded);
 *   `nutshell.createLead` opens the panel without asking.
 * - `restored`: after another reload, the panel is back and the product active without a command.
 */
export const PHASES = ['startup', 'signedIn', 'restored'] as const;
export type Phase = (typeof PHASES)[number];

/** `code-server`: driven by test/e2e/extension-host.e2e.ts. `electron`: by test/vscode/run-electron.ts. */
export type RunnerMode = 'code-server' | 'electron';

/** Phases that can run without a harness that signs in and reloads (test-electron runs only these). */
export const STANDALONE_PHASES: readonly Phase[] = ['startup'];

export interface TestResult {
  /** Mocha's full title (suite titles + test title). */
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs: number;
  /** For failures: message, plus a diff for assertion errors. */
  error?: string;
  stack?: string;
  /** What the test observed, e.g. the exact error VS Code gave (see `note()` in suite/env.ts). */
  notes?: string[];
}

export interface PhaseReport {
  phase: Phase;
  mode: RunnerMode;
  hostId: string;
  pid: number;
  vscodeVersion: string;
  /** `isActive` of the product when the runner extension itself activated. */
  productActiveAtRunnerActivation: boolean;
  durationMs: number;
  tests: TestResult[];
  /** The suite could not even be loaded or run (then `tests` may be empty). */
  loadError?: string;
}

/**
 * Answer of `GET <control>/next`: which phase this host should run (`mode: 'electron'` runs it
 * exactly as test-electron's `run()` would, to check that path where no VS Code desktop is
 * available), or `wait` (ask again).
 */
export interface NextAnswer {
  phase?: Phase;
  mode?: RunnerMode;
  wait?: boolean;
}

/** One line per test, the same in the extension host's console and in the harness output. */
export function formatResult(r: TestResult): string {
  const mark = r.state === 'passed' ? '✔' : r.state === 'failed' ? '✘' : '-';
  const time = r.state === 'pending' ? ' (pending)' : ` (${r.durationMs} ms)`;
  const error = r.error ? `\n      ${r.error.split('\n').join('\n      ')}` : '';
  const notes = (r.notes ?? []).map((n) => `\n      note: ${n}`).join('');
  return `  ${mark} ${r.title}${time}${notes}${error}`;
}
