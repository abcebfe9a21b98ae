import * as lsp from 'vscode-languageserver/node';
import { lifecycleReader } from './lifecycle';
import { serverInfo, startServer } from './languageServer';

const usage = `Usage: ${serverInfo.name} [--stdio | --node-ipc | --socket=PORT | --pipe=NAME]

The Certwright language server (openssl.cnf, PEM, TiDB DM / CockroachDB / PostgreSQL TLS setups).
Editors start it and speak the Language Server Protocol to it; stdio is the default transport.

  --stdio        JSON-RPC over stdin/stdout (default)
  --node-ipc     Node IPC channel (the VS Code extension uses this)
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
  } else if (args.some((a) => /^--(socket|pipe)/.test(a))) {
    startServer(lsp.createConnection(lsp.ProposedFeatures.all));
  } else {
    const ipc = args.includes('--node-ipc');
    const reader = ipc ? new lsp.IPCMessageReader(process) : new lsp.StreamMessageReader(process.stdin);
    const writer = ipc ? new lsp.IPCMessageWriter(process) : new lsp.StreamMessageWriter(process.stdout);
    startServer(lsp.createConnection(lsp.ProposedFeatures.all, lifecycleReader(reader, writer), writer));
  }
}
