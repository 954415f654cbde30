"""`profile-check server` driven by a real LSP client (pytest-lsp, on pygls).

The server runs in a copy of the repository's profile, its Markdown document and its
profile-check.toml; every test edits the editor's buffers only (nothing is saved), as a
person would in an editor. The binary is `PROFILE_CHECK_BIN` (set by `tests/cli/server.rs`),
else `target/debug/profile-check`.
"""

import asyncio
import os
import pathlib
import shutil

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

REPO = pathlib.Path(__file__).resolve().parents[2]
BINARY = os.environ.get("PROFILE_CHECK_BIN", str(REPO / "target" / "debug" / "profile-check"))
# How long a test waits for the server's diagnostics; the gate takes milliseconds.
WAIT = 20.0


def workspace(base: pathlib.Path) -> pathlib.Path:
    """A folder holding the shipped profile, its document and configuration."""
    root = base / "workspace"
    (root / "profiles").mkdir(parents=True)
    for name in ("prod.yaml", "RUNTIME_PROFILE_PROD.md"):
        shutil.copy(REPO / "profiles" / name, root / "profiles" / name)
    shutil.copy(REPO / "profile-check.toml", root / "profile-check.toml")
    return root


def capabilities(encodings=None) -> types.ClientCapabilities:
    general = types.GeneralClientCapabilities(position_encodings=encodings) if encodings else None
    return types.ClientCapabilities(
        general=general,
        text_document=types.TextDocumentClientCapabilities(
            publish_diagnostics=types.PublishDiagnosticsClientCapabilities(related_information=True),
        ),
    )


async def start(client: LanguageClient, root: pathlib.Path, encodings=None):
    return await client.initialize_session(
        types.InitializeParams(
            capabilities=capabilities(encodings),
            root_uri=root.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name="workspace")],
        )
    )


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[BINARY, "server", "--stdio"]))
async def client(lsp_client: LanguageClient):
    yield
    await lsp_client.shutdown_session()


async def diagnostics_where(client: LanguageClient, uri: str, holds):
    """The diagnostics of `uri` once `holds(them)` is true (they are published after each
    change)."""

    async def wait():
        while True:
            published = client.diagnostics.get(uri)
            if published is not None and holds(published):
                return published
            await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)

    try:
        return await asyncio.wait_for(wait(), WAIT)
    except TimeoutError:
        pytest.fail(f"no diagnostics as expected for {uri}; published: {client.diagnostics}")


def open_file(client: LanguageClient, path: pathlib.Path, language: str) -> tuple[str, str]:
    uri = path.as_uri()
    text = path.read_text(encoding="utf-8")
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id=language, version=1, text=text)
        )
    )
    return uri, text


def change(client: LanguageClient, uri: str, version: int, text: str):
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


def apply(text: str, edits: list[types.TextEdit]) -> str:
    """Applies LSP text edits (UTF-16 positions) to `text`."""
    lines = text.splitlines(keepends=True)

    def offset(position: types.Position) -> int:
        before = sum(len(line) for line in lines[: position.line])
        line = lines[position.line] if position.line < len(lines) else ""
        units = 0
        for index, char in enumerate(line):
            if units >= position.character:
                return before + index
            units += len(char.encode("utf-16-le")) // 2
        return before + len(line.rstrip("\r\n"))

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        start, end = offset(edit.range.start), offset(edit.range.end)
        text = text[:start] + edit.new_text + text[end:]
    return text


async def code_actions(client: LanguageClient, uri: str, d: types.Diagnostic):
    """The code actions offered at diagnostic `d`'s range, for `d`."""
    return await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=d.range,
            context=types.CodeActionContext(diagnostics=[d]),
        )
    )


def codes(diagnostics) -> list:
    return [d.code for d in diagnostics]


ACTIVE_LINE = "    active: true\n"


def with_active_disabled_module(text: str) -> tuple[str, int]:
    """The profile with `active: true` on `ui-webinar-entry` (a disabled module), and the
    0-based line of that value."""
    anchor = "    notes: Не участвует в MVP runtime.\n"
    assert anchor in text
    changed = text.replace(anchor, anchor + ACTIVE_LINE, 1)
    line = changed[: changed.index(ACTIVE_LINE)].count("\n")
    return changed, line


