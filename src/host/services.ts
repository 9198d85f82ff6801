/**
 * What every command shares once the host module is loaded: the log, the credential store and a
 * Nutshell client factory wired to the editor's network settings.
 */
import * as vscode from 'vscode';
import type { Credentials } from '../core/credentials.ts';
import { NutshellClient } from '../core/nutshell-client.ts';
import { createDispatchers, type HttpDispatchers } from '../core/network.ts';
import type { Logger } from '../core/redact.ts';
import { CredentialStore } from './credential-store.ts';
import { createLog } from './log.ts';
import { apiBaseUrlSetting, describeBaseUrlProblem, networkSettings, requestTimeoutMs } from './settings.ts';

export class ConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigurationError';
  }
}

export interface ClientContext {
  client: NutshellClient;
  appOrigin: string;
}

export class Services implements vscode.Disposable {
  readonly channel: vscode.LogOutputChannel;
  readonly logger: Logger;
  readonly credentials: CredentialStore;
  readonly userAgent: string;
  readonly extensionUri: vscode.Uri;
  /** Per machine, not synced: the last-used owner and source. */
  readonly globalState: vscode.Memento;
  private dispatchers: HttpDispatchers | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(context: vscode.ExtensionContext) {
    this.extensionUri = context.extensionUri;
    this.globalState = context.globalState;
    // The log asks the store for the secrets to scrub; the store is created right after it.
    const { channel, logger } = createLog(() => this.credentials?.knownSecrets() ?? []);
    this.channel = channel;
    this.logger = logger;
    this.credentials = new CredentialStore(context.secrets, logger);
    const version = String((context.extension.packageJSON as { version?: unknown }).version ?? '0.0.0');
    this.userAgent = `nutshell-lead-capture/${version} (VS Code ${vscode.version}; ${process.platform})`;
    this.disposables.push(
      channel,
      this.credentials,
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('http')) {
          void this.resetNetwork();
        }
      }),
    );
  }

  /** Throws ConfigurationError when `nutshell.apiBaseUrl` is unusable. */
  clientFor(credentials: Credentials): ClientContext {
    const base = apiBaseUrlSetting();
    if (!base.ok) {
      throw new ConfigurationError(describeBaseUrlProblem(base));
    }
    this.dispatchers ??= createDispatchers(networkSettings());
    const dispatchers = this.dispatchers;
    const client = new NutshellClient({
      baseUrl: base.baseUrl,
      credentials,
      timeoutMs: requestTimeoutMs(),
      userAgent: this.userAgent,
      dispatcher: dispatchers.dispatcherFor(new URL(base.baseUrl)),
      viaProxy: (url) => dispatchers.usesProxy(url),
      logger: this.logger,
    });
    return { client, appOrigin: base.appOrigin };
  }

  private async resetNetwork(): Promise<void> {
    const previous = this.dispatchers;
    this.dispatchers = undefined;
    await previous?.close().catch(() => undefined);
  }

  dispose(): void {
    void this.resetNetwork();
    for (const disposable of this.disposables) {
      disposable.dispose();
    }
  }
}
