/**
 * `npm start`: try the extension in a real VS Code (code-server, in your browser) against the
 * local Nutshell sandbox. No Nutshell account needed; everything listens on 127.0.0.1.
 *
 * 1. checks the machine (test/e2e/prerequisites.ts; Chromium is not needed: you bring the browser),
 * 2. packages the extension (`npm run package` → dist-vsix/nutshell-lead-capture.vsix),
 * 3. starts the sandbox with the demo credentials on a free loopback port,
 * 4. starts code-server with the VSIX installed into a persistent, throw-away profile under
 *    .cache/try-it/ (user data, extensions, a small welcome workspace), `nutshell.apiBaseUrl`
 *    pointing at the sandbox. The port is kept across runs (.cache/try-it/port) so the browser's
 *    origin, and with it the signed-in state (SecretStorage lives in the browser), stays.
 * 5. prints the URL and the demo credentials; Ctrl+C (or SIGTERM) stops everything.
 *
 * Env: TRY_IT_PORT=<port> to choose code-server's port; E2E_REUSE_VSIX=1 to skip packaging.
 */
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as net from 'node:net';
import * as path from 'node:path';
import { CODE_SERVER_VERSION, REPO_ROOT, cleanupAll, ensureCodeServer, startCodeServer, type CodeServer } from './e2e/code-server.ts';
import { findProblems } from './e2e/prerequisites.ts';
import { packageProduct } from './e2e/product.ts';
import { DEMO_CREDENTIALS, startSandbox, type Sandbox } from './sandbox/server.ts';

const PROFILE = path.join(REPO_ROOT, '.cache', 'try-it');
const PORT_FILE = path.join(PROFILE, 'port');
const DEFAULT_PORT = 8123;

const WELCOME = `# Nutshell Lead Capture — try it

This VS Code runs in your browser (code-server) with the extension installed. It talks to a
**local Nutshell sandbox** with demo data, not to Nutshell: nothing you enter leaves this machine.

1. Press **F1** (or Ctrl+Shift+P) and run **Nutshell: Sign In**.
   - Email: \`${DEMO_CREDENTIALS.email}\`
   - API key: \`${DEMO_CREDENTIALS.apiKey}\`
2. Run **Nutshell: Create Lead**, fill in the form (try typing "acme" in Companies), press
   **Ctrl+Enter**, then **Open in Nutshell** (the sandbox's lead page).
3. Open \`signature.txt\`, select the signature, right-click → **Create Lead from Selection**.

**Nutshell: Show Log** shows what the extension did (without secrets). Stop with Ctrl+C in the
terminal that runs \`npm start\`. Delete \`.cache/try-it/\` to start over with a fresh profile.
`;

const SIGNATURE = `Thanks for the call today, we'd like a quote for 25 seats.

Best regards,
Avery Johnson
Head of Operations, Acme Widgets Inc.
avery.johnson@acme-widgets.example
+1 (555) 010-4477
`;

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

