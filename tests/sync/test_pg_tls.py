"""TLS proven, not only configured: a PostgreSQL cluster of this test's own with ssl=on and a
certificate authority made here, reached by `cpdesk setup` and `cpdesk sync` with
sslmode=verify-full; a wrong CA, a wrong host name and a plain connection are refused, each
with a message in words. The central password goes to the keyring when there is one.

The cluster runs as the `postgres` system user when the tests run as root (PostgreSQL refuses
to run as root), in a temporary folder, on a free port, listening on 127.0.0.1 only.
"""

from __future__ import annotations

import datetime as dt
import glob
import json
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from sqlalchemy.engine import make_url

from cpdesk.cli import main
from cpdesk.demo.generator import generate, write
from cpdesk.store.db import make_engine, migrate, open_store
from cpdesk.sync import config
from cpdesk.sync.roles import add_depot

pytestmark = pytest.mark.postgres
HOST = "localhost"  # the only name on the server's certificate (127.0.0.1 is not on it)


def _key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def _pem(obj: x509.Certificate | ec.EllipticCurvePrivateKey) -> bytes:
    if isinstance(obj, x509.Certificate):
        return obj.public_bytes(serialization.Encoding.PEM)
    return obj.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def _ca(name: str) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    key = _key()
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(hours=1))
            .not_valid_after(now + dt.timedelta(days=2))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False,
                                         False), critical=True)
            .sign(key, hashes.SHA256()))
    return cert, key


def _server_cert(ca: x509.Certificate, ca_key: ec.EllipticCurvePrivateKey
                 ) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    key = _key()
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, HOST)]))
            .issuer_name(ca.subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(hours=1))
            .not_valid_after(now + dt.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(HOST)]), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .sign(ca_key, hashes.SHA256()))
    return cert, key


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pg_bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found and shutil.which("initdb"):
        found = [str(shutil.which("initdb"))]
    if not found:
        if os.environ.get("CPDESK_SKIP_PG") == "1":
            pytest.skip("CPDESK_SKIP_PG=1")
        raise AssertionError("no PostgreSQL server binaries (initdb) on this machine")
    return Path(found[-1]).parent


@dataclass
class TlsCentre:
    admin_url: str  # superuser over the cluster's own unix socket
    port: int
    ca: Path  # the right CA
    other_ca: Path  # a CA that signed nothing of the server's
    depot_url: str  # HES's login: host localhost, sslmode=verify-full


