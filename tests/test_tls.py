"""`serve --https`: a self-signed certificate that covers the addresses a phone would use,
and a server that really speaks TLS with it."""

from __future__ import annotations

import socket
import ssl
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography import x509
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from shakewise.errors import InputError
from shakewise.web import Settings, create_app
from shakewise.web.tls import ensure_certificate


def names(cert_path: Path) -> set[str]:
    cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
    alt = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    return {str(v) for v in alt.get_values_for_type(x509.DNSName)} | {
        str(v) for v in alt.get_values_for_type(x509.IPAddress)
    }


def test_certificate_covers_the_hosts_and_is_reused(tmp_path: Path) -> None:
    cert, key = ensure_certificate(tmp_path, ["127.0.0.1", "192.168.1.20"])
    assert {"localhost", "127.0.0.1", "192.168.1.20"} <= names(cert)
    assert key.stat().st_mode & 0o077 == 0  # the private key is readable by its owner only
    before = cert.read_bytes()
    ensure_certificate(tmp_path, ["192.168.1.20"])
    assert cert.read_bytes() == before
    ensure_certificate(tmp_path, ["10.0.0.5"])  # a new address needs a new certificate
    assert "10.0.0.5" in names(cert)


def test_server_speaks_https(tmp_path: Path) -> None:
    import uvicorn

    cert, key = ensure_certificate(tmp_path, ["127.0.0.1"])
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(
        create_app(Settings(port=port)),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        ssl_certfile=str(cert),
        ssl_keyfile=str(key),
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        for _ in range(100):
            if server.started:
                break
            time.sleep(0.05)
        context = ssl.create_default_context(cafile=str(cert))
        response = httpx.get(f"https://localhost:{port}/healthz", verify=context)
        assert response.status_code == 200 and response.json()["status"] == "ok"
        assert response.headers["strict-transport-security"] == "max-age=31536000"
    finally:
        server.should_exit = True
        thread.join(timeout=5)


def test_plain_http_sends_no_hsts() -> None:
    response = TestClient(create_app(Settings())).get("/healthz")
    assert response.status_code == 200 and "strict-transport-security" not in response.headers


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, Any]:
    """What `shakewise serve` hands to uvicorn, without starting it."""
    import uvicorn

    from shakewise.web import tls

    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(app=app, **kw))
    monkeypatch.setattr(tls, "local_addresses", lambda: ["127.0.0.1"])
    monkeypatch.setattr(
        tls, "ensure_certificate", lambda *_: (tmp_path / "cert.pem", tmp_path / "key.pem")
    )
    return seen


def test_serve_https_sends_the_session_cookie_only_over_https(served: dict[str, Any]) -> None:
    from shakewise import cli

    result = CliRunner().invoke(cli.app, ["serve", "--https"])
    assert result.exit_code == 0, result.output
    assert served["ssl_certfile"].endswith("cert.pem")
    assert served["app"].state.settings.secure_cookies is True


def test_proxy_headers_are_believed_only_from_configured_proxies(
    served: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """By default no X-Forwarded-For is believed, so a client cannot pick the address its
    sign-in limit counts against."""
    from shakewise import cli

    assert CliRunner().invoke(cli.app, ["serve"]).exit_code == 0
    assert served["proxy_headers"] is False and served["forwarded_allow_ips"] is None
    monkeypatch.setenv("SHAKEWISE_TRUSTED_PROXIES", "10.0.0.2")
    assert CliRunner().invoke(cli.app, ["serve"]).exit_code == 0
    assert served["proxy_headers"] is True and served["forwarded_allow_ips"] == "10.0.0.2"
    monkeypatch.setenv("SHAKEWISE_TRUSTED_PROXIES", "evil.example; rm")
    refused = CliRunner().invoke(cli.app, ["serve"])
    assert isinstance(refused.exception, InputError)
    assert "SHAKEWISE_TRUSTED_PROXIES is not right" in refused.exception.message
