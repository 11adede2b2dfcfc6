import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDocument } from 'yaml';
import { explainCron } from '../../../src/core/cron/engine';
import { inserted } from './support';

interface Workflow {
  name: string;
  on: { schedule: { cron: string }[]; workflow_dispatch: null };
  permissions: Record<string, never>;
  jobs: Record<string, { 'runs-on': string; 'timeout-minutes': number; steps: { name: string; run: string }[] }>;
}

function parseYaml(text: string): Workflow {
  const doc = parseDocument(text, { prettyErrors: true, strict: true, uniqueKeys: true });
  assert.deepEqual(
    [...doc.errors, ...doc.warnings].map((e) => e.message),
    [],
    text,
  );
  return doc.toJS() as Workflow;
}

describe('snippets: yaml.json', () => {
  it('cron-github-actions is a workflow: schedule plus workflow_dispatch, no token permissions', () => {
    const workflow = parseYaml(inserted('yaml.json', 'cron-github-actions'));
    assert.equal(workflow.name, 'Cron cleanup-sessions');
    assert.deepEqual(Object.keys(workflow.on), ['schedule', 'workflow_dispatch']);
    assert.equal(workflow.on.workflow_dispatch, null);
    assert.deepEqual(workflow.permissions, {});
    const jobs = Object.values(workflow.jobs);
    assert.equal(jobs.length, 1);
    assert.equal(jobs[0]!['runs-on'], 'ubuntu-latest');
  });

  it('its schedule is a valid GitHub Actions cron, off the busy top of the hour', () => {
    const workflow = parseYaml(inserted('yaml.json', 'cron-github-actions'));
    const [entry] = workflow.on.schedule;
    const explanation = explainCron(entry!.cron, { dialect: 'github-actions', from: new Date('2026-11-28T00:00:00Z'), runs: 2 });
    assert.ok(explanation.valid, JSON.stringify(explanation.problems));
    assert.deepEqual(explanation.problems, []);
    assert.notEqual(entry!.cron.split(' ')[0], '0');
  });

  it('the step GETs the deployed route with the secret, failing the run on an HTTP error', () => {
    const workflow = parseYaml(inserted('yaml.json', 'cron-github-actions', { values: { 3: '/api/cron/send-digest' } }));
    const [step] = Object.values(workflow.jobs)[0]!.steps;
    // The folded block is one command line.
    assert.equal(
      step!.run,
      'curl --fail-with-body --silent --show-error --max-time 300 -H "Authorization: Bearer ${{ secrets.CRON_SECRET }}" "${{ vars.APP_URL }}/api/cron/send-digest"',
    );
    assert.equal(step!.name, 'GET /api/cron/send-digest');
    assert.doesNotMatch(step!.run, /-X|--request|-L\b|--location/, 'a cron route answers GET and must not be followed through redirects');
  });
});
