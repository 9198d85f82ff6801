/**
 * The host module, loaded on first use of any command (see `extension.ts`). Everything heavy —
 * undici, the zod schemas, the webview HTML — lives behind this entry.
 */
import * as vscode from 'vscode';
import { SecretStorageUnavailableError, describeSecretStorageFailure } from './credential-store.ts';
import { LeadPanel } from './lead-panel.ts';
import { Services } from './services.ts';
import { signIn, signOut } from './sign-in.ts';

export interface Host extends vscode.Disposable {
  createLead(): Promise<void>;
  signIn(): Promise<void>;
  signOut(): Promise<void>;
  showLog(): void;
  restorePanel(panel: vscode.WebviewPanel): void;
}

export function createHost(context: vscode.ExtensionContext): Host {
  const services = new Services(context);
  return {
    async createLead() {
      let credentials;
      try {
        credentials = await services.credentials.get();
      } catch (error) {
        if (error instanceof SecretStorageUnavailableError) {
          void vscode.window.showErrorMessage(describeSecretStorageFailure(error));
          return;
        }
        throw error;
      }
      // Without credentials, sign in first, then carry on to the form.
      if (!credentials && !(await signIn(services))) {
        return;
      }
      LeadPanel.showOrCreate(services);
    },
    async signIn() {
      await signIn(services);
    },
    async signOut() {
      await signOut(services);
    },
    showLog() {
      services.channel.show(true);
    },
    restorePanel(panel) {
      LeadPanel.restore(services, panel);
    },
    dispose() {
      services.dispose();
    },
  };
}
