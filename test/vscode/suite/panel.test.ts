/**
 * The "New Nutshell Lead" panel opens when signed in, and comes back after a window reload with
 * the product activated by `onWebviewPanel:nutshell.leadForm` + its serializer, not by a command.
 *
 * Both phases need the code-server harness: it signs the product in through its real input
 * boxes (the product's secrets are out of reach of this suite) and reloads the window.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { describeTabs, note, phaseSuite, productExtension, runner, waitFor, withTimeout } from './env.ts';

const TITLE = 'New Nutshell Lead';
const VIEW_TYPE = 'nutshell.leadForm';

function leadTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith(VIEW_TYPE));
}

function assertLeadTab(tab: vscode.Tab): void {
  assert.equal(tab.label, TITLE);
  assert.ok(tab.input instanceof vscode.TabInputWebview);
  // VS Code prefixes extension webview types (1.139: "mainThreadWebview-nutshell.leadForm").
  assert.match(tab.input.viewType, /(^|-)nutshell\.leadForm$/);
  note(`tab ${JSON.stringify(tab.label)}, TabInputWebview.viewType ${JSON.stringify(tab.input.viewType)}`);
}

phaseSuite('signedIn', 'lead panel: opens when signed in', () => {
  it(`nutshell.createLead opens a "${TITLE}" webview tab without asking to sign in`, async () => {
    assert.deepEqual(leadTabs(), [], `a lead tab is open already; ${describeTabs()}`);
    try {
      await withTimeout(
        vscode.commands.executeCommand('nutshell.createLead'),
        20_000,
        'nutshell.createLead did not return within 20 s: it is probably showing the sign-in input box, i.e. the ' +
          'product is signed out (did the sign-in survive the reload?)',
      );
    } catch (error) {
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      throw error;
    }
    const tab = await waitFor(() => leadTabs()[0], 'the lead form tab', 15_000, describeTabs);
    assertLeadTab(tab);
    assert.ok(tab.isActive, 'the new tab is the active one');
    assert.ok(productExtension().isActive);
  });

  it('running it again reveals the same tab instead of opening a second one', async () => {
    await withTimeout(vscode.commands.executeCommand('nutshell.createLead'), 20_000, 'nutshell.createLead did not return');
    assert.equal(leadTabs().length, 1, describeTabs());
  });
});

phaseSuite('restored', 'lead panel: restored after a window reload', () => {
  it(`the "${TITLE}" tab is back`, async () => {
    const tab = await waitFor(() => leadTabs()[0], 'the restored lead form tab', 30_000, describeTabs);
    assertLeadTab(tab);
    assert.equal(leadTabs().length, 1, describeTabs());
  });

  it('the product is active again although no command ran in this window (onWebviewPanel + serializer)', async () => {
    // This host ran no command; the harness ran none after the reload either.
    note(`product active when the runner activated (onStartupFinished): ${(await runner()).productActiveAtActivation}`);
    await waitFor(() => productExtension().isActive, 'the product to activate for the restored panel', 30_000);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.ok(registered.has('nutshell.createLead'), 'activation registered the commands');
  });
});
