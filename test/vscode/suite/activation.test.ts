/**
 * The product is installed, stays inactive until it is needed, and a command activates it and
 * registers every contributed command with its localized title.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import nls from '../../../package.nls.json' with { type: 'json' };
import { PRODUCT_ID } from '../protocol.ts';
import { phaseSuite, productExtension, runner, waitFor } from './env.ts';

/** Contributed command → its package.nls.json key. */
const COMMANDS: Readonly<Record<string, keyof typeof nls>> = {
  'nutshell.createLead': 'command.createLead',
  'nutshell.createLeadFromSelection': 'command.createLeadFromSelection',
  'nutshell.signIn': 'command.signIn',
  'nutshell.signOut': 'command.signOut',
  'nutshell.showLog': 'command.showLog',
};

interface Manifest {
  name: string;
  publisher: string;
  displayName: string;
  description: string;
  activationEvents?: string[];
  contributes: { commands: Array<{ command: string; title: string; category?: string }> };
}

phaseSuite('startup', 'product extension: installed, lazy activation, commands', () => {
  const manifest = (): Manifest => productExtension().packageJSON as Manifest;

  it(`is installed as ${PRODUCT_ID}`, () => {
    const ext = productExtension();
    assert.equal(ext.id, PRODUCT_ID);
    assert.equal(`${manifest().publisher}.${manifest().name}`, PRODUCT_ID);
  });

  it('was inactive when the runner started and is still inactive before any command', async () => {
    assert.equal((await runner()).productActiveAtActivation, false, 'product was already active when the runner activated');
    assert.equal(productExtension().isActive, false, 'product is active before any command ran');
  });

  it('declares only the panel activation event (commands activate it implicitly)', () => {
    assert.deepEqual(manifest().activationEvents, ['onWebviewPanel:nutshell.leadForm']);
  });

  it('shows the display name, description and command titles from package.nls.json', () => {
    const m = manifest();
    assert.equal(m.displayName, nls.displayName);
    assert.equal(m.description, nls.description);
    const contributed = Object.fromEntries(m.contributes.commands.map((c) => [c.command, c]));
    assert.deepEqual(Object.keys(contributed).sort(), Object.keys(COMMANDS).sort());
    for (const [command, key] of Object.entries(COMMANDS)) {
      assert.equal(contributed[command]?.title, nls[key], `title of ${command}`);
      assert.equal(contributed[command]?.category, 'Nutshell', `category of ${command}`);
      assert.doesNotMatch(contributed[command]?.title ?? '', /%/, `unresolved placeholder in ${command}`);
    }
  });

  it('has registered none of its commands while inactive', async () => {
    assert.equal(productExtension().isActive, false);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(
      Object.keys(COMMANDS).filter((c) => registered.has(c)),
      [],
      'commands registered before activation',
    );
  });

  it('activates on a command and then registers every contributed command', async () => {
    await vscode.commands.executeCommand('nutshell.showLog');
    await waitFor(() => productExtension().isActive, 'the product to be active after nutshell.showLog');
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(
      Object.keys(COMMANDS).filter((c) => !registered.has(c)),
      [],
      'contributed commands missing from getCommands(true)',
    );
  });
});
