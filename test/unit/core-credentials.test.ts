import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CREDENTIALS_SECRET_KEY,
  basicAuthorization,
  parseStoredCredentials,
  secretsOf,
  serializeCredentials,
} from '../../src/core/credentials.ts';

describe('parseStoredCredentials', () => {
  it('reads a valid entry', () => {
    assert.deepEqual(parseStoredCredentials('{"email":"ana@example.com","apiKey":"k3y-S3cret"}'), {
      email: 'ana@example.com',
      apiKey: 'k3y-S3cret',
    });
  });
  it('trims both values', () => {
    assert.deepEqual(parseStoredCredentials('{"email":" ana@example.com ","apiKey":" k3y "}'), { email: 'ana@example.com', apiKey: 'k3y' });
  });
  it('drops unknown keys', () => {
    assert.deepEqual(parseStoredCredentials('{"email":"ana@example.com","apiKey":"k","extra":1}'), { email: 'ana@example.com', apiKey: 'k' });
  });
  it('is undefined when nothing is stored', () => {
    assert.equal(parseStoredCredentials(undefined), undefined);
    assert.equal(parseStoredCredentials(''), undefined);
  });
  it('is undefined for invalid JSON', () => {
    assert.equal(parseStoredCredentials('{email: ana}'), undefined);
    assert.equal(parseStoredCredentials('ana@example.com:k3y'), undefined);
  });
  it('is undefined for the wrong shape', () => {
    for (const stored of ['null', '[]', '"text"', '42', '{"email":5,"apiKey":"k"}', '{"email":"ana@example.com","apiKey":7}', '{"user":"a","key":"b"}']) {
      assert.equal(parseStoredCredentials(stored), undefined, stored);
    }
  });
  it('is undefined when a key is missing or empty', () => {
    assert.equal(parseStoredCredentials('{"email":"ana@example.com"}'), undefined);
    assert.equal(parseStoredCredentials('{"apiKey":"k"}'), undefined);
    assert.equal(parseStoredCredentials('{"email":"ana@example.com","apiKey":"   "}'), undefined);
    assert.equal(parseStoredCredentials('{"email":"","apiKey":"k"}'), undefined);
  });
  it('is undefined for an email that is not one', () => {
    assert.equal(parseStoredCredentials('{"email":"ana","apiKey":"k"}'), undefined);
  });
  it('is undefined for an API key over 512 characters', () => {
    assert.equal(parseStoredCredentials(JSON.stringify({ email: 'a@b.co', apiKey: 'k'.repeat(513) })), undefined);
    assert.deepEqual(parseStoredCredentials(JSON.stringify({ email: 'a@b.co', apiKey: 'k'.repeat(512) }))?.apiKey.length, 512);
  });
  it('reads back what serializeCredentials wrote', () => {
    const text = serializeCredentials({ email: 'ana@example.com', apiKey: 'k3y' });
    assert.equal(text, '{"email":"ana@example.com","apiKey":"k3y"}');
    assert.deepEqual(parseStoredCredentials(text), { email: 'ana@example.com', apiKey: 'k3y' });
  });
  it('uses a versioned secret key', () => {
    assert.equal(CREDENTIALS_SECRET_KEY, 'nutshell.credentials.v1');
  });
});

describe('basicAuthorization', () => {
  // Expected values computed by hand (base64 of "email:apiKey" in UTF-8), not with the code.
  it('is Basic base64(email:apiKey)', () => {
    assert.equal(basicAuthorization({ email: 'ana@example.com', apiKey: 'k3y-S3cret' }), 'Basic YW5hQGV4YW1wbGUuY29tOmszeS1TM2NyZXQ=');
    assert.equal(
      basicAuthorization({ email: 'demo@example.com', apiKey: 'demo-api-key-0000' }),
      'Basic ZGVtb0BleGFtcGxlLmNvbTpkZW1vLWFwaS1rZXktMDAwMA==',
    );
  });
  it('encodes non-ASCII text as UTF-8', () => {
    assert.equal(basicAuthorization({ email: 'jörg@example.de', apiKey: 'pä55' }), 'Basic asO2cmdAZXhhbXBsZS5kZTpww6Q1NQ==');
  });
});

describe('secretsOf', () => {
  it('lists the key, the Basic token and the email', () => {
    assert.deepEqual(secretsOf({ email: 'ana@example.com', apiKey: 'k3y-S3cret' }), [
      'k3y-S3cret',
      'YW5hQGV4YW1wbGUuY29tOmszeS1TM2NyZXQ=',
      'ana@example.com',
    ]);
  });
});
