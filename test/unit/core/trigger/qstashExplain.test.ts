import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HttpResponse } from '../../../../src/core/trigger/outcome';
import { explainQStashOutcome, type QStashExplainContext } from '../../../../src/core/trigger/qstash';

const CONTEXT: QStashExplainContext = {
  path: '/api/jobs/digest',
  declaredIn: 'scripts/register-schedules.ts',
  url: new URL('http://localhost:3000/api/jobs/digest'),
  method: 'POST',
  keys: { kind: 'env-file', current: { file: '.env.local', length: 35 }, next: undefined },
  timeoutSeconds: 60,
  surface: 'cli',
};

function answered(status: number, headers: Record<string, string> = {}): HttpResponse {
  return { kind: 'response', status, statusText: '', headers, body: new Uint8Array(), bodyTruncated: false, durationMs: 12 };
}

describe('what a signed QStash delivery’s answer means', () => {
  it('2xx: delivered, naming the key file and never the key', () => {
    const explained = explainQStashOutcome(answered(200), CONTEXT);
    assert.equal(explained.ok, true);
    assert.match(explained.explanation, /QStash would count it as delivered/);
    assert.match(explained.explanation, /\.env\.local/);
  });
  for (const status of [401, 403, 500]) {
    it(`${status}: refused, with the keys the route may read instead and the URL the delivery is signed for`, () => {
      const explained = explainQStashOutcome(answered(status), CONTEXT);
      assert.equal(explained.ok, false);
      assert.match(explained.explanation, /reads other keys than \.env\.local/);
      assert.match(explained.explanation, /signed for http:\/\/localhost:3000\/api\/jobs\/digest, and a verify\(\{ url \}\) given the production URL refuses it/);
    });
  }
  it('404: names the declaring file whose destination may have a typo', () => {
    assert.match(explainQStashOutcome(answered(404), CONTEXT).explanation, /destination in scripts\/register-schedules\.ts has a typo/);
  });
});
