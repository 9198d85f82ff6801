/**
 * Packages the extension exactly as `npm run package` does and checks what the VSIX ships:
 * the bundles, media, manifest, l10n and docs, and nothing else.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { listZipEntries } from '../support/zip.ts';

const root = join(import.meta.dirname, '..', '..');
const vsixPath = join(root, 'dist-vsix', 'nutshell-lead-capture.vsix');

describe('VSIX packaging', () => {
  let output = '';

  it('packages without warnings', () => {
    output = execFileSync('npm', ['run', '--silent', 'package'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FORCE_COLOR: '0' },
    });
    assert.ok(existsSync(vsixPath), 'the VSIX was written');
    assert.doesNotMatch(output, /WARNING|warn/i);
  });

  it('contains only bundles, media, manifest, l10n and docs', () => {
    const files = listZipEntries(vsixPath)
      .filter((name) => name.startsWith('extension/'))
      .map((name) => name.slice('extension/'.length));
    // vsce stores the docs as readme.md, changelog.md and LICENSE.txt.
    const required = ['package.json', 'package.nls.json', 'dist/extension.js', 'dist/host.js', 'dist/webview.js', 'media/form.css', 'media/icon.png', 'l10n/bundle.l10n.json', 'readme.md', 'changelog.md', 'LICENSE.txt'];
    assert.deepEqual(required.filter((name) => !files.includes(name)), [], `ships all of them; has ${files.join(', ')}`);
    const allowed = /^(package\.json|package\.nls(\.[a-z-]+)?\.json|readme\.md|changelog\.md|LICENSE\.txt|dist\/(extension|host|webview)\.js|media\/([^/]+|screenshots\/[^/]+\.png)|l10n\/[^/]+\.json)$/;
    const unexpected = files.filter((name) => !allowed.test(name));
    assert.deepEqual(unexpected, [], 'no sources, tests, maps or node_modules');
    assert.equal(files.some((name) => name.endsWith('.map') || name.endsWith('.ts') || name.includes('node_modules/')), false);
  });
});
