/**
 * The host module, loaded on first use of any command (see `extension.ts`). Everything heavy —
 * undici, the zod schemas, the webview HTML — lives behind this entry.
 */
import * as vscode from 'vscode';
import { SecretStorageUnavailableError, describeSecretStorageFailure } from './credential-store.ts';
import { captureSelection } from '../core/selection-capture.ts';
import { LeadPanel } from './lead-panel.ts';
import { Services } from './services.ts';
import { signIn, signOut } from './sign-in.ts';

export interface Host extends vscode.Disposable {
  createLead(): Promise<void>;
  createLeadFromSelection(): Promise<void>;
  signIn(): Promise<void>;
  signOut(): Promise<void>;
  showLog(): void;
  restorePanel(panel: vscode.WebviewPanel): void;
}

export function createHost(context: vscode.ExtensionContext): Host {
  const services = new Services(context);

  /** Signs in first when needed; returns the panel, or undefined when the user gave up. */
  async function openForm(): Promise<LeadPanel | undefined> {
    let credentials;
    try {
      credentials = await services.credentials.get();
    } catch (error) {
      if (error instanceof SecretStorageUnavailableError) {
        void vscode.window.showErrorMessage(describeSecretStorageFailure(error));
        return undefined;
      }
      throw error;
    }
    // Without credentials, sign in first, then carry on to the form.
    if (!credentials && !(await signIn(services))) {
      return undefined;
    }
    return LeadPanel.showOrCreate(services);
  }

  return {
    async createLead() {
      await openForm();
    },
    async createLeadFromSelection() {
      const editor = vscode.window.activeTextEditor;
      const text = editor
        ? editor.selections.map((selection) => editor.document.getText(selection)).join('\n').trim()
        : '';
      if (!text) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Select some text first, such as an email signature.'));
        return;
      }
      const panel = await openForm();
      await panel?.applySelection(captureSelection(text));
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
