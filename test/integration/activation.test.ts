/**
 * Activation stays light: the built `dist/extension.js` registers the commands and the panel
 * serializer, and loads neither the host bundle nor undici nor zod until a command runs.
 * (Run after `npm run build`; `npm test` does that first.)
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const root = join(import.meta.dirname, '..', '..');
const extensionPath = join(root, 'dist', 'extension.js');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  contributes: { commands: { command: string }[] };
  activationEvents: string[];
};

describe('activation', () => {
  it('registers every contributed command and the serializer, and loads nothing heavy', () => {
    assert.ok(existsSync(extensionPath), 'dist/extension.js is built');
    const registered: string[] = [];
    const serializers: string[] = [];
    const loaded: string[] = [];
    const vscodeStub = {
      commands: {
        registerCommand: (id: string) => {
          registered.push(id);
          return { dispose() {} };
        },
      },
      window: {
        registerWebviewPanelSerializer: (viewType: string) => {
          serializers.push(viewType);
          return { dispose() {} };
        },
      },
    };
    const moduleWithLoad = Module as unknown as { _load: (request: string, parent: unknown, isMain: boolean) => unknown };
    const originalLoad = moduleWithLoad._load;
    moduleWithLoad._load = (request, parent, isMain) => {
      loaded.push(request);
      return request === 'vscode' ? vscodeStub : originalLoad(request, parent, isMain);
    };
    try {
      const require = createRequire(import.meta.url);
      const extension = require(extensionPath) as { activate(context: { subscriptions: unknown[] }): void };
      const context = { subscriptions: [] as unknown[] };
      extension.activate(context);
      assert.deepEqual(
        registered.sort(),
        manifest.contributes.commands.map((command) => command.command).sort(),
      );
      assert.deepEqual(serializers, ['nutshell.leadForm']);
      assert.ok(manifest.activationEvents.includes('onWebviewPanel:nutshell.leadForm'));
      assert.equal(context.subscriptions.length, registered.length + serializers.length);
    } finally {
      moduleWithLoad._load = originalLoad;
    }
    assert.deepEqual(
      loaded.filter((request) => request !== extensionPath),
      ['vscode'],
      'activation requires only the vscode module',
    );
  });

  it('has no eager activation event', () => {
    assert.deepEqual(
      manifest.activationEvents.filter((event) => event === '*' || event === 'onStartupFinished'),
      [],
    );
  });
});
