/**
 * Credentials live in one SecretStorage entry and nowhere else. When the OS keychain is
 * unavailable, we say what to fix instead of falling back to a weaker store.
 */
import * as vscode from 'vscode';
import {
  CREDENTIALS_SECRET_KEY,
  parseStoredCredentials,
  secretsOf,
  serializeCredentials,
  type Credentials,
} from '../core/credentials.ts';
import type { Logger } from '../core/redact.ts';

export class SecretStorageUnavailableError extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'SecretStorageUnavailableError';
  }
}

export function describeSecretStorageFailure(error: SecretStorageUnavailableError): string {
  return vscode.l10n.t(
    'VS Code could not use the system keychain to keep your Nutshell API key ({0}). On Linux, install and unlock a Secret Service keyring such as GNOME Keyring or KWallet (or start VS Code with a --password-store option that your desktop supports), then try again. The key is never stored anywhere else.',
    error.message,
  );
}

function sameCredentials(a: Credentials | undefined, b: Credentials | undefined): boolean {
  return a?.email === b?.email && a?.apiKey === b?.apiKey;
}

export class CredentialStore implements vscode.Disposable {
  private cached: Credentials | undefined | null = null;
  private readonly changeEmitter = new vscode.EventEmitter<Credentials | undefined>();
  private readonly subscription: vscode.Disposable;
  readonly onDidChange = this.changeEmitter.event;

  private readonly secrets: vscode.SecretStorage;
  private readonly logger: Logger;

  constructor(secrets: vscode.SecretStorage, logger: Logger) {
    this.secrets = secrets;
    this.logger = logger;
    // Another window signing in or out changes the same entry: follow it.
    this.subscription = secrets.onDidChange(async (event) => {
      if (event.key !== CREDENTIALS_SECRET_KEY) {
        return;
      }
      // This window's own store()/delete() also arrive here; fire only for a real change.
      const previous = this.cached;
      this.cached = null;
      const current = await this.get().catch(() => undefined);
      if (previous === null || !sameCredentials(previous, current)) {
        this.changeEmitter.fire(current);
      }
    });
  }

  /** The secrets to scrub from logs: whatever is cached right now. */
  knownSecrets(): readonly string[] {
    return this.cached ? secretsOf(this.cached) : [];
  }

  async get(): Promise<Credentials | undefined> {
    if (this.cached !== null) {
      return this.cached;
    }
    let stored: string | undefined;
    try {
      stored = await this.secrets.get(CREDENTIALS_SECRET_KEY);
    } catch (error) {
      throw new SecretStorageUnavailableError(error);
    }
    const credentials = parseStoredCredentials(stored);
    if (stored && !credentials) {
      this.logger.warn('The stored credentials could not be read; treating this as signed out.');
    }
    this.cached = credentials;
    return credentials;
  }

  async store(credentials: Credentials): Promise<void> {
    await this.write(credentials, () => this.secrets.store(CREDENTIALS_SECRET_KEY, serializeCredentials(credentials)));
  }

  async delete(): Promise<void> {
    await this.write(undefined, () => this.secrets.delete(CREDENTIALS_SECRET_KEY));
  }

  /**
   * The cache takes the new value before the write, so SecretStorage's echo of this window's own
   * change (which may arrive before the write resolves) is recognised and not fired twice.
   */
  private async write(next: Credentials | undefined, operation: () => Thenable<void>): Promise<void> {
    const previous = this.cached;
    this.cached = next;
    try {
      await operation();
    } catch (error) {
      this.cached = previous;
      throw new SecretStorageUnavailableError(error);
    }
    this.changeEmitter.fire(next);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changeEmitter.dispose();
  }
}
