/**
 * Collects every string the extension passes to `vscode.l10n.t`: the literal `t('…')` calls in
 * the host and the core's error texts, plus the webview's string table. `npm run l10n` writes
 * them to `l10n/bundle.l10n.json`, the file translators copy to `bundle.l10n.<locale>.json`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FORM_STRINGS } from '../../src/core/form-strings.ts';

const root = join(import.meta.dirname, '..', '..');
const CALL = /\b(?:vscode\.l10n\.)?t\(\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

export function collectL10nStrings(): string[] {
  const messages = new Set<string>(Object.values(FORM_STRINGS));
  for (const file of [...sourceFiles('src/host'), 'src/core/errors.ts', 'src/extension.ts']) {
    const text = readFileSync(join(root, file), 'utf8');
    for (const match of text.matchAll(CALL)) {
      messages.add((match[1] ?? match[2] ?? '').replace(/\\(['"\\])/g, '$1'));
    }
  }
  return [...messages].sort();
}

export function bundleJson(): string {
  return `${JSON.stringify(Object.fromEntries(collectL10nStrings().map((message) => [message, message])), null, 2)}\n`;
}

export const bundlePath = join(root, 'l10n', 'bundle.l10n.json');

if (process.argv[1] === import.meta.filename) {
  const { writeFileSync } = await import('node:fs');
  writeFileSync(bundlePath, bundleJson());
  console.log(`wrote ${collectL10nStrings().length} messages to ${bundlePath}`);
}
