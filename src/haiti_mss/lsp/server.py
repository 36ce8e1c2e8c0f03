"""The language server: the LSP over stdin and stdout (pygls), a thin front-end over the Workspace.

What it guarantees:

- **Diagnostics are `mss check`'s.** On open and after each change (debounced), the data a document
  belongs to is checked with every open document's unsaved text in place of its file
  (`Workspace.check_buffers`), and every file of the data gets exactly the problems `mss check`
  would report once the text is saved: same codes and words, each at its position converted to the
  client's position encoding. A file the edit affects (a duplicate id in another file) gets its
  diagnostics too, and loses them when the edit is undone. A result is published only while the
  texts it checked are the editor's latest; otherwise a newer check is on its way.
- **The Workspace lives as long as the server**, one per data path, so a keystroke costs what the
  records it changes cost (`engine.pipeline.BufferMemo`). Every check runs on one thread of its
  own, so the server keeps reading messages meanwhile, and the index's database is only ever used
  from that thread.
- **Bad input never stops it.** A syntax error, deep nesting or a binary buffer is a diagnostic; a
  request about a file outside the workspace, or whose parameters are not of the method's types,
  gets an error response; any other failure in a handler is an error response or a message to the
  client, and the next request is served.

Full document sync: pygls applies incremental edits on `str.splitlines()` lines, which also break at
\\v, \\f, \\x1c-\\x1e, \\x85, U+2028 and U+2029 where the client does not, and would corrupt the text.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.uris import from_fs_path, to_fs_path

from haiti_mss import __version__
from haiti_mss.engine.workspace import Workspace
from haiti_mss.lsp import actions, features
from haiti_mss.lsp.datasets import Facts, data_path_of, diagnostics_of, facts_of
from haiti_mss.lsp.text import UTF16, Point, Text

logger = logging.getLogger(__name__)

# Typing goes on for this long before a check: a check per keystroke would mostly be thrown away.
DEBOUNCE_SECONDS = 0.05
# How long a question waits for the first check of its data (a 10,000-claim file takes seconds).
FIRST_CHECK_SECONDS = 30


class _Protocol(LanguageServerProtocol):
    """pygls 2 reads a request whose parameters are not of the method's types into an error that
    it logs, and sends no response: the client would wait for ever. Answer it with the error."""

    def structure_message(self, data: dict[str, Any]) -> Any:
        try:
            return super().structure_message(data)
        except JsonRpcException as error:
            if isinstance(data, dict) and "id" in data and "method" in data:
                self._send_response(data["id"], error=error.to_response_error())
            raise


@dataclass(slots=True)
class _Dataset:
    """One data path being edited: its Workspace, and what the editor has been told about it."""

    data: Path
    workspace: Workspace
    documents: set[str] = field(default_factory=set)  # the uris of its files open in the editor
    changed: set[str] = field(default_factory=set)  # opened or edited since the last check
    published: dict[str, list[types.Diagnostic]] = field(default_factory=dict)
    facts: Facts | None = None
    checked: asyncio.Event = field(default_factory=asyncio.Event)  # after its first check
    timer: asyncio.TimerHandle | None = None


class MssServer(LanguageServer):
    def __init__(self, given: Path | None, today: Callable[[], date]) -> None:
        super().__init__(
            "mss",
            __version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Full,
            protocol_cls=_Protocol,
        )
        self.given = given.resolve() if given is not None else None
        self.today = today
        self.datasets: dict[Path, _Dataset] = {}
        self.engine = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mss-check")

    # -- documents ------------------------------------------------------------------------------------

    @property
    def encoding(self) -> str:
        chosen = self.workspace.position_encoding
        return str(getattr(chosen, "value", chosen) or UTF16)

    def document_path(self, uri: str) -> Path:
        """The file a request is about; an error response when it is not a file of the workspace."""
        path = _path_of(uri)
        if path is None:
            raise _failed(f"{uri} is not a file")
        if not self._in_workspace(path):
            raise _failed(f"{path} is outside the workspace")
        return path

    def _in_workspace(self, path: Path) -> bool:
        """Whether `path` is inside a folder the editor opened (any path, when it named none)."""
        roots = [_path_of(folder.uri) for folder in self.workspace.folders.values()]
        if self.workspace.root_uri:
            roots.append(_path_of(self.workspace.root_uri))
        inside = [root for root in roots if root is not None]
        return not inside or any(path.is_relative_to(root) for root in inside)

    def dataset_of(self, path: Path) -> _Dataset | None:
        data = data_path_of(path, self.given)
        if data is None:
            return None
        if data not in self.datasets:
            self.datasets[data] = _Dataset(data, Workspace(data, self.today(), shown=self._shown(data)))
        return self.datasets[data]

    def _shown(self, data: Path) -> str:
        """How messages name the data: from the workspace folder, as `mss check` run there would."""
        for folder in self.workspace.folders.values():
            root = _path_of(folder.uri)
            if root is not None and data.is_relative_to(root):
                return str(data.relative_to(root))
        return str(data)

    def uri_of(self, path: Path) -> str:
        """The uri the editor knows a file by: the one it opened it with, if it is open."""
        for uri in self.workspace.text_documents:
            if _path_of(uri) == path:
                return uri
        return from_fs_path(str(path)) or path.as_uri()

    def text_of(self, path: Path) -> Text:
        """A file's text as the editor has it: its unsaved text when it is open."""
        document = self.workspace.text_documents.get(self.uri_of(path))
        if document is not None:
            return Text(document.source, self.encoding)
        try:
            return Text(path.read_bytes().decode("utf-8", errors="replace"), self.encoding)
        except OSError:
            return Text("", self.encoding)

    # -- checks ---------------------------------------------------------------------------------------

    def opened_or_changed(self, uri: str, delay: float) -> None:
        path = _path_of(uri)
        dataset = self.dataset_of(path) if path is not None and self._in_workspace(path) else None
        if dataset is None:
            return
        dataset.documents.add(uri)
        dataset.changed.add(uri)
        self.schedule(dataset, delay)

    def closed(self, uri: str) -> None:
        for dataset in self.datasets.values():
            if uri in dataset.documents:
                dataset.documents.discard(uri)
                self.schedule(dataset, 0)  # the file on disk stands for it again

    def schedule(self, dataset: _Dataset, delay: float) -> None:
        if dataset.timer is not None:
            dataset.timer.cancel()
        loop = asyncio.get_running_loop()
        dataset.timer = loop.call_later(delay, lambda: loop.create_task(self.check(dataset)))

    async def check(self, dataset: _Dataset) -> None:
        """Check the data with the editor's texts, and publish what it finds when those texts are
        still the latest (else a newer check is scheduled, and will)."""
        dataset.timer = None
        texts: dict[Path, tuple[str, int, str]] = {}  # path -> uri, version, text
        for uri in dataset.documents:
            document = self.workspace.text_documents.get(uri)
            path = _path_of(uri)
            if document is not None and path is not None:
                texts[path] = (uri, document.version or 0, document.source)
        changed, dataset.changed = dataset.changed, set()
        encoding = self.encoding
        loop = asyncio.get_running_loop()
        try:
            found, facts = await loop.run_in_executor(self.engine, self._check_now, dataset, texts, encoding)
        except Exception as error:  # a bug, never the data: the data's mistakes are problems
            logger.exception("checking %s failed", dataset.data)
            self.window_show_message(
                types.ShowMessageParams(
                    type=types.MessageType.Error, message=f"mss could not check {dataset.data}: {error}"
                )
            )
            dataset.changed |= changed
            return
        if any(self._moved_on(uri, version) for uri, version, _ in texts.values()):
            dataset.changed |= changed
            return
        self._publish(dataset, found, texts, changed)
        if facts.complete or dataset.facts is None:
            dataset.facts = facts
        dataset.checked.set()

    def _check_now(
        self, dataset: _Dataset, texts: dict[Path, tuple[str, int, str]], encoding: str
    ) -> tuple[dict[Path, list[types.Diagnostic]], Facts]:
        """The check itself, on the engine's thread."""
        workspace = dataset.workspace
        workspace.today = self.today()  # the server outlives a day
        buffers = {path: text.encode("utf-8", "surrogatepass") for path, (_, _, text) in texts.items()}
        checked = workspace.check_buffers(buffers)
        found = diagnostics_of(checked, {path: text for path, (_, _, text) in texts.items()}, encoding)
        return found, facts_of(checked)

    def _moved_on(self, uri: str, version: int) -> bool:
        document = self.workspace.text_documents.get(uri)
        return document is None or (document.version or 0) != version

    def _publish(
        self,
        dataset: _Dataset,
        found: dict[Path, list[types.Diagnostic]],
        texts: dict[Path, tuple[str, int, str]],
        changed: set[str],
    ) -> None:
        """Send each file's diagnostics when they differ from what the editor has, or when its
        text changed (the editor waits for them); clear those of files no longer in the data."""
        now: dict[str, list[types.Diagnostic]] = {}
        for path, diagnostics in found.items():
            uri = texts[path][0] if path in texts else self.uri_of(path)
            now[uri] = diagnostics
            if uri in changed or dataset.published.get(uri, []) != diagnostics:
                version = texts[path][1] if path in texts else None
                self.text_document_publish_diagnostics(
                    types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version)
                )
        for uri in dataset.published.keys() - now.keys():
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))
        dataset.published = {uri: diagnostics for uri, diagnostics in now.items() if diagnostics}

    # -- questions ------------------------------------------------------------------------------------

    async def asked(self, uri: str, position: types.Position) -> features.Asked | None:
        """A question about `uri` at `position`: None when the document is not data; an error
        response when it is not a file of the workspace or not open."""
        path = self.document_path(uri)
        dataset = self.dataset_of(path)
        if dataset is None:
            return None
        document = self.workspace.text_documents.get(uri)
        if document is None:
            raise _failed(f"{path} is not open in the editor")
        try:
            await asyncio.wait_for(dataset.checked.wait(), FIRST_CHECK_SECONDS)
        except TimeoutError:
            raise _failed(f"{dataset.data} is still being checked; ask again in a moment") from None
        return features.Asked(
            path=path,
            text=Text(document.source, self.encoding),
            point=Point(position.line, position.character),
            facts=dataset.facts or Facts(dataset.data),
            text_of=self.text_of,
            uri_of=self.uri_of,
        )


