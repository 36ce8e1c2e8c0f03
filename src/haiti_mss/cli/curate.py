"""Curation that writes: archive an article, draft its claims, and see what an edit changed.

`mss archive` and `mss draft --write` are the only commands that change a data file; both add
entries as text and replace the file atomically (`curate.insert`). `mss diff` only reads.
"""

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from haiti_mss.cli.common import (
    CURATION,
    DataOption,
    OutputOption,
    data_path,
    did_you_mean,
    emit,
    today,
    usage_error,
    user_date,
    valid,
)
from haiti_mss.cli.completion import complete_source

if TYPE_CHECKING:
    from haiti_mss.curate.archive import Archived
    from haiti_mss.curate.draft import Drafted
    from haiti_mss.engine.workspace import Workspace

app = typer.Typer()

IntoOption = Annotated[
    Path | None,
    typer.Option(
        "--into",
        metavar="FILE",
        help="The data file to add to. \\[default: the --data file, or claims.yaml in a --data folder]",
        show_default=False,
    ),
]


@app.command(rich_help_panel=CURATION)
def archive(
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="The article: a text file, a saved web page, or a PDF.")
    ],
    title: Annotated[
        str | None, typer.Option("--title", help="The headline, if the file does not give it.")
    ] = None,
    outlet: Annotated[str | None, typer.Option("--outlet", help="The publisher.")] = None,
    url: Annotated[str | None, typer.Option("--url", help="Where the article was published.")] = None,
    published: Annotated[
        str | None, typer.Option("--published", metavar="DATE", help="Publication date: 2025-12-13, 2025-12.")
    ] = None,
    source_id: Annotated[
        str | None, typer.Option("--id", help="The source's id. \\[default: from the title and the month]")
    ] = None,
    archived_url: Annotated[
        str | None, typer.Option("--archived-url", metavar="URL", help="A copy in a web archive.")
    ] = None,
    into: IntoOption = None,
    data: DataOption = None,
) -> None:
    """Archive an article: its text under seeds/, its source entry in the data file.

    Plain text is archived as it is (UTF-8); from a web page saved by a browser, only the article
    (headline and paragraphs, no navigation, ads or footers), with its title, site name, address and
    publication date read from the page; from a PDF, the text without page headers and footers. The
    options give or override what the file says; the title and the publication date are required.
    An article already archived is refused. HTML and PDF need the curate extra.

    Example: mss archive saved-page.html --archived-url https://web.archive.org/web/2025/https://example.org/a
    """
    from haiti_mss.curate.archive import ArchiveRefused, Given
    from haiti_mss.curate.archive import archive as archive_article
    from haiti_mss.curate.extract import ExtractError, read_article

    try:
        article = read_article(file)
    except ExtractError as error:
        raise usage_error(str(error)) from None
    given = Given(title, outlet, url, user_date("--published", published), source_id, archived_url)
    opened = valid(data)
    target, shown_target = data_file_to_write(opened, into)
    corpus = opened.corpus(include_drafts=True, include_retired=True)
    try:
        archived = archive_article(article, given, corpus, target, shown_target, today())
    except ArchiveRefused as error:
        raise usage_error(str(error)) from None
    except OSError as error:
        raise usage_error(f"cannot write the archive or {shown_target}: {error.strerror or error}") from None
    _report_archived(archived, shown_target, article.form)


def _report_archived(archived: "Archived", shown_target: str, form: str) -> None:
    """What was written, and where each value of the source came from."""
    from haiti_mss.present.text import visible

    entry = archived.entry
    source = "the page" if form == "HTML" else f"the {form}"
    seed = f"{entry['file']} ({len(archived.seed.read_bytes()):,} bytes of text from {source})"
    if not archived.seed_written:
        seed = f"{entry['file']} (this text was in the archive already, cited by no source)"
    lines = [f"mss archive: {seed}", f"source {entry['id']} added to {shown_target}:{archived.line}"]
    for name in ("title", "outlet", "url", "published", "retrieved", "archived_url"):
        value = entry.get(name)
        origin = archived.origins.get(name)
        if name == "published" and "published_basis" in entry:
            origin = entry["published_basis"].rstrip(".")
            origin = origin[:1].lower() + origin[1:]
        if value is not None or name in ("outlet", "url"):
            shown = f"not known (null): give it with --{name}" if value is None else str(value)
            lines.append(f"  {name:<13}{shown}" + (f" — {origin}" if origin else ""))
    lines.append(f"Next: mss draft {entry['id']}")
    print(visible("\n".join(lines), keep_lines=True))


