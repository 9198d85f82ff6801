/**
 * `nutshell.*` settings are application-scoped: a workspace's `.vscode/settings.json` must not
 * be able to redirect the API key. The harness opens a folder whose `.vscode/settings.json` sets
 * another `nutshell.apiBaseUrl` (and `requestTimeoutSeconds: 1`); the user setting is the real one.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DEFAULT_API_BASE_URL } from '../../../src/core/endpoint.ts';
import { apiBaseUrlSetting, requestTimeoutMs } from '../../../src/host/settings.ts';
import { note, phaseSuite } from './env.ts';

/** Used as the user value when the profile has none (test-electron). */
const FALLBACK_USER_URL = 'http://127.0.0.1:9/rest';

async function workspaceSettingsFile(): Promise<{ uri: vscode.Uri; text: string; json: Record<string, unknown> }> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the harness must open a folder');
  const uri = vscode.Uri.joinPath(folder.uri, '.vscode', 'settings.json');
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  return { uri, text, json: JSON.parse(text) as Record<string, unknown> };
}

phaseSuite('startup', 'configuration: application scope', () => {
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('nutshell');
  let workspaceUrl: string;
  let userUrl: string;
  let restoreUser: (() => Thenable<void>) | undefined;

  before(async () => {
    const { json } = await workspaceSettingsFile();
    workspaceUrl = String(json['nutshell.apiBaseUrl']);
    const user = config().inspect<string>('apiBaseUrl')?.globalValue;
    if (user === undefined) {
      // test-electron's fresh profile has no user value: make one, and remove it afterwards.
      await config().update('apiBaseUrl', FALLBACK_USER_URL, vscode.ConfigurationTarget.Global);
      restoreUser = () => config().update('apiBaseUrl', undefined, vscode.ConfigurationTarget.Global);
    }
    userUrl = config().inspect<string>('apiBaseUrl')?.globalValue ?? '';
  });

  after(async () => {
    await restoreUser?.();
  });

  it('opens a folder whose .vscode/settings.json sets another API URL (precondition)', () => {
    assert.match(workspaceUrl, /^https?:\/\//, 'workspace settings must set nutshell.apiBaseUrl');
    assert.match(userUrl, /^https?:\/\//, 'a user value of nutshell.apiBaseUrl');
    assert.notEqual(workspaceUrl, userUrl);
  });

  it('declares the documented defaults', () => {
    assert.equal(config().inspect('apiBaseUrl')?.defaultValue, DEFAULT_API_BASE_URL);
    assert.equal(DEFAULT_API_BASE_URL, 'https://app.nutshell.com/rest');
    assert.equal(config().inspect('requestTimeoutSeconds')?.defaultValue, 30);
  });

  it('ignores the workspace value: inspect() has no workspaceValue and get() is the user value', () => {
    const inspected = config().inspect<string>('apiBaseUrl');
    note(`inspect('nutshell.apiBaseUrl') = ${JSON.stringify(inspected)} (workspace file sets ${workspaceUrl})`);
    assert.equal(inspected?.globalValue, userUrl);
    assert.equal(inspected?.workspaceValue, undefined, 'VS Code applied a workspace value of an application setting');
    assert.equal(inspected?.workspaceFolderValue, undefined);
    assert.equal(config().get('apiBaseUrl'), userUrl);
    assert.equal(config().inspect('requestTimeoutSeconds')?.workspaceValue, undefined);
  });

  it('refuses to write it to the workspace or folder (update() rejects, the file is unchanged)', async () => {
    const before = (await workspaceSettingsFile()).text;
    const folder = vscode.workspace.workspaceFolders![0]!;
    const attempts = [
      // 1.139: "Unable to write nutshell.apiBaseUrl to Workspace Settings. This setting can be written only into User settings."
      { target: vscode.ConfigurationTarget.Workspace, scoped: config(), refusal: /can be written only into User settings/ },
      // Folder settings need a resource-scoped configuration object. 1.139: "Unable to write to
      // Folder Settings because nutshell.apiBaseUrl does not support the folder resource scope."
      {
        target: vscode.ConfigurationTarget.WorkspaceFolder,
        scoped: vscode.workspace.getConfiguration('nutshell', folder.uri),
        refusal: /does not support the folder resource scope/,
      },
    ];
    for (const { target, scoped, refusal } of attempts) {
      const name = vscode.ConfigurationTarget[target];
      await assert.rejects(
        Promise.resolve(scoped.update('apiBaseUrl', 'https://attacker.example/rest', target)),
        (error: Error) => {
          note(`update('apiBaseUrl', …, ConfigurationTarget.${name}) rejected: ${error.message}`);
          assert.match(error.message, refusal, `target ${name}`);
          return true;
        },
        `update(…, ConfigurationTarget.${name}) was accepted`,
      );
    }
    assert.equal((await workspaceSettingsFile()).text, before);
    assert.equal(config().get('apiBaseUrl'), userUrl);
  });

  it("the extension's own reader (apiBaseUrlSetting) returns the user URL, never the workspace's", () => {
    const setting = apiBaseUrlSetting();
    assert.ok(setting.ok, `apiBaseUrlSetting() rejected the user value: ${JSON.stringify(setting)}`);
    assert.equal(setting.baseUrl, userUrl.replace(/\/+$/, ''));
    assert.notEqual(setting.baseUrl, workspaceUrl.replace(/\/+$/, ''));
  });

  it("requestTimeoutMs() ignores the workspace's requestTimeoutSeconds", () => {
    const user = config().inspect<number>('requestTimeoutSeconds')?.globalValue;
    assert.equal(requestTimeoutMs(), (user ?? 30) * 1000);
  });
});
