/**
 * Activation entry. It only registers the commands and the panel serializer; the host module
 * (undici, zod, the webview) is required on first use so that activation stays cheap.
 */
import * as vscode from 'vscode';
import type { Host } from './host/index.ts';

type HostModule = typeof import('./host/index.ts');

let host: Host | undefined;

function loadHost(context: vscode.ExtensionContext): Host {
  if (!host) {
    // A runtime require of the separate bundle (esbuild keeps `./host.js` external).
    const module = require('./host.js') as HostModule;
    host = module.createHost(context);
    context.subscriptions.push(host);
  }
  return host;
}

export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('nutshell.createLead', () => loadHost(context).createLead()),
    vscode.commands.registerCommand('nutshell.createLeadFromSelection', () => loadHost(context).createLeadFromSelection()),
    vscode.commands.registerCommand('nutshell.signIn', () => loadHost(context).signIn()),
    vscode.commands.registerCommand('nutshell.signOut', () => loadHost(context).signOut()),
    vscode.commands.registerCommand('nutshell.showLog', () => loadHost(context).showLog()),
    vscode.window.registerWebviewPanelSerializer('nutshell.leadForm', {
      deserializeWebviewPanel: async (panel) => {
        loadHost(context).restorePanel(panel);
      },
    }),
  );
}

export function deactivate(): void {
  host = undefined;
}