@pytest.mark.asyncio
async def test_open_change_fix(client: LanguageClient, tmp_path):
    root = workspace(tmp_path)
    result = await start(client, root)
    assert result.capabilities.position_encoding == "utf-16"
    uri, text = open_file(client, root / "profiles" / "prod.yaml", "yaml")
    # The shipped profile passes: its diagnostics are published, and empty.
    await diagnostics_where(client, uri, lambda ds: len(ds) == 0)

    changed, line = with_active_disabled_module(text)
    change(client, uri, 2, changed)
    found = await diagnostics_where(client, uri, lambda ds: "disabled-inactive" in codes(ds))
    assert codes(found) == ["disabled-inactive"], found
    d = found[0]
    assert d.severity == types.DiagnosticSeverity.Error
    assert d.source == "profile-check"
    assert (d.range.start.line, d.range.start.character) == (line, 12)
    assert (d.range.end.line, d.range.end.character) == (line, 16)

    actions = await code_actions(client, uri, d)
    assert actions, "no code action for a safe fix"
    quickfix = [a for a in actions if a.kind == types.CodeActionKind.QuickFix]
    assert len(quickfix) == 1, actions
    assert "disabled-inactive" in quickfix[0].title
    edits = quickfix[0].edit.changes[uri]
    fixed = apply(changed, edits)
    # The fix removes the line it added, and nothing else.
    assert fixed == text

    change(client, uri, 3, fixed)
    await diagnostics_where(client, uri, lambda ds: len(ds) == 0)


@pytest.mark.asyncio
async def test_doc_sync_points_at_the_document(client: LanguageClient, tmp_path):
    root = workspace(tmp_path)
    await start(client, root)
    uri, text = open_file(client, root / "profiles" / "prod.yaml", "yaml")
    await diagnostics_where(client, uri, lambda ds: len(ds) == 0)
    changed = text.replace("    name: Webinar Room UI\n", "    name: Webinar Room\n", 1)
    change(client, uri, 2, changed)
    found = await diagnostics_where(client, uri, lambda ds: "doc-sync" in codes(ds))
    d = next(d for d in found if d.code == "doc-sync")
    line = changed[: changed.index("    name: Webinar Room\n")].count("\n")
    assert (d.range.start.line, d.range.start.character) == (line, 10)
    doc = root / "profiles" / "RUNTIME_PROFILE_PROD.md"
    doc_line = doc.read_text(encoding="utf-8").splitlines().index(
        next(l for l in doc.read_text(encoding="utf-8").splitlines() if "(ui-webinar-room)" in l)
    )
    related = d.related_information or []
    assert any(r.location.uri == doc.as_uri() and r.location.range.start.line == doc_line for r in related), related

    # The code action brings the name back to the document's.
    actions = await code_actions(client, uri, d)
    quickfix = [a for a in actions if a.kind == types.CodeActionKind.QuickFix]
    assert quickfix, actions
    assert apply(changed, quickfix[0].edit.changes[uri]) == text


