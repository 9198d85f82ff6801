import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { bundleJson, bundlePath, collectL10nStrings } from '../support/l10n-strings.ts';

describe('l10n bundle', () => {
  it('lists every localized message (run `npm run l10n` after changing strings)', () => {
    assert.equal(readFileSync(bundlePath, 'utf8'), bundleJson());
  });

  it('finds the host, core and webview strings', () => {
    const messages = collectL10nStrings();
    assert.ok(messages.includes('Open in Nutshell'));
    assert.ok(messages.includes('Lead created: {0} (#{1})'));
    assert.ok(messages.includes('The request was cancelled.'));
    assert.ok(messages.includes('New Nutshell Lead'));
    // A double-quoted call (the text has an apostrophe).
    assert.ok(messages.includes("Your Nutshell API key, from your Nutshell account's settings. It is kept in VS Code's secret storage."));
  });

  it('has a package.nls.json entry for every %placeholder% in the manifest', () => {
    const manifest = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
    const nls = JSON.parse(readFileSync(new URL('../../package.nls.json', import.meta.url), 'utf8')) as Record<string, string>;
    const keys = [...manifest.matchAll(/"%([^%"]+)%"/g)].map((match) => match[1] ?? '');
    assert.ok(keys.length >= 8);
    assert.deepEqual(keys.filter((key) => !(key in nls)), []);
  });
});
