import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FIELD_ERROR_CODES } from '../../src/core/lead-schema.ts';
import { FORM_STRINGS, format, isFormStringKey } from '../../src/core/form-strings.ts';
import { createTranslator } from '../../src/webview/strings.ts';

describe('format', () => {
  it('fills numbered placeholders, in any order and more than once', () => {
    assert.equal(format('Lead created: {0} (#{1})', 'Acme', 12), 'Lead created: Acme (#12)');
    assert.equal(format('{1} before {0}, {0} again', 'a', 'b'), 'b before a, a again');
  });

  it('leaves placeholders without an argument as they are', () => {
    assert.equal(format('{0} and {1}', 'x'), 'x and {1}');
    assert.equal(format('no placeholders'), 'no placeholders');
  });

  it('does not treat argument text as a pattern', () => {
    assert.equal(format('{0}', '$& {1} $1'), '$& {1} $1');
  });
});

describe('FORM_STRINGS', () => {
  it('has a message for every field error code', () => {
    for (const code of FIELD_ERROR_CODES) {
      const key = `error.${code}`;
      assert.ok(isFormStringKey(key), `missing ${key}`);
      assert.notEqual(FORM_STRINGS[key].trim(), '');
    }
  });

  it('has the success texts with their placeholders', () => {
    assert.match(FORM_STRINGS['success.title'], /\{0\}.*\{1\}/);
    assert.match(FORM_STRINGS['success.titleNoNumber'], /\{0\}/);
  });

  it('isFormStringKey does not accept inherited names', () => {
    assert.equal(isFormStringKey('toString'), false);
    assert.equal(isFormStringKey('submit.label'), true);
  });
});

describe('createTranslator', () => {
  it('prefers the host table and falls back to English per key', () => {
    const t = createTranslator({ 'submit.label': 'Lead erstellen', 'success.title': 'Lead erstellt: {0} (Nr. {1})' });
    assert.equal(t('submit.label'), 'Lead erstellen');
    assert.equal(t('success.title', 'Acme', 3), 'Lead erstellt: Acme (Nr. 3)');
    assert.equal(t('products.add'), FORM_STRINGS['products.add']);
  });

  it('treats an empty translation as missing', () => {
    const t = createTranslator({ 'submit.label': '  ' });
    assert.equal(t('submit.label'), 'Create Lead');
  });

  it('ignores prototype keys in the host table', () => {
    const strings = JSON.parse('{"__proto__": {"submit.label": "hacked"}}') as Record<string, string>;
    assert.equal(createTranslator(strings)('submit.label'), 'Create Lead');
  });
});
