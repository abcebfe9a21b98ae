/**
 * The server answers `initialize` before its feature families load (languageServer.ts):
 * the capabilities it declares come from features/manifest.ts and must be exactly what
 * the families declare once loaded; and the transport holds `certwright/…` messages,
 * in order, until the families are registered.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import type { DataCallback, Disposable, Message, MessageReader } from 'vscode-jsonrpc';
import { features } from '../../../server/src/features';
import { completionTriggerCharacters, serverCommands } from '../../../server/src/features/manifest';
import { featureGate } from '../../../server/src/lifecycle';

test('the manifest declares the trigger characters and server commands of the loaded families, no more, no less', () => {
  const triggers = new Set(features.flatMap((f) => f.completionTriggerCharacters ?? []));
  assert.deepEqual([...new Set(completionTriggerCharacters)].sort(), [...triggers].sort());
  assert.deepEqual(serverCommands, features.flatMap((f) => Object.keys(f.commands ?? {})));
});

/** A reader whose messages the test pushes. */
function fakeReader(): { reader: MessageReader; push(m: Message): void } {
  let callback: DataCallback | undefined;
  const none = () => ({ dispose() {} });
  return {
    push: (m) => callback?.(m),
    reader: {
      onError: none,
      onClose: none,
      onPartialMessage: none,
      dispose() {},
      listen(cb: DataCallback): Disposable {
        callback = cb;
        return { dispose() {} };
      },
    } as unknown as MessageReader,
  };
}

test('the gate holds certwright/ messages and everything after them until it opens, asking once for the features', () => {
  const { reader, push } = fakeReader();
  let demanded = 0;
  const gate = featureGate(reader, () => demanded++);
  const seen: string[] = [];
  gate.reader.listen((m) => seen.push((m as { method?: string }).method ?? `response ${(m as { id?: number }).id}`));
  const msg = (method: string, id?: number): Message => ({ jsonrpc: '2.0', method, ...(id === undefined ? {} : { id }) }) as Message;
  push(msg('textDocument/didOpen'));
  push(msg('textDocument/hover', 1));
  assert.deepEqual(seen, ['textDocument/didOpen', 'textDocument/hover']);
  assert.equal(demanded, 0);
  push(msg('certwright/listCertificates', 2));
  push(msg('textDocument/didChange'));
  push({ jsonrpc: '2.0', id: 7, result: null } as Message); // the client's answer to a server request
  push(msg('$/cancelRequest'));
  push(msg('certwright/describeItem', 3));
  assert.equal(demanded, 1);
  assert.deepEqual(seen, ['textDocument/didOpen', 'textDocument/hover', 'response 7']);
  gate.open();
  assert.deepEqual(seen.slice(3), ['certwright/listCertificates', 'textDocument/didChange', '$/cancelRequest', 'certwright/describeItem']);
  push(msg('certwright/verifyChain', 4));
  assert.equal(seen.at(-1), 'certwright/verifyChain');
  assert.equal(demanded, 1);
});
