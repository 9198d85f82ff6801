/**
 * The run the suite is part of (mode, phase), access to the runner extension's context, and
 * small helpers shared by the test files. Bundled into the runner; runs in the extension host.
 */
import * as vscode from 'vscode';
import { PRODUCT_ID, RUNNER_ID, STANDALONE_PHASES, type Phase, type RunnerMode } from '../protocol.ts';

export interface RunInfo {
  mode: RunnerMode;
  phase: Phase;
}

/** What the runner extension's `activate()` returns (its exports). */
export interface RunnerExports {
  context: vscode.ExtensionContext;
  productActiveAtActivation: boolean;
}

let current: RunInfo | undefined;
let notes: string[] = [];

/** Adds an observation to the running test's result (printed under its line by both harnesses). */
export function note(text: string): void {
  notes.push(text);
}

/** The notes of the test that just ended (the reporter calls this). */
export function takeNotes(): string[] {
  const taken = notes;
  notes = [];
  return taken;
}

export function setRun(info: RunInfo): void {
  current = info;
}

export function currentRun(): RunInfo {
  if (!current) throw new Error('the suite is not running (setRun was not called)');
  return current;
}

/**
 * Registers a top-level suite for one phase. In the phase that runs it is a normal `describe`;
 * in test-electron mode, suites of phases that need the code-server harness (sign-in through
 * the UI, window reload) are listed as pending so the report says what was not covered.
 * In code-server mode other phases are not registered at all (another host runs them).
 */
export function phaseSuite(phase: Phase, title: string, fn: (this: Mocha.Suite) => void): void {
  const run = currentRun();
  if (run.phase === phase) {
    describe(`[${phase}] ${title}`, fn);
  } else if (run.mode === 'electron' && !STANDALONE_PHASES.includes(phase)) {
    describe.skip(`[${phase}] ${title} — runs only under the code-server harness (test/e2e/extension-host.e2e.ts)`, fn);
  }
}

export function productExtension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(PRODUCT_ID);
  if (!ext) {
    throw new Error(
      `${PRODUCT_ID} is not installed in this extension host; installed: ${vscode.extensions.all
        .map((e) => e.id)
        .filter((id) => !id.startsWith('vscode.'))
        .join(', ')}`,
    );
  }
  return ext;
}

/** The runner extension's exports (its ExtensionContext), activating it if needed (test-electron). */
export async function runner(): Promise<RunnerExports> {
  const ext = vscode.extensions.getExtension<RunnerExports>(RUNNER_ID);
  if (!ext) throw new Error(`the runner extension ${RUNNER_ID} is not installed`);
  const exports = ext.isActive ? ext.exports : await ext.activate();
  if (!exports?.context) throw new Error(`${RUNNER_ID} did not export its context`);
  return exports;
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `probe` until it returns a truthy value; throws `describe()` on timeout. */
export async function waitFor<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  timeoutMs = 15_000,
  describeState: () => string = () => '',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) {
      const state = describeState();
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${state ? `; ${state}` : ''}`);
    }
    await delay(100);
  }
}

/** Rejects with `message` if `promise` does not settle within `ms`. */
export async function withTimeout<T>(promise: Thenable<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      Promise.resolve(promise),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(message)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Every editor tab, as `label [input kind/viewType]`, for failure messages. */
export function describeTabs(): string {
  const tabs = vscode.window.tabGroups.all.flatMap((group) =>
    group.tabs.map((tab) => {
      const input = tab.input;
      const kind =
        input instanceof vscode.TabInputWebview
          ? `webview ${input.viewType}`
          : input instanceof vscode.TabInputText
            ? `text ${input.uri.toString()}`
            : input === undefined
              ? 'unknown'
              : (input as object).constructor.name;
      return `${JSON.stringify(tab.label)} [${kind}]${tab.isActive ? ' (active)' : ''}`;
    }),
  );
  return `tabs: ${tabs.length ? tabs.join(', ') : '(none)'}`;
}
