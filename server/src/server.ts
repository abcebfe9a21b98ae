import { createConnection as connectSocket } from 'node:net';
import * as lsp from 'vscode-languageserver/node';
import { featureGate, lifecycleReader } from './lifecycle';
import { serverInfo, startServer } from './languageServer';
import { sealedJsonEncoder } from './sealedJson';

const usage = `Usage: ${serverInfo.name} [--stdio | --node-ipc | --socket=PORT | --pipe=NAME]

The Certwright language server (openssl.cnf, PEM, TiDB DM / CockroachDB / PostgreSQL TLS setups).
Editors start it and speak the Language Server Protocol to it; stdio is the default transport.

  --stdio        JSON-RPC over stdin/stdout (default)
  --node-ipc     Node IPC channel
  --socket=PORT  connect to a TCP port;  --pipe=NAME  connect to a named pipe
  --help         print this help;  --version  print the version

Settings (section "certwright"): rules, expiryWarningDays, profile, maxFileSizeMB; through
workspace/configuration, workspace/didChangeConfiguration or initializationOptions.
`;

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(usage);
} else if (args.includes('--version') || args.includes('-v')) {
  process.stdout.write(`${serverInfo.name} ${serverInfo.version}\n`);
} else {
  const unknown = args.filter((a) => !/^--(stdio|node-ipc|socket|pipe|clientProcessId)(=|$)/.test(a) && !/^\d+$/.test(a) && !/^[^-]/.test(a));
  if (unknown.length) {
    process.stderr.write(`${serverInfo.name}: unknown option ${unknown.join(' ')}\n\n${usage}`);
    process.exitCode = 2;
  } else {
    const { reader, writer } = transport();
    // Every transport goes through the lifecycle filter (errors before initialize and after
    // shutdown), then the gate that holds `certwright/…` requests until their features load.
    // (The gate asks for the features only once messages flow, after startServer returned.)
    const gate = featureGate(lifecycleReader(reader, writer), () => void server.loadFeatures());
    const server = startServer(lsp.createConnection(lsp.ProposedFeatures.all, gate.reader, writer), { onFeaturesReady: gate.open });
  }
}

/** The transport the editor asked for: `--socket=PORT` / `--pipe=NAME` (or with a space), `--node-ipc`, else stdio. */
function transport(): { reader: lsp.MessageReader; writer: lsp.MessageWriter } {
  const value = (name: string): string | undefined => {
    const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
    if (i < 0) return undefined;
    return args[i]!.includes('=') ? args[i]!.slice(name.length + 3) : args[i + 1];
  };
  const port = value('socket');
  const pipe = value('pipe');
  if (port !== undefined || pipe !== undefined) {
    const socket = port !== undefined ? connectSocket(Number(port), '127.0.0.1') : connectSocket(pipe!);
    return { reader: new lsp.SocketMessageReader(socket), writer: new lsp.SocketMessageWriter(socket, { contentTypeEncoder: sealedJsonEncoder }) };
  }
  if (args.includes('--node-ipc')) return { reader: new lsp.IPCMessageReader(process), writer: new lsp.IPCMessageWriter(process) };
  // The stream writers splice in the kept JSON of sealed answers (sealedJson.ts); IPC serialises them itself.
  return { reader: new lsp.StreamMessageReader(process.stdin), writer: new lsp.StreamMessageWriter(process.stdout, { contentTypeEncoder: sealedJsonEncoder }) };
}