def _path_of(uri: str) -> Path | None:
    path = to_fs_path(uri)
    return Path(path).resolve() if path else None


def _failed(message: str) -> JsonRpcException:
    return JsonRpcException(message=message, code=types.LSPErrorCodes.RequestFailed)


def build(given: Path | None, today: Callable[[], date]) -> MssServer:
    """The server, with every feature it offers."""
    server = MssServer(given, today)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: MssServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.opened_or_changed(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: MssServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.opened_or_changed(params.text_document.uri, DEBOUNCE_SECONDS)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: MssServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.closed(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    async def hover(ls: MssServer, params: types.HoverParams) -> types.Hover | None:
        asked = await ls.asked(params.text_document.uri, params.position)
        return features.hover(asked) if asked is not None else None

    @server.feature(
        types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=[":", " ", "[", ","])
    )
    async def completion(ls: MssServer, params: types.CompletionParams) -> types.CompletionList:
        asked = await ls.asked(params.text_document.uri, params.position)
        items = features.completion(asked) if asked is not None else []
        return types.CompletionList(is_incomplete=False, items=items)

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    async def definition(ls: MssServer, params: types.DefinitionParams) -> types.Location | None:
        asked = await ls.asked(params.text_document.uri, params.position)
        return features.definition(asked) if asked is not None else None

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(
            code_action_kinds=[types.CodeActionKind.QuickFix, types.CodeActionKind.Refactor]
        ),
    )
    async def code_action(ls: MssServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        asked = await ls.asked(params.text_document.uri, params.range.start)
        if asked is None:
            return []
        # Drafting and reading edits back take a while on a large file: not on the reading thread.
        work = partial(actions.code_actions, asked, params.text_document.uri, params.context.diagnostics)
        return await asyncio.get_running_loop().run_in_executor(ls.engine, work)

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: MssServer, params: None) -> None:
        ls.engine.shutdown(wait=False, cancel_futures=True)

    return server


def serve(given: Path | None, today: Callable[[], date]) -> None:
    """Serve over stdin and stdout until the client says exit (or goes away)."""
    logging.basicConfig(level=logging.WARNING, format="mss lsp: %(levelname)s %(name)s: %(message)s")
    # pygls closes the stream it writes to when the client says exit: give it a copy of stdout's
    # descriptor, so that the command line's own stdout stays open until the process ends.
    with os.fdopen(os.dup(sys.stdout.fileno()), "wb") as stdout:
        build(given, today).start_io(stdin=sys.stdin.buffer, stdout=stdout)