def data_file_to_write(opened: "Workspace", into: Path | None) -> tuple[Path, str]:
    """The data file to add to, and how to name it: `--into`, or the --data file, or claims.yaml in
    a --data folder. It must be read with the rest of the data, else what is added would not count."""
    folder = opened.data if opened.data.is_dir() else None
    files = {path.resolve(): path for path in _data_files(opened)}
    if into is None:
        if folder is None:
            return opened.data, opened.shown
        into = folder / "claims.yaml"
        if into.resolve() not in files:
            raise usage_error(f"--data {opened.shown} is a folder: name the file to add to with --into FILE")
    if into.resolve() in files:
        return into, str(into)
    if folder is not None and into.suffix == ".yaml" and into.resolve().parent == folder.resolve():
        if into.exists():
            raise usage_error(f"--into {into} is not a data file mss can read")
        return into, str(into)
    raise usage_error(f"--into {into} is not one of the data files of --data {opened.shown}")


def _data_files(opened: "Workspace") -> list[Path]:
    from haiti_mss.core.layout import data_files

    return data_files(opened.data)


class DiffFormat(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"


@app.command(rich_help_panel=CURATION)
def diff(
    old: Annotated[
        str,
        typer.Argument(
            metavar="[OLD]",
            help="A git revision (HEAD, main, a commit) or a data path to compare from.",
            show_default=False,
        ),
    ] = "HEAD",
    new: Annotated[
        Path | None,
        typer.Argument(
            metavar="[NEW]",
            help="A data path to compare to. \\[default: the --data path]",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        DiffFormat,
        typer.Option("--format", help="table for people, json for scripts, markdown for a pull request."),
    ] = DiffFormat.table,
    output: OutputOption = None,
    data: DataOption = None,
) -> None:
    """Show what changed in the data: sources and claims added, removed, changed and renamed.

    OLD is a git revision (default HEAD: what the working tree changes since the last commit) or a
    data path; NEW is a data path (default the --data path, as it is on disk). Records are compared
    by id, field by field, with the figure's old and new value; a claim whose id changed but whose
    source and quote did not is shown as renamed. An older revision is read with today's loader.

    Example: mss diff main --format markdown --output changes.md
    """
    from haiti_mss.curate.diff import DiffError, changes, version_at_path, version_at_revision
    from haiti_mss.present.changes import changes_view
    from haiti_mss.present.wording import plural

    current = data_path(new if new is not None else data)
    try:
        # A path that exists is a path; anything else is a revision (as git reads `git diff X`).
        before = version_at_path(Path(old), old) if Path(old).exists() else version_at_revision(current, old)
        after = version_at_path(current, "the working tree" if new is None else str(new))
    except DiffError as error:
        raise usage_error(str(error)) from None
    notes = [
        f"{version.label}: {plural(version.problems, 'problem')} in reading; records that fail validation "
        "are not compared (run mss check)"
        for version in (before, after)
        if version.problems
    ]
    emit(changes_view(changes(before, after), before.label, after.label, notes), output_format.value, output)


class DraftFormat(StrEnum):
    yaml = "yaml"
    json = "json"


@app.command(rich_help_panel=CURATION)
def draft(
    source_id: Annotated[
        str,
        typer.Argument(
            metavar="SOURCE", help="The source's id.", show_default=False, autocompletion=complete_source
        ),
    ],
    output_format: Annotated[
        DraftFormat, typer.Option("--format", help="yaml to paste into the data, json for scripts.")
    ] = DraftFormat.yaml,
    write_drafts: Annotated[
        bool, typer.Option("--write", help="Add the drafts to the data file instead of printing them.")
    ] = False,
    into: Annotated[
        Path | None,
        typer.Option(
            "--into",
            metavar="FILE",
            help="With --write: the data file to add to. \\[default: the file that holds the source]",
            show_default=False,
        ),
    ] = None,
    data: DataOption = None,
) -> None:
    """Draft claims for every figure of a source that no claim cites or ignores.

    Each draft quotes the shortest clause or sentence around its figure, exactly as the archive
    has it, with the figure and its qualifier, a kind and fields guessed from the words, the
    country, a date read against the publication date (explained in a note), and review: draft.
    Figures that are not a head count or money are listed, to cite or ignore. A draft is a warning
    in mss check and is left out of answers until its review: draft line is deleted.

    Example: mss draft nations-join-kenya-mission-2023-09 --write
    """
    from haiti_mss.curate.draft import draft_source

    opened = valid(data)
    sources = opened.corpus(kinds=(), include_drafts=True).sources
    if source_id not in sources:
        raise usage_error(f"no source with id {source_id!r}{did_you_mean(source_id, sources)}")
    drafted = draft_source(opened, source_id)
    if write_drafts:
        _write_drafts(opened, drafted, into)
    elif output_format is DraftFormat.json:
        from haiti_mss.present.writers import write_json

        write_json(_drafts_document(drafted), sys.stdout)
    else:
        sys.stdout.write(_drafts_yaml(drafted))


def _drafts_document(drafted: "Drafted") -> dict[str, Any]:
    return {
        "source": drafted.source.id,
        "drafts": [item.json for item in drafted.drafts],
        "undrafted": [
            {"figure": item.figure, "kind": item.kind, "reason": item.reason, "context": item.context}
            for item in drafted.undrafted
        ],
    }


def _drafts_yaml(drafted: "Drafted") -> str:
    """The drafts as entries to paste under `claims:`, and the figures not drafted as comments."""
    from haiti_mss.present.text import visible
    from haiti_mss.present.wording import plural

    count = plural(len(drafted.drafts), "draft")
    lines = [
        f"# mss draft {drafted.source.id}: {count} from {drafted.source.file}, each marked review: draft.",
        "# Check each against the source, correct it, and delete its review: line.",
    ]
    if drafted.drafts:
        lines.append("")
        lines.append("\n".join(item.yaml for item in drafted.drafts))
    if drafted.undrafted:
        lines.append(
            f"# Not drafted ({len(drafted.undrafted)}): cite these in a claim, or list them under the"
        )
        lines.append("# source's ignore: with a reason.")
        for item in drafted.undrafted:
            lines.append(f"#   {item.figure!r} ({item.kind}): {item.reason}")
            lines.append(f"#     {_shortened(item.context)}")
    return visible("\n".join(lines), keep_lines=True) + "\n"


def _shortened(text: str, most: int = 96) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"


def _write_drafts(opened: "Workspace", drafted: "Drafted", into: Path | None) -> None:
    from haiti_mss.curate.insert import InsertError, appended, replace_file

    if into is None:
        target, shown = _file_holding(opened, drafted.source.id)
    else:
        target, shown = data_file_to_write(opened, into)
    if not drafted.drafts:
        print(
            f"mss draft: no figure of {drafted.source.id} is left to draft; nothing written", file=sys.stderr
        )
        return
    try:
        before = target.read_bytes() if target.exists() else None
        inserted = appended(before or b"", "claims", [item.fields for item in drafted.drafts], shown)
        replace_file(target, before, inserted.data)
    except InsertError as error:
        raise usage_error(str(error)) from None
    except OSError as error:
        raise usage_error(f"cannot write {shown}: {error.strerror or error}") from None
    from haiti_mss.present.wording import plural

    print(
        f"mss draft: {plural(len(drafted.drafts), 'draft')} of {drafted.source.id} added to {shown} "
        f"from line {inserted.line}, each marked review: draft; "
        f"{plural(len(drafted.undrafted), 'figure')} not drafted (mss draft without --write lists them)."
    )
    print("Next: check each against the source, correct it, delete its review: line; mss check --strict.")


def _file_holding(opened: "Workspace", source_id: str) -> tuple[Path, str]:
    from haiti_mss.curate.insert import file_holding

    found = file_holding(opened.data, opened.shown, source_id)
    if found is None:
        raise usage_error(f"cannot tell which data file holds source {source_id}; name it with --into")
    return found