@pytest.mark.asyncio
async def test_input_error_at_its_utf16_column(client: LanguageClient, tmp_path):
    root = workspace(tmp_path)
    await start(client, root)
    uri, text = open_file(client, root / "profiles" / "prod.yaml", "yaml")
    await diagnostics_where(client, uri, lambda ds: len(ds) == 0)
    block = (
        "  - id: ui-webinar-room\n"
        "    name: Webinar Room UI\n"
        "    role: ui\n"
        "    status: required\n"
        "    notes: Комната вебинара (render-only).\n"
    )
    assert block in text
    flow = '  - {id: ui-webinar-room, name: Webinar Room UI, role: ui, status: required, notes: "Комната 𝄞", activ: true}\n'
    changed = text.replace(block, flow, 1)
    change(client, uri, 2, changed)
    found = await diagnostics_where(client, uri, lambda ds: any("activ" in d.message for d in ds))
    d = next(d for d in found if "`activ`" in d.message)
    # An input problem, not a rule's finding: its kind and values are data.
    assert d.code == "input-error"
    assert d.data == {"kind": "unknown", "found": "activ", "expected": None, "suggestion": "active"}
    assert d.severity == types.DiagnosticSeverity.Error
    line = changed[: changed.index(flow)].count("\n")
    prefix = flow[: flow.index("activ:")]
    assert d.range.start.line == line
    assert d.range.start.character == len(prefix.encode("utf-16-le")) // 2
    assert "did you mean" in d.message
    # "Did you mean" is a quick fix, at the UTF-16 column past the non-BMP character.
    actions = await code_actions(client, uri, d)
    quickfix = [a for a in actions if a.kind == types.CodeActionKind.QuickFix]
    assert [a.title for a in quickfix] == ["profile-check: replace `activ` with `active`"], actions
    assert apply(changed, quickfix[0].edit.changes[uri]) == changed.replace("activ: true", "active: true", 1)


@pytest.mark.asyncio
async def test_utf8_positions_when_offered(client: LanguageClient, tmp_path):
    root = workspace(tmp_path)
    result = await start(client, root, encodings=[types.PositionEncodingKind.Utf8, types.PositionEncodingKind.Utf16])
    assert result.capabilities.position_encoding == "utf-8"
    uri, text = open_file(client, root / "profiles" / "prod.yaml", "yaml")
    await diagnostics_where(client, uri, lambda ds: len(ds) == 0)
    flow = '  - {id: ui-webinar-room, name: Webinar Room UI, role: ui, status: required, notes: "Комната 𝄞", activ: true}\n'
    block_start = text.index("  - id: ui-webinar-room\n")
    block_end = text.index("  - id: ui-webinar-public\n")
    changed = text[:block_start] + flow + text[block_end:]
    change(client, uri, 2, changed)
    found = await diagnostics_where(client, uri, lambda ds: any("`activ`" in d.message for d in ds))
    d = next(d for d in found if "`activ`" in d.message)
    assert d.range.start.character == len(flow[: flow.index("activ:")].encode("utf-8"))


@pytest.mark.asyncio
async def test_hover_and_definition(client: LanguageClient, tmp_path):
    root = workspace(tmp_path)
    await start(client, root)
    yaml_uri, yaml_text = open_file(client, root / "profiles" / "prod.yaml", "yaml")
    await diagnostics_where(client, yaml_uri, lambda ds: len(ds) == 0)
    doc_path = root / "profiles" / "RUNTIME_PROFILE_PROD.md"
    doc_uri, doc_text = open_file(client, doc_path, "markdown")
    await diagnostics_where(client, doc_uri, lambda ds: len(ds) == 0)

    # A module id in the document: its facts, and its entry in the profile.
    lines = doc_text.splitlines()
    row = next(i for i, l in enumerate(lines) if "(ui-webinar-room)" in l)
    column = lines[row].index("ui-webinar-room") + 3
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=doc_uri),
            position=types.Position(line=row, character=column),
        )
    )
    assert hover is not None
    value = hover.contents.value
    assert "`ui-webinar-room`" in value
    assert "status: `required`" in value
    assert "role: `ui`" in value
    assert "render" in value  # the notes
    assert f"RUNTIME_PROFILE_PROD.md`:{row + 1}" in value  # the document's line

    definition = await client.text_document_definition_async(
        types.DefinitionParams(
            text_document=types.TextDocumentIdentifier(uri=doc_uri),
            position=types.Position(line=row, character=column),
        )
    )
    location = definition[0] if isinstance(definition, list) else definition
    yaml_line = yaml_text.splitlines().index("  - id: ui-webinar-room")
    assert location.uri == yaml_uri
    assert (location.range.start.line, location.range.start.character) == (yaml_line, 8)
    assert location.range.end.character == 8 + len("ui-webinar-room")

    # A rule id: its explanation from the registry.
    commented = yaml_text + "# waived once: see disabled-inactive\n"
    change(client, yaml_uri, 2, commented)
    await diagnostics_where(client, yaml_uri, lambda ds: len(ds) == 0)
    last = len(commented.splitlines()) - 1
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=yaml_uri),
            position=types.Position(line=last, character=commented.splitlines()[-1].index("disabled-inactive") + 2),
        )
    )
    assert hover is not None
    assert hover.contents.value.startswith("**disabled-inactive** (error")
    assert "How to fix" in hover.contents.value


