import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { REDACTED, createRedactingLogger, redact } from '../../src/core/redact.ts';
import type { LogSink } from '../../src/core/redact.ts';
import { secretsOf } from '../../src/core/credentials.ts';

const CANARY_KEY = 'CANARY-k3y-7f3a9c1e';
const EMAIL = 'ana@example.com';
/** base64("ana@example.com:CANARY-k3y-7f3a9c1e"), computed by hand outside this code base. */
const BASIC_TOKEN = 'YW5hQGV4YW1wbGUuY29tOkNBTkFSWS1rM3ktN2YzYTljMWU=';

function capturingSink(): { sink: LogSink; lines: string[] } {
  const lines: string[] = [];
  const sink: LogSink = {
    info: (message) => lines.push(`info ${message}`),
    warn: (message) => lines.push(`warn ${message}`),
    error: (message) => lines.push(`error ${message}`),
    debug: (message) => lines.push(`debug ${message}`),
  };
  return { sink, lines };
}

describe('createRedactingLogger', () => {
  const credentials = { email: EMAIL, apiKey: CANARY_KEY };

  it('the hand-computed token is base64 of email:key', () => {
    assert.equal(Buffer.from(BASIC_TOKEN, 'base64').toString('utf8'), `${EMAIL}:${CANARY_KEY}`);
  });

  it('never lets the API key reach the sink, on any level', () => {
    const { sink, lines } = capturingSink();
    const logger = createRedactingLogger(sink, () => secretsOf(credentials));
    const messages = [
      `plain: the key is ${CANARY_KEY}.`,
      `header: authorization: Basic ${BASIC_TOKEN}`,
      `lower-case scheme: basic ${BASIC_TOKEN}`,
      `bare token: ${BASIC_TOKEN}`,
      `url: https://${encodeURIComponent(EMAIL)}:${CANARY_KEY}@app.nutshell.com/rest/leads`,
      `url with plain userinfo: https://ana:${CANARY_KEY}@app.nutshell.com/rest`,
      `json: {"apiKey":"${CANARY_KEY}","email":"${EMAIL}"}`,
      `twice: ${CANARY_KEY}${CANARY_KEY}`,
    ];
    for (const message of messages) {
      logger.info(message);
      logger.warn(message);
      logger.error(message);
      logger.debug(message);
    }
    assert.equal(lines.length, messages.length * 4);
    for (const line of lines) {
      assert.equal(line.includes(CANARY_KEY), false, line);
      assert.equal(line.includes(BASIC_TOKEN), false, line);
      assert.equal(line.includes('CANARY'), false, line);
      assert.equal(line.includes(EMAIL), false, line);
    }
    assert.equal(lines[0], `info plain: the key is ${REDACTED}.`);
    assert.equal(lines[4], `info header: authorization: Basic ${REDACTED}`);
    assert.equal(lines[16], `info url: https://${REDACTED}@app.nutshell.com/rest/leads`);
  });

  it('redacts a Basic header even when the secrets are not known yet', () => {
    const { sink, lines } = capturingSink();
    createRedactingLogger(sink, () => []).warn(`Authorization: Basic ${BASIC_TOKEN} and Bearer abc.def-ghi`);
    assert.deepEqual(lines, [`warn Authorization: Basic ${REDACTED} and Bearer ${REDACTED}`]);
  });

  it('redacts URL userinfo even when the secrets are not known yet', () => {
    const { sink, lines } = capturingSink();
    createRedactingLogger(sink, () => []).error(`GET https://u:${CANARY_KEY}@host.example/rest failed`);
    assert.deepEqual(lines, [`error GET https://${REDACTED}@host.example/rest failed`]);
  });

  it('reads the current secrets on every line', () => {
    const { sink, lines } = capturingSink();
    let secrets: string[] = [];
    const logger = createRedactingLogger(sink, () => secrets);
    logger.info('key-one');
    secrets = ['key-one'];
    logger.info('key-one');
    assert.deepEqual(lines, ['info key-one', `info ${REDACTED}`]);
  });

  it('leaves ordinary lines alone', () => {
    const { sink, lines } = capturingSink();
    createRedactingLogger(sink, () => secretsOf(credentials)).info('POST /rest/leads → 201 in 35 ms');
    assert.deepEqual(lines, ['info POST /rest/leads → 201 in 35 ms']);
  });
});

describe('redact', () => {
  it('replaces the longest secret first, so a secret containing another goes whole', () => {
    assert.equal(redact('token=abcdef; short=abc', ['abc', 'abcdef']), `token=${REDACTED}; short=${REDACTED}`);
    assert.equal(redact('token=abcdef', ['abcdef', 'abc']), `token=${REDACTED}`);
  });

  it('ignores empty secrets', () => {
    assert.equal(redact('nothing secret', ['']), 'nothing secret');
  });

  it('treats secrets literally, not as patterns', () => {
    assert.equal(redact('a.c abc a+c', ['a.c', 'a+c']), `${REDACTED} abc ${REDACTED}`);
  });
});
