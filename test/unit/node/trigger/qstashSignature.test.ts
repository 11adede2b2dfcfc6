import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Receiver } from '@upstash/qstash';
import { buildQStashRequest, type CronRequest, describeQStashKeys, missingSigningKeyExplanation } from '../../../../src/core/facade/trigger';
import { pickQStashKeys } from '../../../../src/node/trigger/envFiles';
import { localMessageId, localScheduleId, signQStashRequest } from '../../../../src/node/trigger/qstashSignature';

const CURRENT = 'sig_localCurrentKeyForTheTrigger0001';
const NEXT = 'sig_localNextKeyForTheTrigger00000002';

function delivery(path = '/api/qstash/digest', method: 'POST' | 'PUT' = 'POST'): CronRequest {
  const built = buildQStashRequest({ baseUrl: new URL('http://localhost:3000'), path, method, messageId: localMessageId(), scheduleId: localScheduleId('lib/schedules.ts:12') });
  assert.ok(built.ok);
  return built.request;
}

/** The real receiver of @upstash/qstash, with the keys a route reads; never dev mode (its public keys would accept anything they sign). */
function receiver(current = CURRENT, next = NEXT): Receiver {
  return new Receiver({ currentSigningKey: current, nextSigningKey: next, devMode: false });
}

describe('a QStash delivery signed by the trigger passes @upstash/qstash Receiver.verify', () => {
  it('verifies with the url check, for the URL requested', async () => {
    const request = signQStashRequest(delivery(), CURRENT);
    const signature = request.headers['upstash-signature']!;
    assert.equal(await receiver().verify({ signature, body: '', url: request.url.href }), true);
    assert.equal(await receiver().verify({ signature, body: '' }), true);
  });

  it('fails for another URL, another body, and keys that are not the one it was signed with', async () => {
    const request = signQStashRequest(delivery(), CURRENT);
    const signature = request.headers['upstash-signature']!;
    await assert.rejects(receiver().verify({ signature, body: '', url: 'http://localhost:3000/api/qstash/other' }), /invalid subject/);
    await assert.rejects(receiver().verify({ signature, body: '{"a":1}' }), /body hash does not match/);
    await assert.rejects(receiver('sig_someoneElsesCurrentKey00000', 'sig_someoneElsesNextKey0000000').verify({ signature, body: '' }));
  });

  it('is accepted through the next key too, as during a key rotation', async () => {
    const request = signQStashRequest(delivery(), CURRENT);
    assert.equal(await receiver('sig_rotatedAwayCurrentKey00000', CURRENT).verify({ signature: request.headers['upstash-signature']!, body: '' }), true);
  });

  it('signs the body it is given, and expires after five minutes', async () => {
    const signed = signQStashRequest(delivery(), CURRENT, { body: '{"job":"digest"}' });
    assert.equal(await receiver().verify({ signature: signed.headers['upstash-signature']!, body: '{"job":"digest"}' }), true);
    const old = signQStashRequest(delivery(), CURRENT, { now: new Date(Date.now() - 6 * 60 * 1000) });
    // Both keys the signing one, so the error is the expiry's and not the other key's mismatch.
    await assert.rejects(receiver(CURRENT, CURRENT).verify({ signature: old.headers['upstash-signature']!, body: '' }), /"exp" claim/);
  });

  it('sends the headers QStash sends, a fresh message id per delivery and one schedule id per schedule', () => {
    const first = delivery('/api/qstash/digest', 'PUT');
    const second = delivery();
    assert.equal(first.method, 'PUT');
    assert.equal(first.url.href, 'http://localhost:3000/api/qstash/digest');
    assert.deepEqual(Object.keys(first.headers), ['user-agent', 'upstash-message-id', 'upstash-schedule-id', 'upstash-retried']);
    assert.equal(first.headers['user-agent'], 'Upstash-QStash');
    assert.equal(first.headers['upstash-retried'], '0');
    assert.notEqual(first.headers['upstash-message-id'], second.headers['upstash-message-id']);
    assert.equal(first.headers['upstash-schedule-id'], second.headers['upstash-schedule-id']);
    assert.ok(first.loopback);
  });

  it('refuses a path that would leave the base URL', () => {
    for (const path of ['//evil.example/x', 'api/x']) {
      const built = buildQStashRequest({ baseUrl: new URL('http://localhost:3000'), path, method: 'POST', messageId: 'm', scheduleId: 's' });
      assert.equal(built.ok, false, path);
    }
  });
});

describe('QStash signing keys from env files', () => {
  it('takes each key from the first file defining it, in Next order, and says where without the value', () => {
    const keys = pickQStashKeys([
      { file: '.env.local', text: `QSTASH_CURRENT_SIGNING_KEY=${CURRENT}\n` },
      { file: '.env', text: `QSTASH_CURRENT_SIGNING_KEY=sig_older\nQSTASH_NEXT_SIGNING_KEY=${NEXT}\n` },
    ]);
    assert.equal(keys.current, CURRENT);
    assert.equal(keys.next, NEXT);
    const described = describeQStashKeys(keys.source);
    assert.match(described, /\.env\.local/);
    assert.ok(!described.includes(CURRENT));
  });

  it('explains what is missing when the current key is not set, or set empty', () => {
    for (const text of ['QSTASH_NEXT_SIGNING_KEY=sig_x\n', 'QSTASH_CURRENT_SIGNING_KEY=\nQSTASH_NEXT_SIGNING_KEY=sig_x\n']) {
      const keys = pickQStashKeys([{ file: '.env', text }]);
      assert.equal(keys.current, undefined);
      assert.equal(keys.source.kind, 'missing');
      if (keys.source.kind !== 'missing') continue;
      const explained = missingSigningKeyExplanation(keys.source);
      assert.match(explained, /no QSTASH_CURRENT_SIGNING_KEY in \.env\.development\.local, \.env\.local, \.env\.development, \.env/);
      assert.match(explained, /QSTASH_NEXT_SIGNING_KEY is set/);
      assert.ok(!explained.includes('sig_x'));
    }
    assert.match(missingSigningKeyExplanation({ kind: 'untrusted' }), /not trusted/);
  });
});
