/**
 * The LSP lifecycle at the transport: until `initialize` every request is
 * answered with ServerNotInitialized and notifications other than `exit` are
 * dropped; after `shutdown` every request is answered with InvalidRequest.
 * One filter in front of the connection, so no handler has to check a state.
 */
import type { DataCallback, Disposable, Message, MessageReader, MessageWriter, RequestMessage } from 'vscode-jsonrpc';

export const serverNotInitialized = -32002;
export const invalidRequest = -32600;

type State = 'new' | 'running' | 'shutdown';

function isRequest(m: Message): m is RequestMessage {
  const r = m as Partial<RequestMessage>;
  return typeof r.method === 'string' && r.id !== undefined && r.id !== null;
}

/** Wraps a reader so that messages the lifecycle forbids never reach the connection. */
export function lifecycleReader(reader: MessageReader, writer: MessageWriter): MessageReader {
  let state: State = 'new';
  const refuse = (m: RequestMessage, code: number, message: string): void => {
    void writer.write({ jsonrpc: '2.0', id: m.id, error: { code, message } } as Message);
  };
  return {
    onError: reader.onError,
    onClose: reader.onClose,
    onPartialMessage: reader.onPartialMessage,
    dispose: () => reader.dispose(),
    listen(callback: DataCallback): Disposable {
      return reader.listen((m) => {
        const method = (m as { method?: unknown }).method;
        if (state === 'new') {
          if (method === 'initialize') state = 'running';
          else if (method !== 'exit') {
            if (isRequest(m)) refuse(m, serverNotInitialized, `${m.method}: the server is not initialized (send "initialize" first)`);
            return;
          }
        } else if (state === 'shutdown') {
          if (isRequest(m)) {
            refuse(m, invalidRequest, `${m.method}: the server is shut down (only "exit" is accepted)`);
            return;
          }
          if (method !== 'exit' && typeof method === 'string') return;
        } else if (method === 'shutdown' && isRequest(m)) {
          state = 'shutdown';
        }
        callback(m);
      });
    },
  };
}

/**
 * Holds the `certwright/…` messages until the feature families that handle them are
 * registered (they load after `initialize`, see languageServer.ts), and asks for them
 * with `demand` when the first is held. Every message after a held one is held too, so
 * the client's order is kept; answers to the server's own requests pass. A request sent
 * right after `initialize` thus waits for its handler instead of "method not found".
 */
export function featureGate(reader: MessageReader, demand: () => void): { reader: MessageReader; open(): void } {
  let opened = false;
  const held: Message[] = [];
  let deliver: DataCallback | undefined;
  return {
    open() {
      opened = true;
      for (const m of held.splice(0)) deliver?.(m);
    },
    reader: {
      onError: reader.onError,
      onClose: reader.onClose,
      onPartialMessage: reader.onPartialMessage,
      dispose: () => reader.dispose(),
      listen(callback: DataCallback): Disposable {
        deliver = callback;
        return reader.listen((m) => {
          const method = (m as { method?: unknown }).method;
          if (!opened && typeof method === 'string' && (held.length || method.startsWith('certwright/'))) {
            if (!held.length) demand();
            held.push(m);
            return;
          }
          callback(m);
        });
      },
    },
  };
}