@pytest.fixture(scope="module")
def tls_centre() -> Iterator[TlsCentre]:
    bindir = _pg_bin()
    as_root = os.geteuid() == 0
    top = Path(tempfile.mkdtemp(prefix="cpdesk-tls-"))
    os.chmod(top, 0o755)
    data, sock = top / "data", top / "sock"
    sock.mkdir()
    ca, ca_key = _ca("cpdesk test centre CA")
    other, _ = _ca("cpdesk test other CA")
    cert, key = _server_cert(ca, ca_key)
    (top / "ca.pem").write_bytes(_pem(ca))
    (top / "other-ca.pem").write_bytes(_pem(other))

    def run(*cmd: str) -> None:
        full = ["runuser", "-u", "postgres", "--", *cmd] if as_root else list(cmd)
        subprocess.run(full, check=True, capture_output=True, timeout=120)

    if as_root:
        shutil.chown(sock, "postgres")
        os.chmod(top, 0o777)  # initdb (as postgres) makes data/ here
    run(str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth-local=trust",
        "--auth-host=scram-sha-256", "-E", "UTF8", "--no-sync")
    (data / "server.crt").write_bytes(_pem(cert))
    (data / "server.key").write_bytes(_pem(key))
    os.chmod(data / "server.key", 0o600)
    if as_root:
        for name in ("server.crt", "server.key"):
            shutil.chown(data / name, "postgres")
    port = _free_port()
    with (data / "postgresql.conf").open("a") as f:
        f.write(f"\nport = {port}\nlisten_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{sock}'\nssl = on\n"
                "ssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'\n"
                "fsync = off\nmax_connections = 30\nshared_buffers = 16MB\n")
    (data / "pg_hba.conf").write_text(
        "local all all trust\n"
        "hostssl all all 127.0.0.1/32 scram-sha-256\n"
        "hostnossl all all 127.0.0.1/32 reject\n")
    run(str(bindir / "pg_ctl"), "-D", str(data), "-l", str(top / "log"), "-w", "-t", "60",
        "start")
    try:
        admin_url = f"postgresql+psycopg://postgres@/cpdesk?host={sock}&port={port}"
        server = make_engine(f"postgresql+psycopg://postgres@/postgres?host={sock}&port={port}",
                             isolation_level="AUTOCOMMIT")
        with server.connect() as conn:
            conn.exec_driver_sql("CREATE DATABASE cpdesk")
        server.dispose()
        admin = make_engine(admin_url)
        migrate(admin)
        net = generate(seed=5, orders=12, today=dt.date(2026, 11, 26))
        write(admin, net.rows, {"role": "central"})
        login = add_depot(admin, "HES", host=HOST)
        admin.dispose()
        url = make_url(login.url).set(port=port).render_as_string(hide_password=False)
        yield TlsCentre(admin_url, port, top / "ca.pem", top / "other-ca.pem", url)
    finally:
        run(str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop")
        shutil.rmtree(top, ignore_errors=True)


def _setup(d: Path, url: str, ca: Path | None, capsys: pytest.CaptureFixture[str]
           ) -> tuple[int, str]:
    capsys.readouterr()
    argv = ["setup", "--data-dir", str(d), "--depot", "HES", "--central", url]
    code = main([*argv, "--ca", str(ca)] if ca else argv)
    return code, " ".join(capsys.readouterr().err.split())


def test_the_right_ca_connects_with_verify_full(tls_centre: TlsCentre, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert "sslmode=verify-full" in tls_centre.depot_url
    code, err = _setup(tmp_path, tls_centre.depot_url, tls_centre.ca, capsys)
    assert (code, err) == (0, "")
    assert main(["sync", "--data-dir", str(tmp_path), "--once", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["online"] is True and out["pulled"] > 100
    # The session really is encrypted.
    store = open_store(tmp_path / "depot-HES.sqlite")
    central = config.connect_central(store, tmp_path)
    with central.engine.connect() as conn:
        assert conn.exec_driver_sql(
            "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").scalar() is True
    central.close()
    store.dispose()


def test_a_wrong_ca_is_refused_in_words(tls_centre: TlsCentre, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _setup(tmp_path, tls_centre.depot_url, tls_centre.other_ca, capsys)
    assert code == 1
    assert "not signed by the certificate authority (CA) this depot trusts" in err
    assert "--ca" in err and "Traceback" not in err
    # `cpdesk sync` says the same.
    capsys.readouterr()
    assert main(["sync", "--data-dir", str(tmp_path), "--once", "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["online"] is False and "not signed by the certificate authority" in out["error"]


def test_no_ca_at_all_is_refused_in_words(tls_centre: TlsCentre, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PGSSLROOTCERT", str(tmp_path / "nowhere.crt"))
    code, err = _setup(tmp_path, tls_centre.depot_url, None, capsys)
    assert code == 1 and "no certificate authority (CA) file" in err


def test_a_wrong_host_name_is_refused_in_words(tls_centre: TlsCentre, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    by_ip = make_url(tls_centre.depot_url).set(host="127.0.0.1").render_as_string(
        hide_password=False)
    code, err = _setup(tmp_path, by_ip, tls_centre.ca, capsys)
    assert code == 1
    assert "made out to localhost, not to 127.0.0.1" in err


def test_a_plain_connection_is_refused_in_words(tls_centre: TlsCentre, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    plain = make_url(tls_centre.depot_url).update_query_dict({"sslmode": "disable"})
    code, err = _setup(tmp_path, plain.render_as_string(hide_password=False), None, capsys)
    assert code == 1
    assert "refuses connections without encryption (TLS)" in err
    capsys.readouterr()
    assert main(["sync", "--data-dir", str(tmp_path), "--once"]) == 1
    assert "without encryption (TLS)" in capsys.readouterr().out


def test_a_wrong_password_is_refused_in_words(tls_centre: TlsCentre, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    bad = make_url(tls_centre.depot_url).set(password="not-the-password")
    code, err = _setup(tmp_path, bad.render_as_string(hide_password=False), tls_centre.ca, capsys)
    assert code == 1 and "refused the login" in err and "not-the-password" not in err


@pytest.fixture
def file_keyring(tmp_path: Path) -> Iterator[Path]:
    """A file-backed keyring (keyrings.alt) in the test's folder, as the platform's."""
    import keyring
    from keyrings.alt.file import PlaintextKeyring

    path = tmp_path / "keyring" / "keyring_pass.cfg"
    path.parent.mkdir()

    class TestKeyring(PlaintextKeyring):
        @property
        def file_path(self) -> str:  # type: ignore[override]
            return str(path)

    before = keyring.get_keyring()
    keyring.set_keyring(TestKeyring())
    try:
        yield path
    finally:
        keyring.set_keyring(before)


def test_the_password_goes_to_the_keyring_when_there_is_one(
        tls_centre: TlsCentre, tmp_path: Path, file_keyring: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    d = tmp_path / "net"
    import keyring

    url = make_url(tls_centre.depot_url)
    password = str(url.password)
    assert keyring.get_password(config.KEYRING_SERVICE, f"HES:{url.username}") is None
    code, err = _setup(d, tls_centre.depot_url, tls_centre.ca, capsys)
    assert (code, err) == (0, "")
    assert file_keyring.exists()
    assert keyring.get_password(config.KEYRING_SERVICE, f"HES:{url.username}") == password
    assert not config.secret_file(d, "HES").exists()
    raw = b"".join(p.read_bytes() for p in d.glob("depot-HES.sqlite*"))
    assert password.encode() not in raw
    assert main(["sync", "--data-dir", str(d), "--once", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["online"] is True


def test_the_first_start_assistant_trusts_the_ca_of_the_credentials(
        tls_centre: TlsCentre, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """`central add-depot --ca` puts the centre's CA into the JSON; the assistant's connection
    test and first sync trust it (without it: "certificate not trusted"; a wrong password
    against this password-checking server: "password")."""
    from cpdesk.sync.first_start import check_connection, first_sync, parse_credentials

    monkeypatch.setenv("PGSSLROOTCERT", str(tmp_path / "nowhere.crt"))  # no CA but the JSON's
    capsys.readouterr()
    assert main(["central", "add-depot", "CAR", "--db", tls_centre.admin_url, "--ca",
                 str(tls_centre.ca), "--json"]) == 0
    given = json.loads(capsys.readouterr().out)
    assert given["ca"] == tls_centre.ca.read_text().strip()
    assert main(["central", "add-depot", "TDH", "--db", tls_centre.admin_url, "--ca",
                 str(tmp_path / "missing.pem")]) == 1  # refused before any login is made
    url = make_url(given["url"]).set(host=HOST, port=tls_centre.port)
    given["url"] = url.render_as_string(hide_password=False)
    creds = parse_credentials(json.dumps(given))
    assert check_connection(creds.url, "CAR", creds.ca_pem).ok
    assert check_connection(creds.url, "CAR").reason == "certificate"
    bad = url.set(password="not-the-password").render_as_string(hide_password=False)
    assert check_connection(bad, "CAR", creds.ca_pem).reason == "password"
    data = tmp_path / "station"
    assert first_sync(data, creds, lambda done, total: None) is not None
    assert config.ca_file(data, "CAR").read_text().strip() == given["ca"]
    store = open_store(data / "depot-CAR.sqlite")
    central = config.connect_central(store, data)  # the next syncs trust the same CA
    with central.engine.connect() as conn:
        assert conn.exec_driver_sql(
            "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").scalar() is True
    central.close()
    store.dispose()
