/**
 * The snippet files and their contribution: every file in snippets/ is contributed for the right
 * languages, every snippet is complete and well formed, and prefixes are easy to find and unique
 * per language.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { type Node, parseTree } from 'jsonc-parser';
import { bodyText, descriptionText, parseSnippet, prefixes, tabstops } from './expand';
import { ROOT, SNIPPET_LANGUAGES, snippetFile, snippetFiles, SNIPPETS_DIR } from './support';

interface Contribution {
  language: string;
  path: string;
}

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { contributes: { snippets?: Contribution[] } };
const contributions = manifest.contributes.snippets ?? [];

function languagesOf(file: string): string[] {
  return contributions.filter((c) => path.normalize(c.path) === path.normalize(`./snippets/${file}`)).map((c) => c.language);
}

describe('snippets: contribution in package.json', () => {
  it('every file in snippets/ is contributed, for exactly the intended languages', () => {
    assert.deepEqual(snippetFiles(), Object.keys(SNIPPET_LANGUAGES).sort());
    for (const file of snippetFiles()) assert.deepEqual(languagesOf(file).sort(), [...SNIPPET_LANGUAGES[file]!].sort(), file);
  });

  it('every contribution names an existing file inside snippets/, once per language', () => {
    const seen = new Set<string>();
    for (const { language, path: file } of contributions) {
      assert.match(file, /^\.\/snippets\/[a-z]+\.json$/);
      assert.ok(fs.existsSync(path.join(ROOT, file)), file);
      const key = `${language} ${file}`;
      assert.ok(!seen.has(key), `contributed twice: ${key}`);
      seen.add(key);
    }
  });

  it('the packaged extension includes snippets/', () => {
    const ignore = fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8').split('\n');
    assert.ok(ignore.includes('!snippets/**'), '.vscodeignore must keep snippets/**');
  });
});

describe('snippets: every snippet is complete and well formed', () => {
  for (const file of Object.keys(SNIPPET_LANGUAGES)) {
    describe(file, () => {
      const text = fs.readFileSync(path.join(SNIPPETS_DIR, file), 'utf8');
      const snippets = snippetFile(file);

      it('is a JSON object of snippets without duplicate names', () => {
        const tree = parseTree(text) as Node;
        assert.equal(tree.type, 'object');
        const names = (tree.children ?? []).map((property) => property.children![0]!.value as string);
        assert.equal(new Set(names).size, names.length, `duplicate snippet names in ${file}`);
        assert.ok(names.length > 0);
      });

      for (const [name, snippet] of Object.entries(snippets)) {
        it(`${name}: prefix, body and description`, () => {
          for (const prefix of prefixes(snippet)) assert.match(prefix, /^(cron|nextcron)-[a-z0-9]+(-[a-z0-9]+)*$/, name);
          assert.ok(
            Array.isArray(snippet.body) && snippet.body.length > 0 && snippet.body.every((line) => typeof line === 'string'),
            `${name}: body is an array of lines`,
          );
          const description = descriptionText(snippet);
          assert.ok(description.length >= 60 && description.length <= 260, `${name}: description of ${description.length} characters`);
          assert.match(description, /\.$/, `${name}: description is sentences`);
          assert.deepEqual(
            Object.keys(snippet).filter((key) => !['prefix', 'body', 'description', 'isFileTemplate'].includes(key)),
            [],
            name,
          );
        });

        it(`${name}: tabstops read as the editor reads them`, () => {
          const body = bodyText(snippet);
          assert.doesNotThrow(() => parseSnippet(body));
          const stops = tabstops(body);
          assert.equal(stops.get(0)?.occurrences, 1, `${name}: one final tabstop $0`);
          assert.ok(stops.has(1), `${name}: starts at $1`);
          for (const info of stops.values()) {
            assert.ok(new Set(info.defaults).size <= 1, `${name}: $${info.index} has different defaults ${JSON.stringify(info.defaults)}`);
          }
          const indices = [...stops.keys()].filter((i) => i > 0).sort((a, b) => a - b);
          assert.deepEqual(
            indices,
            indices.map((_, i) => i + 1),
            `${name}: tabstops numbered 1..n`,
          );
        });

        it(`${name}: indentation the editor can adapt, no trailing spaces`, () => {
          for (const line of snippet.body as string[]) {
            assert.doesNotMatch(line, /[ \t]$/, `${name}: trailing whitespace in ${JSON.stringify(line)}`);
            // Leading tabs become the user's indentation; YAML allows only spaces.
            if (file === 'yaml.json') assert.doesNotMatch(line, /\t/, `${name}: tab in YAML`);
            else assert.doesNotMatch(line, /^\t* /, `${name}: leading spaces in ${JSON.stringify(line)}`);
          }
        });
      }
    });
  }

  it('prefixes are unique in each language', () => {
    const languages = new Set(Object.values(SNIPPET_LANGUAGES).flat());
    for (const language of languages) {
      const all = Object.entries(SNIPPET_LANGUAGES)
        .filter(([, langs]) => langs.includes(language))
        .flatMap(([file]) => Object.values(snippetFile(file)).flatMap(prefixes));
      assert.equal(new Set(all).size, all.length, `${language}: ${all.join(', ')}`);
    }
  });

  it('every JavaScript snippet is the JavaScript variant of a TypeScript snippet with the same prefix', () => {
    const ts = new Set(Object.values(snippetFile('typescript.json')).flatMap(prefixes));
    for (const prefix of Object.values(snippetFile('javascript.json')).flatMap(prefixes)) assert.ok(ts.has(prefix), prefix);
  });
});
