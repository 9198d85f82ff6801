/**
 * Runs the extension-host suite with mocha (bundled) inside the extension host.
 *
 * - `runSuite({ mode, phase })` runs one phase and returns a PhaseReport (the runner extension
 *   sends it to the code-server harness).
 * - `run()` is the `extensionTestsPath` entry for @vscode/test-electron: it runs the `startup`
 *   phase and rejects when a test failed or none ran.
 *
 * Test files are loaded with dynamic imports *after* mocha's `pre-require`, so their top-level
 * `describe` calls see mocha's BDD globals. A module's body runs once per extension host, so a
 * host runs exactly one phase (the harness reloads the window between phases).
 */
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { formatResult, type Phase, type PhaseReport, type RunnerMode, type TestResult } from '../protocol.ts';
import { runner, setRun, takeNotes } from './env.ts';

/** In load order: activation first, so that nothing else has touched the product yet. */
const TEST_FILES: ReadonlyArray<() => Promise<unknown>> = [
  () => import('./activation.test.ts'),
  () => import('./configuration.test.ts'),
  () => import('./secrets.test.ts'),
  () => import('./panel.test.ts'),
];

let ran = false;

function errorText(error: unknown): { message: string; stack?: string } {
  if (!(error instanceof Error)) return { message: String(error) };
  const e = error as Error & { actual?: unknown; expected?: unknown; showDiff?: boolean; generatedMessage?: boolean };
  let message = `${e.name}: ${e.message}`;
  if ('expected' in e && 'actual' in e && !e.generatedMessage) {
    message += `\nexpected: ${safeJson(e.expected)}\nactual:   ${safeJson(e.actual)}`;
  }
  return { message, stack: e.stack };
}

function safeJson(value: unknown): string {
  if (value instanceof RegExp) return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Collects one TestResult per test (and per failed hook) and prints a line for each. */
function collectingReporter(results: TestResult[]): typeof Mocha.reporters.Base {
  const { EVENT_TEST_BEGIN, EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING } = Mocha.Runner.constants;
  return class Collector extends Mocha.reporters.Base {
    constructor(run: Mocha.Runner, options?: Mocha.MochaOptions) {
      super(run, options);
      const push = (result: TestResult): void => {
        const notes = takeNotes();
        if (notes.length) result.notes = notes;
        results.push(result);
        console.log(formatResult(result));
      };
      run.on(EVENT_TEST_BEGIN, () => void takeNotes());
      run.on(EVENT_TEST_PASS, (test) => push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration ?? 0 }));
      run.on(EVENT_TEST_PENDING, (test) => push({ title: test.fullTitle(), state: 'pending', durationMs: 0 }));
      run.on(EVENT_TEST_FAIL, (test, error: unknown) => {
        const { message, stack } = errorText(error);
        push({ title: test.fullTitle(), state: 'failed', durationMs: test.duration ?? 0, error: message, stack });
      });
    }
  };
}

export async function runSuite(options: { mode: RunnerMode; phase: Phase; hostId?: string }): Promise<PhaseReport> {
  const started = Date.now();
  const tests: TestResult[] = [];
  const report = (extra: Partial<PhaseReport> = {}): PhaseReport => ({
    phase: options.phase,
    mode: options.mode,
    hostId: options.hostId ?? '',
    pid: process.pid,
    vscodeVersion: vscode.version,
    productActiveAtRunnerActivation: false,
    durationMs: Date.now() - started,
    tests,
    ...extra,
  });
  let productActiveAtRunnerActivation = false;
  try {
    if (ran) throw new Error('the suite already ran in this extension host; reload the window to run another phase');
    ran = true;
    productActiveAtRunnerActivation = (await runner()).productActiveAtActivation;
    setRun({ mode: options.mode, phase: options.phase });

    const mocha = new Mocha({ ui: 'bdd', timeout: 30_000, color: false, reporter: collectingReporter(tests) });
    mocha.suite.emit(Mocha.Suite.constants.EVENT_FILE_PRE_REQUIRE, globalThis, 'extension-host-suite', mocha);
    for (const load of TEST_FILES) await load();
    console.log(`extension-host suite: phase ${options.phase}, mode ${options.mode}, VS Code ${vscode.version}`);
    await new Promise<number>((resolve) => mocha.run(resolve));
  } catch (error) {
    const { message, stack } = errorText(error);
    return report({ productActiveAtRunnerActivation, loadError: `${message}\n${stack ?? ''}` });
  }
  return report({ productActiveAtRunnerActivation });
}

/** Summary line; also the reason to fail, if any. */
export function verdict(report: PhaseReport): { ok: boolean; summary: string } {
  const count = (state: TestResult['state']): number => report.tests.filter((t) => t.state === state).length;
  const passed = count('passed');
  const failed = count('failed');
  const pending = count('pending');
  const summary = `${report.phase}: ${passed} passed, ${failed} failed, ${pending} pending in ${report.durationMs} ms`;
  if (report.loadError) return { ok: false, summary: `${summary}; the suite did not run: ${report.loadError}` };
  if (failed > 0) return { ok: false, summary };
  if (passed === 0) return { ok: false, summary: `${summary}; no test passed (an empty run is a failure)` };
  return { ok: true, summary };
}

/** @vscode/test-electron entry (`extensionTestsPath`). */
export async function run(): Promise<void> {
  console.log(
    'test-electron mode: running the "startup" phase. The signed-in and restored-panel phases need a harness that ' +
      'signs in through the UI and reloads the window; they are listed as pending here and run under code-server ' +
      '(node --test test/e2e/extension-host.e2e.ts).',
  );
  const report = await runSuite({ mode: 'electron', phase: 'startup' });
  const { ok, summary } = verdict(report);
  console.log(summary);
  if (!ok) throw new Error(`extension-host suite failed: ${summary}`);
}
