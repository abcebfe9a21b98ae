import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeCnf } from '../../../server/src/core/cnf/analyze';
import { buildFeatureModel } from '../../../server/src/core/cnf/featureModel';
import { hoverAt } from '../../../server/src/core/cnf/hover';
import { includeTargetsAt, definitionAt } from '../../../server/src/core/cnf/navigation';
import { completionsAt } from '../../../server/src/core/cnf/completion';
import { memoryFileSystem } from '../../../server/src/core/environment';
import { offsetOf } from './helpers';

const files = {
  '/etc/ssl/common.cnf': 'dir = /var/ca\n[ alt_names ]\nDNS.1 = included.example.com\n',
};
const env = { fs: memoryFileSystem(files), getEnv: () => undefined, cwd: () => '/etc/ssl' };
const text = '.include /etc/ssl/common.cnf\n.include /etc/ssl/missing.cnf\n[ v3 ]\nsubjectAltName = @alt_names\n[ CA_default ]\ncerts = $dir/certs\n';
const model = buildFeatureModel(analyzeCnf(text, { path: '/work/openssl.cnf', env }));

test('.include: hover tells where it resolves; definition opens the file', () => {
  assert.match(hoverAt(model, 3)!.markdown, /Resolves to `\/etc\/ssl\/common\.cnf`: read/);
  assert.match(hoverAt(model, offsetOf(text, 'missing', 0))!.markdown, /does not exist/);
  assert.deepEqual(includeTargetsAt(model, 3), ['/etc/ssl/common.cnf']);
  assert.deepEqual(includeTargetsAt(model, offsetOf(text, 'missing', 0)), []);
});

test('sections and variables from an included file: hover shows them, definition goes to that file', () => {
  const alt = hoverAt(model, offsetOf(text, '@alt_names', 3))!.markdown;
  assert.match(alt, /DNS\.1 = included\.example\.com/);
  const v = hoverAt(model, offsetOf(text, '$dir', 2))!.markdown;
  assert.match(v, /Value: `\/var\/ca`/);
  assert.match(v, /included file `\/etc\/ssl\/common\.cnf`/);
  assert.deepEqual(definitionAt(model, offsetOf(text, '$dir', 2)), [{ file: '/etc/ssl/common.cnf', start: 0, end: 3 }]);
  const vars = completionsAt(model, offsetOf(text, '$dir', 1)).map((c) => c.label);
  assert.ok(vars.includes('dir'), vars.join(','));
});
