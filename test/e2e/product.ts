/**
 * The product under test: the packaged VSIX (built with `npm run package`, exactly what users
 * install), the local Nutshell sandbox, and code-server with the VSIX installed into a fresh
 * profile and `nutshell.apiBaseUrl` pointed at the sandbox.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { startSandbox, type Sandbox, type SandboxOptions } from '../sandbox/server.ts';
import { REPO_ROOT, startCodeServer, type CodeServer, type StartOptions } from './code-server.ts';

export const PRODUCT_VSIX = path.join(REPO_ROOT, 'dist-vsix', 'nutshell-lead-capture.vsix');
export const EXTENSION_ID = 'nutshell-lead-capture.nutshell-lead-capture';

let packaged = false;

/**
 * Packages the extension once per process. `E2E_REUSE_VSIX=1` skips it when a VSIX exists
 * (for quick local iterations on the tests only).
 */
export function packageProduct(): string {
  if (packaged || (process.env['E2E_REUSE_VSIX'] === '1' && existsSync(PRODUCT_VSIX))) {
    return PRODUCT_VSIX;
  }
  console.log('[e2e] packaging the extension (npm run package)…');
  execFileSync('npm', ['run', '--silent', 'package'], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  packaged = true;
  return PRODUCT_VSIX;
}

export interface Product {
  sandbox: Sandbox;
  server: CodeServer;
  stop(): Promise<void>;
}

export interface StartProductOptions {
  sandbox?: SandboxOptions;
  /** An already running sandbox to point at (its lifetime stays with the caller). */
  existingSandbox?: Sandbox;
  settings?: Record<string, unknown>;
  /** More VSIXs for the same profile (e.g. the extension-host test runner). */
  extraVsixPaths?: string[];
  codeServer?: Partial<Omit<StartOptions, 'vsixPaths' | 'settings'>>;
}

export async function startProduct(options: StartProductOptions = {}): Promise<Product> {
  const vsix = packageProduct();
  const sandbox = options.existingSandbox ?? (await startSandbox(options.sandbox));
  let server: CodeServer;
  try {
    server = await startCodeServer({
      ...options.codeServer,
      vsixPaths: [vsix, ...(options.extraVsixPaths ?? [])],
      settings: { 'nutshell.apiBaseUrl': sandbox.apiBaseUrl, ...options.settings },
    });
  } catch (error) {
    if (!options.existingSandbox) {
      await sandbox.close();
    }
    throw error;
  }
  return {
    sandbox,
    server,
    async stop() {
      await server.stop();
      if (!options.existingSandbox) {
        await sandbox.close();
      }
    },
  };
}
