// @ts-check
// Starts `mss lsp` over stdio for the data files of an mss project. Untried in VS Code itself:
// see the README's "Editor: mss lsp".
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

/** @type {LanguageClient | undefined} */
let client;

/** @param {vscode.ExtensionContext} context */
async function activate(context) {
  const settings = vscode.workspace.getConfiguration('mss.lsp');
  const server = { command: settings.get('command', 'mss'), args: settings.get('args', ['lsp']) };
  client = new LanguageClient('mss', 'mss', server, {
    // Only the data files: Red Hat's YAML extension keeps every YAML file, these included.
    documentSelector: [{ scheme: 'file', language: 'yaml', pattern: settings.get('files', '**/data/**/*.{yaml,yml}') }],
  });
  context.subscriptions.push(client);
  await client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
