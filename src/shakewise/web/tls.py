"""A self-signed certificate for `shakewise serve --https`.

Phones give motion data only to secure pages. On the same computer `http://localhost`
counts as secure, but a phone reaching a laptop over the network needs HTTPS. A
self-signed certificate gives that; the browser warns once because no authority vouches
for it (docs/configuration.md explains how to continue).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
from pathlib import Path

VALID_DAYS = 365


def local_addresses() -> list[str]:
    """This machine's addresses a phone on the same network may use."""
    found = {"127.0.0.1"}
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("192.0.2.1", 9))  # no packet is sent: this only picks the route
            found.add(s.getsockname()[0])
    except OSError:
        pass
    return sorted(found)


def ensure_certificate(directory: Path, hosts: list[str]) -> tuple[Path, Path]:
    """Create (or reuse) a key and a certificate valid for `hosts`; returns their paths."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    directory.mkdir(parents=True, exist_ok=True)
    cert_path, key_path = directory / "shakewise-cert.pem", directory / "shakewise-key.pem"
    wanted = sorted(set(hosts) | {"localhost"})
    if cert_path.exists() and key_path.exists():
        cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
        names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        have = {str(n) for n in names.get_values_for_type(x509.DNSName)}
        have |= {str(ip) for ip in names.get_values_for_type(x509.IPAddress)}
        fresh = cert.not_valid_after_utc > dt.datetime.now(dt.UTC) + dt.timedelta(days=7)
        if fresh and set(wanted) <= have:
            return cert_path, key_path
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "shakewise local server")])
    alt: list[x509.GeneralName] = []
    for host in wanted:
        try:
            alt.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            alt.append(x509.DNSName(host))
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=VALID_DAYS))
        .add_extension(x509.SubjectAlternativeName(alt), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    key_path.chmod(0o600)
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return cert_path, key_path
