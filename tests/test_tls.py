"""`serve --https`: a self-signed certificate that covers the addresses a phone would use,
and a server that really speaks TLS with it."""

from __future__ import annotations

import socket
import ssl
import threading
import time
from pathlib import Path

import httpx
from cryptography import x509

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
    finally:
        server.should_exit = True
        thread.join(timeout=5)
