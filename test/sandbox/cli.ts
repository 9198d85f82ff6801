/**
 * Starts the Nutshell sandbox as a standalone process.
 *
 *   node test/sandbox/cli.ts [--port N] [--email E --api-key K]
 *
 * When ready, prints exactly one JSON line to stdout:
 *   {"origin":"http://127.0.0.1:N","apiBaseUrl":"http://127.0.0.1:N/rest","email":"...","apiKey":"..."}
 * Logs one line per request to stderr. Stops cleanly on SIGINT / SIGTERM.
 */
import { DEMO_CREDENTIALS, startSandbox } from './server.ts';
import type { SandboxCredentials } from './server.ts';

function usage(message: string): never {
  process.stderr.write(`${message}\nusage: node test/sandbox/cli.ts [--port N] [--email E --api-key K]\n`);
  process.exit(2);
}

function parseArgs(argv: string[]): { port: number; credentials: SandboxCredentials } {
  let port = 0;
  let email: string | undefined;
  let apiKey: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const inline = arg.startsWith('--') && eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || (inline === undefined && v.startsWith('--'))) usage(`missing value for ${name}`);
      return v;
    };
    switch (name) {
      case '--port': {
        const v = value();
        if (!/^\d+$/.test(v) || Number(v) > 65535) usage(`invalid port "${v}"`);
        port = Number(v);
        break;
      }
      case '--email':
        email = value();
        break;
      case '--api-key':
        apiKey = value();
        break;
      case '--help':
      case '-h':
        usage('Nutshell sandbox');
        break;
      default:
        usage(`unknown argument "${arg}"`);
    }
  }
  if ((email === undefined) !== (apiKey === undefined)) usage('--email and --api-key must be given together');
  return { port, credentials: email !== undefined && apiKey !== undefined ? { email, apiKey } : DEMO_CREDENTIALS };
}

const { port, credentials } = parseArgs(process.argv.slice(2));
const sandbox = await startSandbox({
  port,
  credentials: [credentials],
  log: (line) => process.stderr.write(`[sandbox] ${line}\n`),
});

process.stdout.write(
  JSON.stringify({ origin: sandbox.origin, apiBaseUrl: sandbox.apiBaseUrl, email: credentials.email, apiKey: credentials.apiKey }) + '\n',
);

let stopping = false;
function stop(signal: string): void {
  if (stopping) return;
  stopping = true;
  process.stderr.write(`[sandbox] ${signal} received, stopping\n`);
  sandbox.close().then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`[sandbox] error while closing: ${String(err)}\n`);
      process.exit(1);
    },
  );
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