async function choosePort(): Promise<number> {
  const fromEnv = process.env['TRY_IT_PORT'];
  if (fromEnv) {
    const port = Number(fromEnv);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`TRY_IT_PORT is not a port: ${fromEnv}`);
    if (!(await isPortFree(port))) throw new Error(`TRY_IT_PORT=${port} is in use`);
    return port;
  }
  const remembered = Number(fs.existsSync(PORT_FILE) ? fs.readFileSync(PORT_FILE, 'utf8').trim() : DEFAULT_PORT);
  for (const candidate of [remembered, DEFAULT_PORT]) {
    if (Number.isInteger(candidate) && candidate > 0 && (await isPortFree(candidate))) return candidate;
  }
  // Both taken: any free port (the browser will see a new origin, i.e. signed out).
  const srv = net.createServer().listen(0, '127.0.0.1');
  await new Promise((r) => srv.once('listening', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

function checkMachine(): void {
  // Chromium and playwright drive the tests' browser; here the user opens their own.
  const problems = findProblems().filter((p) => !/chromium|playwright/i.test(p.what));
  if (problems.length === 0) return;
  const fixes = [...new Set(problems.map((p) => p.fix))];
  process.stderr.write(
    `npm start cannot run yet:\n${problems.map((p) => `  - ${p.what}`).join('\n')}\nFix:\n${fixes.map((f) => `  ${f}`).join('\n')}\n`,
  );
  process.exit(1);
}

function banner(server: CodeServer, sandbox: Sandbox, url: string): string {
  const rule = '─'.repeat(78);
  return [
    '',
    rule,
    ` Nutshell Lead Capture is running in VS Code (code-server ${CODE_SERVER_VERSION}).`,
    '',
    `   Open in your browser:  ${url}`,
    '',
    `   Sign in (F1 → "Nutshell: Sign In") with the sandbox's demo account:`,
    `     email    ${DEMO_CREDENTIALS.email}`,
    `     API key  ${DEMO_CREDENTIALS.apiKey}`,
    `   then F1 → "Nutshell: Create Lead".`,
    '',
    `   Sandbox API:  ${sandbox.apiBaseUrl}  (local demo data, no Nutshell account)`,
    `   Profile:      ${path.relative(REPO_ROOT, PROFILE)}/  (kept between runs; delete it to start over)`,
    `   Loopback only. From another machine: ssh -L ${server.port}:127.0.0.1:${server.port} <this host>`,
    '',
    ' Ctrl+C to stop.',
    rule,
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  checkMachine();
  const running: { sandbox?: Sandbox } = {};
  let stopping = false;
  /** Not a signal (code-server died): stop everything ourselves. */
  const stop = async (why: string, code: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`\n[try-it] ${why}: stopping…\n`);
    await cleanupAll();
    await running.sandbox?.close();
    process.exit(code);
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    // Under npm, Ctrl+C arrives twice (from the terminal, and forwarded by npm): the first one
    // starts the shutdown, later ones must not cut it short. This listener stays (`on`), so a
    // repeated signal never falls through to Node's default (which would skip the cleanup).
    if (stopping) return;
    stopping = true;
    process.stderr.write(`\n[try-it] ${signal === 'SIGINT' ? 'Ctrl+C' : signal}: stopping code-server and the sandbox…\n`);
    void running.sandbox?.close();
    // Once code-server.ts tracks something (a temp dir, code-server) it has its own one-shot
    // handler that stops the process group, removes the temp dirs and exits (130/143); a second
    // cleanupAll() here would return at once and race it. Before that there is nothing to stop.
    if (process.listenerCount(signal) <= 1) process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.prependListener('SIGINT', onSignal);
  process.prependListener('SIGTERM', onSignal);

  const vsix = packageProduct();
  await ensureCodeServer(); // first run: installs code-server into .cache/code-server (~2 min)

  const sandbox = await startSandbox({
    credentials: [DEMO_CREDENTIALS],
    log: (line) => process.stderr.write(`[sandbox] ${line}\n`),
  });
  running.sandbox = sandbox;

  const workspaceDir = path.join(PROFILE, 'workspace');
  await fsp.mkdir(workspaceDir, { recursive: true });
  await fsp.writeFile(path.join(workspaceDir, 'README.md'), WELCOME);
  await fsp.writeFile(path.join(workspaceDir, 'signature.txt'), SIGNATURE);

  const port = await choosePort();
  const server = await startCodeServer({
    vsixPaths: [vsix],
    settings: {
      'nutshell.apiBaseUrl': sandbox.apiBaseUrl,
      // Open the workspace's README.md as the welcome page.
      'workbench.startupEditor': 'readme',
    },
    userDataDir: path.join(PROFILE, 'user-data'),
    extensionsDir: path.join(PROFILE, 'extensions'),
    workspaceDir,
    port,
  });
  await fsp.writeFile(PORT_FILE, `${port}\n`);

  const url = `${server.url}?folder=${encodeURIComponent(workspaceDir)}`;
  process.stdout.write(banner(server, sandbox, url));

  // Stop too if code-server dies on its own.
  let failures = 0;
  const timer = setInterval(() => {
    fetch(`${server.url}healthz`, { signal: AbortSignal.timeout(3000) })
      .then((res) => {
        failures = res.ok ? 0 : failures + 1;
        return res.arrayBuffer();
      })
      .catch(() => {
        failures += 1;
      })
      .finally(() => {
        if (failures >= 3 && !stopping) {
          clearInterval(timer);
          process.stderr.write(`[try-it] code-server stopped answering. Its last output:\n${server.logTail(20)}\n`);
          void stop('code-server is gone', 1);
        }
      });
  }, 5000);
}

main().catch(async (error: unknown) => {
  process.stderr.write(`\n[try-it] failed: ${error instanceof Error ? error.message : String(error)}\n`);
  await cleanupAll();
  process.exit(1);
});
