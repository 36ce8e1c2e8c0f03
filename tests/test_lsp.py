"""`mss lsp` driven over stdio by a real LSP client (pytest-lsp, on pygls' client): diagnostics as
`mss check` reports them, positions in the negotiated encoding, a duplicate id in another file,
hover, completion, go to definition, code actions — each with exact values — and bad input that
never stops the server."""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

from haiti_mss.engine.workspace import Workspace
from haiti_mss.present.text import visible

from conftest import EXPECTED, FIXTURES, KENYA_PLEDGE, ONE_CLAIM, PINNED_TODAY, PROJECT, SOURCE_004

pytestmark = [pytest.mark.asyncio, pytest.mark.filterwarnings("error::pytest_lsp.LspSpecificationWarning")]

SEED_004 = PROJECT / "seeds" / "004_a40b01aed8d90bdc.txt"
BROKEN_QUOTE = (FIXTURES / "invalid" / "quote-not-found.yaml").read_text()
CLOSEST = "Kenya has promised to provide 1,000 security personnel to Haiti."


class Client(LanguageClient):
    """pytest-lsp's client, keeping every publishDiagnostics it receives (its own keeps the last
    per document, and its waiter one per method), so a test can wait for a given document and
    version without racing the server."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.published: list[types.PublishDiagnosticsParams] = []
        self.arrived = asyncio.Event()

    def on_publish(self, params: types.PublishDiagnosticsParams) -> None:
        self.diagnostics[params.uri] = params.diagnostics
        self.published.append(params)
        self.arrived.set()

    async def diagnostics_of(
        self, uri: str, version: int | None = None, after: int = 0, timeout: float = 20
    ) -> list[types.Diagnostic]:
        """The diagnostics of the first publication for `uri` (at `version`) from number `after` on."""
        deadline = time.monotonic() + timeout
        while True:
            for params in self.published[after:]:
                if params.uri == uri and (version is None or params.version == version):
                    return list(params.diagnostics)
            self.arrived.clear()
            await asyncio.wait_for(self.arrived.wait(), max(deadline - time.monotonic(), 0.01))

    def open(self, path: Path, text: str, version: int = 1) -> str:
        uri = path.as_uri()
        self.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(uri=uri, language_id="yaml", version=version, text=text)
            )
        )
        return uri

    def change(self, uri: str, version: int, text: str) -> None:
        self.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )

    async def hover_text(self, uri: str, line: int, character: int) -> str | None:
        found = await self.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                position=types.Position(line=line, character=character),
            )
        )
        return None if found is None else found.contents.value  # type: ignore[union-attr]


def _client() -> Client:
    client = Client(converter_factory=default_converter)
    features = dict(DEFAULT_CLIENT_FEATURES)
    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = lambda ls, params: ls.on_publish(params)
    register_lsp_features(client, features)
    return client


@asynccontextmanager
async def served(
    root: Path, *, encodings: list[str] | None = None, arguments: tuple[str, ...] = ()
) -> AsyncIterator[tuple[Client, types.InitializeResult]]:
    """`mss lsp` started as an editor starts it, initialised with `root` as the workspace."""
    config = ClientServerConfig(
        server_command=[sys.executable, "-m", "haiti_mss", "lsp", *arguments],
        client_factory=_client,
        server_env=dict(os.environ),
    )
    client = await config.start()
    capabilities = client_capabilities("visual-studio-code")
    capabilities.general = types.GeneralClientCapabilities(position_encodings=encodings)
    try:
        result = await client.initialize_session(
            types.InitializeParams(
                capabilities=capabilities,
                root_uri=root.as_uri(),
                workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name=root.name)],
            )
        )
        yield client, result  # type: ignore[misc]
        await client.shutdown_session()
    finally:
        if client._server is not None and client._server.returncode is None:  # a test failed
            client._server.kill()
        await client.stop()


def position(diagnostic: types.Diagnostic) -> tuple[int, int, int, int]:
    start, end = diagnostic.range.start, diagnostic.range.end
    return start.line, start.character, end.line, end.character


# --- Diagnostics ---------------------------------------------------------------------------------


async def test_a_broken_quote_is_reported_where_mss_check_reports_it_and_cleared_when_fixed(
    project: Path,
) -> None:
    data = project / "data" / "claims.yaml"
    data.write_text(ONE_CLAIM)  # what is on disk does not matter: the buffer is checked
    async with served(project) as (client, result):
        assert result.capabilities.position_encoding == "utf-16"
        assert result.capabilities.text_document_sync.change == types.TextDocumentSyncKind.Full  # type: ignore[union-attr]
        uri = client.open(data, BROKEN_QUOTE)
        (diagnostic,) = await client.diagnostics_of(uri, version=1)
        assert position(diagnostic) == (10, 4, 10, 74)  # 11:5 for mss check, to the line's end
        assert diagnostic.code == "quote-not-found"
        assert diagnostic.severity == types.DiagnosticSeverity.Error
        assert diagnostic.source == "mss"
        assert diagnostic.message == (
            f"claim ken-pledge: the quote is not in the source; closest passage: '{CLOSEST}' — first "
            "difference at character 32: the quote has '0', the source has ','"
        )
        client.change(uri, 2, BROKEN_QUOTE.replace("provide 1000", "provide 1,000"))
        assert await client.diagnostics_of(uri, version=2) == []


async def test_every_invalid_fixture_gets_the_problems_mss_check_reports(tmp_path: Path) -> None:
    """Every code, at every position, with mss check's words: one project per fixture, all
    open in one server. (Bytes that are not UTF-8 cannot be an editor's text: not-utf8 is left out.)"""
    fixtures = [
        path for path in sorted((FIXTURES / "invalid").glob("*.yaml")) if path.name != "non-utf8.yaml"
    ]
    expected: dict[str, list[tuple[int, int, str, str]]] = {}
    async with served(tmp_path) as (client, _):
        for number, fixture in enumerate(fixtures):
            project = tmp_path / f"p{number}"
            shutil.copytree(PROJECT / "seeds", project / "seeds")
            (project / "data").mkdir()
            data = project / "data" / "claims.yaml"
            shutil.copyfile(fixture, data)
            text = fixture.read_text(encoding="utf-8")
            problems = Workspace(
                data, PINNED_TODAY, shown=str(data.relative_to(tmp_path)), use_index=False
            ).problems
            assert [f"{p.line}:{p.column} {p.code}" for p in problems] == EXPECTED[fixture.name]
            lines = text.splitlines()
            expected[client.open(data, text)] = [
                (p.line - 1, _utf16(lines[p.line - 1][: p.column - 1]) if p.line <= len(lines) else 0, p.code,
                 visible((f"claim {p.claim_id}: " if p.claim_id else "") + p.message))
                for p in problems
            ]  # fmt: skip
        for uri, wanted in expected.items():
            found = await client.diagnostics_of(uri, version=1)
            assert [
                (d.range.start.line, d.range.start.character, d.code, d.message) for d in found
            ] == wanted, uri


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


# A claim written on one line, a character outside the Basic Multilingual Plane before the problem.
EMOJI_CLAIM = (
    '  - {note: "😀 see the source", id: ken-pledge, kind: pledge, source: nations-join, '
    "quote: Kenya has promised to provide 1000 security personnel to Haiti., as_of: 2023-09, "
    "country: KEN, personnel: 1000, stage: committed}\n"
)


@pytest.mark.parametrize(
    ("offered", "chosen", "extra_units"),
    [
        (None, "utf-16", 1),
        (["utf-16"], "utf-16", 1),
        (["utf-8", "utf-16"], "utf-8", 3),
        (["utf-32"], "utf-32", 0),
    ],
)
async def test_positions_are_in_the_encoding_agreed_with_the_client(
    project: Path, offered: list[str] | None, chosen: str, extra_units: int
) -> None:
    """😀 is one character for mss, two UTF-16 units and four UTF-8 bytes for the client."""
    data = project / "data" / "claims.yaml"
    text = SOURCE_004 + "claims:\n" + EMOJI_CLAIM
    data.write_text(text)
    line = EMOJI_CLAIM.rstrip("\n")
    async with served(project, encodings=offered) as (client, result):
        assert result.capabilities.position_encoding == chosen
        uri = client.open(data, text)
        (diagnostic,) = await client.diagnostics_of(uri, version=1)
        assert diagnostic.code == "quote-not-found"
        assert position(diagnostic) == (7, line.index("quote") + extra_units, 7, len(line) + extra_units)
        # and the client's positions are read in the same units: the kind, after the emoji
        kind_at = line.index("kind: pledge") + len("kind: ") + extra_units
        assert (
            await client.hover_text(uri, 7, kind_at)
            == "**pledge**: Personnel promised, planned or authorised."
        )


async def test_a_duplicate_id_in_another_file_is_published_for_that_file_and_cleared(project: Path) -> None:
    first, second = project / "data" / "a.yaml", project / "data" / "b.yaml"
    first.write_text(ONE_CLAIM)
    other_claim = KENYA_PLEDGE.replace("ken-pledge", "ken-pledge-again")
    second.write_text("claims:\n" + other_claim)
    async with served(project) as (client, _):
        uri = client.open(first, ONE_CLAIM)
        assert await client.diagnostics_of(uri, version=1) == []
        before = len(client.published)
        client.change(uri, 2, ONE_CLAIM.replace("id: ken-pledge", "id: ken-pledge-again"))
        assert await client.diagnostics_of(uri, version=2, after=before) == []
        (duplicate,) = await client.diagnostics_of(second.as_uri(), after=before)
        assert position(duplicate) == (1, 4, 1, 24)
        assert duplicate.code == "duplicate-id"
        assert (
            duplicate.message
            == "claim ken-pledge-again: claim id 'ken-pledge-again' is already used at data/a.yaml:8:5"
        )
        before = len(client.published)
        client.change(uri, 3, ONE_CLAIM)
        assert await client.diagnostics_of(uri, version=3, after=before) == []
        assert await client.diagnostics_of(second.as_uri(), after=before) == []


# --- Hover, completion, definition ----------------------------------------------------------------

TWO_KINDS = ONE_CLAIM + (
    "  - id: usa-ken-pact\n"
    "    kind: event\n"
    "    source: nations-join\n"
    "    quote: was signed on Monday, September 25, during a meeting in Nairobi\n"
    "    as_of: 2023-09-25\n"
    "    event_type: agreement\n"
    "    parties: [USA, KEN]\n"
)


@asynccontextmanager
async def opened(project: Path, text: str = TWO_KINDS) -> AsyncIterator[tuple[Client, str]]:
    data = project / "data" / "claims.yaml"
    data.write_text(text)
    async with served(project) as (client, _):
        uri = client.open(data, text)
        await client.diagnostics_of(uri, version=1)
        yield client, uri


async def test_hover_shows_the_source_the_passage_and_what_codes_mean(project: Path) -> None:
    async with opened(project) as (client, uri):
        assert (
            await client.hover_text(uri, 9, 14)
            == "**Nations join the Kenya-led effort**\n\npublished 2023-09"
        )
        passage = await client.hover_text(uri, 10, 20)
        assert passage == (
            "*seeds/004\\_a40b01aed8d90bdc.txt*\n\n"
            "Blinken added that the projected deployment will get “robust financial and logistical "
            "assistance” from Washington. **Kenya has promised to provide 1,000 security personnel to "
            "Haiti.** However, human rights advocates have voiced their concerns over the deployment, "
            "pointing to a pattern of violations of human rights during security operations in Kenya."
        )
        assert await client.hover_text(uri, 8, 10) == "**pledge**: Personnel promised, planned or authorised."
        assert await client.hover_text(uri, 14, 11) == "**committed**: promised a number"
        assert await client.hover_text(uri, 12, 13) == "**KEN**: Kenya"
        assert await client.hover_text(uri, 21, 17) == "**USA**: United States"
        assert await client.hover_text(uri, 20, 17) == "**agreement**: an agreement signed or reached"
        assert await client.hover_text(uri, 11, 6) is None  # as_of: nothing to explain


async def test_completion_offers_source_ids_countries_and_the_values_of_the_claims_kind(
    project: Path,
) -> None:
    text = TWO_KINDS + "    stage: \n"  # an event has no stage
    text = text.replace("    stage: committed\n", "    stage: c\n").replace(
        "    country: KEN\n", "    country: K\n"
    )
    async with opened(project, text) as (client, uri):

        async def offered(line: int, character: int) -> list[tuple[str, str | None]]:
            found = await client.text_document_completion_async(
                types.CompletionParams(
                    text_document=types.TextDocumentIdentifier(uri=uri),
                    position=types.Position(line=line, character=character),
                )
            )
            return [(item.label, item.detail) for item in found.items]  # type: ignore[union-attr]

        assert await offered(9, 22) == [("nations-join", "Nations join the Kenya-led effort")]
        assert await offered(14, 12) == [
            ("intent", "said it will take part or is ready to, without a formal offer"),
            ("announced", "made a public offer or announcement of a contribution"),
            ("committed", "promised a number"),
            ("target", "a mission-wide planned or authorised size"),
        ]
        assert await offered(22, 11) == []
        countries = await offered(12, 14)
        assert len(countries) == 249
        assert ("KEN", "Kenya") in countries
        assert ("HTI", "Haiti") in countries
        parties = await offered(21, 19)  # parties: [USA, K
        assert parties == countries
        assert await offered(21, 23) == []  # after the list
        items = (
            await client.text_document_completion_async(
                types.CompletionParams(
                    text_document=types.TextDocumentIdentifier(uri=uri),
                    position=types.Position(line=12, character=14),
                )
            )
        ).items  # type: ignore[union-attr]
        kenya = next(item for item in items if item.label == "KEN")
        assert kenya.text_edit == types.TextEdit(
            range=types.Range(
                start=types.Position(line=12, character=13), end=types.Position(line=12, character=14)
            ),
            new_text="KEN",
        )
        assert kenya.filter_text == "KEN Kenya"


async def test_definition_leads_to_the_source_entry_and_to_the_quote_in_the_archive(project: Path) -> None:
    async with opened(project) as (client, uri):

        async def defined(line: int, character: int) -> Any:
            return await client.text_document_definition_async(
                types.DefinitionParams(
                    text_document=types.TextDocumentIdentifier(uri=uri),
                    position=types.Position(line=line, character=character),
                )
            )

        assert await defined(9, 14) == types.Location(
            uri=uri,
            range=types.Range(
                start=types.Position(line=1, character=4), end=types.Position(line=1, character=20)
            ),
        )
        archived = SEED_004.read_text(encoding="utf-8")
        start = archived.index(CLOSEST)
        line = archived.count("\n", 0, start)
        column = start - (archived.rfind("\n", 0, start) + 1)
        assert await defined(10, 8) == types.Location(
            uri=(project / "seeds" / SEED_004.name).as_uri(),
            range=types.Range(
                start=types.Position(line=line, character=_utf16(archived[start - column : start])),
                end=types.Position(
                    line=line, character=_utf16(archived[start - column : start + len(CLOSEST)])
                ),
            ),
        )
        assert await defined(11, 8) is None  # as_of: nothing to go to


# --- Code actions ----------------------------------------------------------------------------------


async def actions_at(client: Client, uri: str, line: int, diagnostics: list[types.Diagnostic]) -> list[Any]:
    found = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(
                start=types.Position(line=line, character=4), end=types.Position(line=line, character=4)
            ),
            context=types.CodeActionContext(diagnostics=diagnostics),
        )
    )
    return list(found or [])