@pytest.mark.asyncio
async def test_malformed_requests_leave_the_server_running(client: LanguageClient, tmp_path):
    root = workspace(tmp_path)
    await start(client, root)
    uri, text = open_file(client, root / "profiles" / "prod.yaml", "yaml")
    await diagnostics_where(client, uri, lambda ds: len(ds) == 0)

    with pytest.raises(Exception, match="does not handle"):
        await client.protocol.send_request_async("profile-check/nonsense", {"x": 1})

    def raw(body: bytes):
        """A frame as the client library would never write it."""
        res = client.protocol.writer.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        if asyncio.iscoroutine(res):
            return res

    # Not JSON, JSON that is no message, and a hover whose parameters are of the wrong
    # shape: each is answered with an error (tests/cli/server.rs reads the answers).
    for body in (
        b"{not json",
        b'{"jsonrpc":"2.0","id":[1]}',
        b'{"jsonrpc":"2.0","id":9001,"method":"textDocument/hover","params":{"textDocument":3}}',
    ):
        pending = raw(body)
        if pending is not None:
            await pending
    with pytest.raises(Exception, match="past the end"):
        await client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                position=types.Position(line=100000, character=0),
            )
        )
    # Notifications of unknown methods or with bad parameters are ignored.
    for body in (
        b'{"jsonrpc":"2.0","method":"profile-check/nonsense","params":{"y":2}}',
        b'{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":"no"}}',
    ):
        pending = raw(body)
        if pending is not None:
            await pending

    # Still serving: a change is checked, a hover answered.
    changed, _ = with_active_disabled_module(text)
    change(client, uri, 2, changed)
    await diagnostics_where(client, uri, lambda ds: "disabled-inactive" in codes(ds))
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=text.splitlines().index("  - id: core-webinar-event"), character=10),
        )
    )
    assert hover is not None and "core-webinar-event" in hover.contents.value


@pytest.mark.asyncio
async def test_configuration_errors_are_diagnostics(client: LanguageClient, tmp_path):
    root = workspace(tmp_path)
    await start(client, root)
    uri, text = open_file(client, root / "profile-check.toml", "toml")
    changed = text.replace('doc = "profiles/RUNTIME_PROFILE_PROD.md"', 'docs = "profiles/RUNTIME_PROFILE_PROD.md"', 1)
    assert changed != text
    change(client, uri, 2, changed)
    found = await diagnostics_where(client, uri, lambda ds: any("docs" in d.message for d in ds))
    d = next(d for d in found if "docs" in d.message)
    line = changed.splitlines().index('docs = "profiles/RUNTIME_PROFILE_PROD.md"')
    assert (d.range.start.line, d.range.start.character) == (line, 0)


@pytest.mark.asyncio
async def test_a_missing_input_is_shown_where_the_configuration_names_it(client: LanguageClient, tmp_path):
    root = workspace(tmp_path)
    await start(client, root)
    uri, text = open_file(client, root / "profile-check.toml", "toml")
    await diagnostics_where(client, uri, lambda ds: len(ds) == 0)
    changed = text.replace('doc = "profiles/RUNTIME_PROFILE_PROD.md"', 'doc = "profiles/MISSING.md"', 1)
    change(client, uri, 2, changed)
    found = await diagnostics_where(client, uri, lambda ds: any("MISSING" in d.message for d in ds))
    d = next(d for d in found if "MISSING" in d.message)
    line = changed.splitlines().index('doc = "profiles/MISSING.md"')
    assert (d.range.start.line, d.range.start.character) == (line, 7)
    assert d.range.end.character == 7 + len("profiles/MISSING.md")
    assert "cannot read" in d.message
