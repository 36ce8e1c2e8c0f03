"""`mss lsp` reading bytes that are not the protocol: junk headers, bodies that are not JSON or not
UTF-8, JSON nested 50,000 deep, parameters of the wrong type, an unknown method. Each gets an
error response or is dropped with a message to the client, and the next request is answered; the
server exits cleanly when told to."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any


class RawClient:
    """A client that writes whatever bytes it is given, and reads every message the server sends."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "haiti_mss", "lsp"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self.received: list[dict[str, Any]] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            headers = {}
            while (line := stream.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode("ascii").partition(":")
                headers[name.strip().lower()] = value.strip()
            if line == b"":
                return
            message = json.loads(stream.read(int(headers["content-length"])))
            self.received.append(message)
            self.messages.put(message)

    def send_body(self, body: bytes) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def send(self, message: dict[str, Any]) -> None:
        self.send_body(json.dumps({"jsonrpc": "2.0", **message}).encode())

    def response(self, number: int, timeout: float = 20) -> dict[str, Any]:
        while True:
            message = self.messages.get(timeout=timeout)
            if message.get("id") == number and "method" not in message:
                return message


def test_bytes_that_are_not_the_protocol_never_stop_the_server(tmp_path: Path) -> None:
    client = RawClient()
    try:
        assert client.process.stdin is not None
        client.process.stdin.write(b"this is not a header\r\n\r\n")
        client.send_body(b"{not json")
        client.send_body(b"\xff\xfe\x00 not UTF-8")
        client.send_body(
            b'{"jsonrpc":"2.0","id":99,"method":"x","params":' + b"[" * 50_000 + b"]" * 50_000 + b"}"
        )
        client.send(
            {
                "id": 1,
                "method": "initialize",
                "params": {"processId": None, "rootUri": tmp_path.as_uri(), "capabilities": {}},
            }
        )
        assert client.response(1)["result"]["capabilities"]["positionEncoding"] == "utf-16"
        client.send({"method": "initialized", "params": {}})
        client.send({"id": 2, "method": "no/suchMethod", "params": {}})
        assert client.response(2)["error"]["code"] == -32601  # method not found
        # A position that is not a position: stock pygls would log it and never answer.
        client.send(
            {
                "id": 3,
                "method": "textDocument/hover",
                "params": {"textDocument": {"uri": "file:///x"}, "position": "zzz"},
            }
        )
        assert client.response(3)["error"]["code"] == -32602  # invalid params
        client.send(
            {
                "id": 4,
                "method": "textDocument/hover",
                "params": {
                    "textDocument": {"uri": tmp_path.as_uri() + "/a.yaml"},
                    "position": {"line": 0, "character": 0},
                },
            }
        )
        assert client.response(4) == {"jsonrpc": "2.0", "id": 4, "result": None}  # not data: no answer
        client.send({"id": 5, "method": "shutdown"})
        assert client.response(5)["result"] is None
        client.send({"method": "exit"})
        assert client.process.wait(timeout=20) == 0
        assert any(message.get("method") == "window/showMessage" for message in client.received)
    finally:
        if client.process.poll() is None:
            client.process.kill()


def test_without_its_extra_mss_lsp_exits_2_and_prints_the_install_line(run, monkeypatch) -> None:
    import importlib.util

    found = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *rest: None if name == "pygls" else found(name, *rest)
    )
    result = run("lsp")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == 'mss: error: mss lsp needs pygls, from the lsp extra: pip install ".[lsp]"\n'


def test_a_today_that_is_not_a_date_is_a_usage_error_before_the_server_starts(run) -> None:
    result = run("lsp", env={"MSS_TODAY": "tomorrow"})
    assert result.exit_code == 2
    assert result.stderr == "mss: error: MSS_TODAY='tomorrow' is not a date in the form YYYY-MM-DD\n"