def applied(text: str, edit: types.TextEdit) -> str:
    """`text` with an edit of ASCII lines applied, as an editor applies it."""
    lines = text.split("\n")
    start, end = edit.range.start, edit.range.end
    before = "\n".join([*lines[: start.line], lines[start.line][: start.character]])
    after = "\n".join([lines[end.line][end.character :], *lines[end.line + 1 :]])
    return before + edit.new_text + after


async def test_a_quote_not_found_is_replaced_with_the_closest_passage(project: Path) -> None:
    async with opened(project, BROKEN_QUOTE) as (client, uri):
        diagnostics = client.diagnostics[uri]
        (action,) = await actions_at(client, uri, 10, list(diagnostics))
        assert action.title == f"Replace the quote with the source's closest passage: {CLOSEST}"
        assert action.kind == types.CodeActionKind.QuickFix
        assert action.is_preferred
        (edit,) = action.edit.changes[uri]
        assert edit == types.TextEdit(
            range=types.Range(
                start=types.Position(line=10, character=10), end=types.Position(line=10, character=74)
            ),
            new_text=f" {CLOSEST}",
        )
        fixed = applied(BROKEN_QUOTE, edit)
        assert fixed == BROKEN_QUOTE.replace("provide 1000", "provide 1,000")
        client.change(uri, 2, fixed)
        assert await client.diagnostics_of(uri, version=2) == []


