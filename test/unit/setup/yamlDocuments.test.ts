/**
 * The one YAML reader of compose files, manifests and Patroni configs: one parse per
 * text, whichever reader asks first, and a bounded number of documents.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { yamlDocuments } from '../../../server/src/core/setup/yamlDocuments';

describe('yamlDocuments', () => {
  test('the same text gives the same parsed documents; another text a new parse', () => {
    const text = 'services:\n  db:\n    image: postgres:15\n';
    const first = yamlDocuments(text);
    assert.equal(yamlDocuments(text), first);
    assert.notEqual(yamlDocuments(`${text}\n`), first);
  });

  test('at most 50 documents; an empty text has none', () => {
    assert.equal(yamlDocuments('a: 1\n---\n'.repeat(80)).length, 50);
    assert.equal(yamlDocuments('').length, 0);
  });
});
