"""The office's own certificate authority: TLS with no public CA and no manual step.

On its first start `kiosk server` makes, in `<data folder>/tls/`:
- `ca.key` / `ca.pem`: a certificate authority of this server alone (EC P-256, 20 years). Its
  key never leaves that folder (owner-only); the CA certificate is also kept in the database
  (setting `server_ca_pem`) so `kiosk server add-device` on any machine can pin it.
- `server.key` / `server.pem`: the server's certificate, signed by that CA (2 years, renewed
  on a start within 30 days of its end or when the machine's names changed).

Pinning (kiosk.wire.pin): the enrollment code carries the first 80 bits of the CA
certificate's SHA-256, in the code's own 32 letters (`ABCD-EFGH-JKLM-PQRS-TUVW-XYZ2-3456`: the
one-time code, then the fingerprint). `kiosk enroll` fetches the CA from the server, refuses
it unless it matches, and from then on trusts that CA alone for that server (no system CA;
host names are not checked, since only this server holds a key the CA signed).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import socket
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from kiosk.wire.pin import fingerprint_pin

CA_YEARS = 20
CERT_DAYS = 730
RENEW_DAYS = 30


@dataclass(frozen=True)
class TlsFiles:
    folder: Path
    ca_pem: str
    certfile: Path
    keyfile: Path

    @property
    def pin(self) -> str:
        return fingerprint_pin(self.ca_pem)


def _key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def _write_private(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)


def _pem_key(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def machine_names(extra: list[str] | None = None) -> list[str]:
    """Names and addresses PCs may use for this server (the certificate's SANs)."""
    names = {"localhost", "127.0.0.1", "::1", socket.gethostname()}
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None):
            names.add(str(info[4][0]))
    except OSError:
        pass
    names.update(n for n in (extra or []) if n and n not in ("0.0.0.0", "::"))
    return sorted(names)


def _san(names: list[str]) -> x509.SubjectAlternativeName:
    entries: list[x509.GeneralName] = []
    for n in names:
        try:
            entries.append(x509.IPAddress(ipaddress.ip_address(n.split("%")[0])))
        except ValueError:
            entries.append(x509.DNSName(n))
    return x509.SubjectAlternativeName(entries)


def _make_ca(folder: Path) -> None:
    key = _key()
    name = x509.Name(
        [x509.NameAttribute(NameOID.COMMON_NAME, f"Kiosk Một cửa CA {socket.gethostname()}"[:64])]
    )
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365 * CA_YEARS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False, content_commitment=False, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=True,
                crl_sign=True, encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )  # fmt: skip
        .sign(key, hashes.SHA256())
    )
    _write_private(folder / "ca.key", _pem_key(key))
    (folder / "ca.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))


def _needs_new_cert(folder: Path, names: list[str]) -> bool:
    path = folder / "server.pem"
    if not path.exists() or not (folder / "server.key").exists():
        return True
    cert = x509.load_pem_x509_certificate(path.read_bytes())
    if cert.not_valid_after_utc - dt.datetime.now(dt.UTC) < dt.timedelta(days=RENEW_DAYS):
        return True
    try:
        have = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return True
    return set(have) != set(_san(names))


def _make_cert(folder: Path, names: list[str]) -> None:
    ca_key = serialization.load_pem_private_key((folder / "ca.key").read_bytes(), None)
    assert isinstance(ca_key, ec.EllipticCurvePrivateKey)
    ca = x509.load_pem_x509_certificate((folder / "ca.pem").read_bytes())
    key = _key()
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[0][:64])]))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=CERT_DAYS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(_san(names), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    _write_private(folder / "server.key", _pem_key(key))
    (folder / "server.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))


def ensure_tls(home: Path, extra_names: list[str] | None = None) -> TlsFiles:
    """The CA (made once) and a current server certificate for this machine's names."""
    from kiosk.privacy.files import ensure_private_dir

    folder = ensure_private_dir(home / "tls")
    if not (folder / "ca.key").exists() or not (folder / "ca.pem").exists():
        _make_ca(folder)
    names = machine_names(extra_names)
    if _needs_new_cert(folder, names):
        _make_cert(folder, names)
    return TlsFiles(
        folder, (folder / "ca.pem").read_text(), folder / "server.pem", folder / "server.key"
    )