async def test_a_figure_no_claim_cites_can_be_given_an_ignore_entry_whose_reason_is_left_to_write(
    project: Path,
) -> None:
    async with opened(project, ONE_CLAIM) as (client, uri):
        found = (await actions_at(client, uri, 2, []))[:-1]  # the last inserts drafts (below)
        uncited = [
            "a dozen",
            "five",
            "Monday, September 25",
            "two",
            "October 2022",
            "July 2023",
            "15",
            "50",
            "150",
            "Two",
        ]
        assert [action.title for action in found] == [
            f"Add an ignore: entry for {figure!r}, which no claim cites (then write why)"
            for figure in uncited
        ]
        assert {action.kind for action in found} == {types.CodeActionKind.Refactor}
        (edit,) = found[uncited.index("October 2022")].edit.changes[uri]
        with_entry = applied(ONE_CLAIM, edit)
        assert with_entry == ONE_CLAIM.replace(
            "    published: 2023-09\n",
            "    published: 2023-09\n    ignore:\n      - text: October 2022\n        reason:\n",
        )
        client.change(uri, 2, with_entry)
        # Until it has a reason the source is not valid, and its claim cites an unknown source.
        found = await client.diagnostics_of(uri, version=2)
        assert [(d.code, d.range.start.line, d.range.start.character) for d in found] == [
            ("wrong-type", 8, 8),
            ("unknown-source", 12, 4),
        ]
        written = with_entry.replace("reason:\n", "reason: background, before the mission\n")
        client.change(uri, 3, written)
        assert await client.diagnostics_of(uri, version=3) == []
        # A second entry goes into the list now there is one.
        again = (await actions_at(client, uri, 2, []))[:-1]  # and the drafts
        assert [action.title.split("'")[1] for action in again] == [
            figure for figure in uncited if figure != "October 2022"
        ]
        (edit,) = again[[action.title.split("'")[1] for action in again].index("150")].edit.changes[uri]
        assert applied(written, edit).endswith(
            '        reason: background, before the mission\n      - text: "150"\n        reason:\nclaims:\n'
            + KENYA_PLEDGE
        )


async def test_the_drafts_of_the_figures_no_claim_cites_are_inserted_as_mss_draft_writes_them(
    project: Path, run: Callable[..., Any], tmp_path_factory: pytest.TempPathFactory
) -> None:
    async with opened(project, ONE_CLAIM) as (client, uri):
        *_, drafts = await actions_at(client, uri, 2, [])
        assert drafts.title == (
            "Insert 2 drafted claims of nations-join for the figures no claim cites (50, 150), marked review: draft"
        )
        (edit,) = drafts.edit.changes[uri]
        with_drafts = applied(ONE_CLAIM, edit)
        # What `mss draft --write` makes of the same file.
        copy = tmp_path_factory.mktemp("drafted") / "project"
        shutil.copytree(project, copy)
        written = copy / "data" / "claims.yaml"
        assert run("draft", "nations-join", "--write", "--data", written).exit_code == 0
        assert with_drafts == written.read_text()
        client.change(uri, 2, with_drafts)
        found = await client.diagnostics_of(uri, version=2)
        lines = with_drafts.split("\n")
        assert [(d.code, d.range.start.line) for d in found] == [
            ("unreviewed-draft", number) for number, line in enumerate(lines) if line == "    review: draft"
        ]
        assert len(found) == 2


# --- Bad input ---------------------------------------------------------------------------------------


async def test_bad_input_is_a_diagnostic_or_an_error_response_and_the_next_request_is_served(
    project: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    data = project / "data" / "claims.yaml"
    data.write_text(ONE_CLAIM)
    elsewhere = tmp_path_factory.mktemp("elsewhere")  # a project of its own, outside the workspace
    (elsewhere / "seeds").mkdir()
    (elsewhere / "data").mkdir()
    outside = elsewhere / "data" / "claims.yaml"
    outside.write_text(BROKEN_QUOTE)
    async with served(project) as (client, _):
        uri = client.open(data, ONE_CLAIM)
        assert await client.diagnostics_of(uri, version=1) == []
        served_hover: Callable[[], Any] = lambda: client.hover_text(uri, 9, 14)  # noqa: E731
        source_hover = await served_hover()

        # Each in a second claim, so that the first can still be asked about; the binary buffer
        # has no claim left to ask about.
        second = KENYA_PLEDGE.replace("ken-pledge", "ken-pledge-2")
        bad = {
            "a syntax error": (ONE_CLAIM + second.replace("quote: Kenya has", 'quote: "Kenya has'), source_hover),
            "50,000 levels of nesting": (ONE_CLAIM + second + "    note: " + "[" * 50_000 + "]" * 50_000 + "\n", source_hover),
            "a binary buffer": ("\x00\x01\x02\udcff\x89PNG\r\n\x1a\n", None),
        }  # fmt: skip
        for version, (name, (text, hover_now)) in enumerate(bad.items(), start=2):
            client.change(uri, version, text)
            found = await client.diagnostics_of(uri, version=version)
            assert [(d.code, d.range.start.line, d.range.start.character) for d in found] == checked_as_saved(
                data, text
            ), name
            assert await served_hover() == hover_now, name
        client.open(outside, BROKEN_QUOTE)  # data, but not the workspace's: nothing is published
        with pytest.raises(JsonRpcException, match="outside the workspace"):
            await client.hover_text(outside.as_uri(), 9, 14)
        with pytest.raises(JsonRpcException, match="is not a file"):
            await client.hover_text("untitled:Untitled-1", 0, 0)
        client.change(uri, 9, ONE_CLAIM)
        assert await client.diagnostics_of(uri, version=9) == []
        assert await served_hover() == source_hover
        assert outside.as_uri() not in {params.uri for params in client.published}


def checked_as_saved(data: Path, text: str) -> list[tuple[str, int, int]]:
    """What `mss check` reports once `text` (ASCII lines but for bytes that are not text) is saved."""
    data.write_bytes(text.encode("utf-8", "surrogatepass"))
    problems = Workspace(data, PINNED_TODAY, use_index=False).problems
    assert problems  # each is a problem, and the test must not pass on none
    return [(problem.code, problem.line - 1, problem.column - 1) for problem in problems]


async def test_a_document_that_is_not_data_gets_no_diagnostics_and_no_answers(project: Path) -> None:
    config = project / ".pre-commit-config.yaml"
    config.write_text("repos: []\n")
    data = project / "data" / "claims.yaml"
    data.write_text(ONE_CLAIM)
    async with served(project) as (client, _):
        other = client.open(config, "repos: []\n")
        uri = client.open(data, BROKEN_QUOTE)
        assert [d.code for d in await client.diagnostics_of(uri, version=1)] == ["quote-not-found"]
        assert other not in {params.uri for params in client.published}
        assert await client.hover_text(other, 0, 2) is None


async def test_data_named_with_data_is_the_data_whatever_its_folder(project: Path) -> None:
    """`mss lsp --data PATH`, as `mss check --data PATH`: here a file outside any data/ folder."""
    data = project / "curated.yaml"
    data.write_text(BROKEN_QUOTE)
    async with served(project, arguments=("--data", str(data))) as (client, _):
        uri = client.open(data, BROKEN_QUOTE)
        assert [d.code for d in await client.diagnostics_of(uri, version=1)] == ["quote-not-found"]
