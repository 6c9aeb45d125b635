"""A real OpenLDAP server (Debian ``slapd``) for the directory tests.

:func:`openldap` writes a throwaway ``slapd.conf`` and database in a temporary
folder, loads :data:`FIXTURE` with ``slapadd``, starts ``slapd`` on two free
loopback ports (``ldap://`` with StartTLS, and ``ldaps://``) with a certificate
signed by a test CA, and removes everything afterwards. Entries are changed
during a test with ``ldapmodify`` (Debian ``ldap-utils``), as an administrator
would. Without the binaries a test is skipped, except under ``CI=true``.
"""

from __future__ import annotations

import datetime
import ipaddress
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pyomero.testing.services import die_with_parent, free_port, unavailable, wait_for_port

SLAPD = "/usr/sbin/slapd"
SLAPADD = "/usr/sbin/slapadd"
SCHEMAS = Path("/etc/ldap/schema")
BASE = "dc=example,dc=org"
ADMIN_DN = f"cn=admin,{BASE}"
ADMIN_PASSWORD = "directory-secret"
READER_DN = f"cn=reader,{BASE}"
READER_PASSWORD = "reader-secret"

# People in two organisational units, groups as groupOfNames (one a
# groupOfUniqueNames, which the usual group filter leaves out), a disabled user,
# and a referral to another directory (searches from the base meet it).
FIXTURE = f"""\
dn: {BASE}
objectClass: dcObject
objectClass: organization
o: Example University
dc: example

dn: {READER_DN}
objectClass: organizationalRole
objectClass: simpleSecurityObject
cn: reader
userPassword: {READER_PASSWORD}

dn: ou=people,{BASE}
objectClass: organizationalUnit
ou: people

dn: ou=Biology,ou=people,{BASE}
objectClass: organizationalUnit
ou: Biology

dn: ou=Physics,ou=people,{BASE}
objectClass: organizationalUnit
ou: Physics

dn: ou=groups,{BASE}
objectClass: organizationalUnit
ou: groups

dn: uid=alice,ou=Biology,ou=people,{BASE}
objectClass: inetOrgPerson
uid: alice
cn: Alice Liddell
givenName: Alice
sn: Liddell
mail: alice@example.org
departmentNumber: cell-lab
departmentNumber: imaging
seeAlso: cn=cell-lab,ou=groups,{BASE}
seeAlso: cn=archive,ou=groups,{BASE}
userPassword: alice-password

dn: uid=bob,ou=Physics,ou=people,{BASE}
objectClass: inetOrgPerson
uid: bob
cn: Bob Hooke
givenName: Bob
sn: Hooke
mail: bob@example.org
departmentNumber: optics-lab
seeAlso: cn=optics-lab,ou=groups,{BASE}
userPassword: bob-password

dn: uid=carol,ou=Biology,ou=people,{BASE}
objectClass: inetOrgPerson
uid: carol
cn: Carol Franklin
givenName: Carol
sn: Franklin
mail: carol@example.org
employeeType: disabled
userPassword: carol-password

dn: uid=dave,ou=Physics,ou=people,{BASE}
objectClass: inetOrgPerson
uid: dave
cn: Dave Abbe
givenName: Dave
sn: Abbe
userPassword: dave-password

dn: cn=cell-lab,ou=groups,{BASE}
objectClass: groupOfNames
cn: cell-lab
member: uid=alice,ou=Biology,ou=people,{BASE}
member: uid=dave,ou=Physics,ou=people,{BASE}
owner: uid=alice,ou=Biology,ou=people,{BASE}

dn: cn=optics-lab,ou=groups,{BASE}
objectClass: groupOfNames
cn: optics-lab
member: uid=bob,ou=Physics,ou=people,{BASE}
member: uid=alice,ou=Biology,ou=people,{BASE}

dn: ou=partners,{BASE}
objectClass: referral
objectClass: extensibleObject
ou: partners
ref: ldap://partner.invalid/ou=people,dc=partner,dc=invalid

dn: cn=archive,ou=groups,{BASE}
objectClass: groupOfUniqueNames
cn: archive
uniqueMember: uid=alice,ou=Biology,ou=people,{BASE}
"""

# The directory's own settings of the tests (OMERO's keys), for ``Config``.
USER_FILTER = "(&(objectClass=inetOrgPerson)(!(employeeType=disabled)))"
USER_MAPPING = "omeName=uid,firstName=givenName,lastName=sn,email=mail"


@dataclass(frozen=True)
class Directory:
    """A running slapd: its URLs, the test CA, and a way to change entries."""

    host: str
    port: int
    tls_port: int
    ca_file: Path
    folder: Path

    @property
    def url(self) -> str:
        return f"ldap://{self.host}:{self.port}"

    @property
    def ldaps_url(self) -> str:
        return f"ldaps://{self.host}:{self.tls_port}"

    def settings(self, **overrides: str) -> dict[str, str]:
        """OMERO's ``omero.ldap.*`` properties for this directory (short names)."""
        values = {
            "config": "true",
            "urls": self.url,
            "base": BASE,
            "username": READER_DN,
            "password": READER_PASSWORD,
            "user_filter": USER_FILTER,
            "user_mapping": USER_MAPPING,
            "group_filter": "(objectClass=groupOfNames)",
            "group_mapping": "name=cn",
            "new_user_group": "default",
            **overrides,
        }
        return {f"omero.ldap.{name}": value for name, value in values.items()}

    def modify(self, ldif: str) -> None:
        """Apply an LDIF change as the directory's administrator (``ldapmodify``)."""
        subprocess.run(
            ["ldapmodify", "-x", "-H", self.url, "-D", ADMIN_DN, "-w", ADMIN_PASSWORD],
            input=ldif,
            text=True,
            check=True,
            capture_output=True,
            timeout=30,
        )


def _write_certificates(folder: Path) -> tuple[Path, Path, Path]:
    """A test CA and a server certificate for 127.0.0.1 and localhost, signed by it."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "pyomero test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    names = [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    paths = folder / "ca.pem", folder / "server.pem", folder / "server.key"
    paths[0].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    paths[1].write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    paths[2].write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return paths


def _slapd_conf(folder: Path, ca: Path, cert: Path, key: Path) -> Path:
    schemas = "\n".join(
        f"include {SCHEMAS / name}.schema" for name in ("core", "cosine", "inetorgperson")
    )
    conf = folder / "slapd.conf"
    conf.write_text(
        f"""{schemas}
modulepath /usr/lib/ldap
moduleload back_mdb
pidfile {folder / "slapd.pid"}
TLSCACertificateFile {ca}
TLSCertificateFile {cert}
TLSCertificateKeyFile {key}
database mdb
maxsize 16777216
suffix "{BASE}"
rootdn "{ADMIN_DN}"
rootpw {ADMIN_PASSWORD}
directory {folder / "db"}
access to attrs=userPassword by anonymous auth by * none
access to * by users read by * none
"""
    )
    return conf


@contextmanager
def openldap() -> Iterator[Directory]:
    """A slapd with :data:`FIXTURE` on free loopback ports, removed afterwards."""
    if not Path(SLAPD).exists() or shutil.which("ldapmodify") is None:
        unavailable("OpenLDAP is not installed (Debian packages slapd and ldap-utils)")
    folder = Path(tempfile.mkdtemp(prefix="pyomero-slapd-"))
    process: subprocess.Popen[bytes] | None = None
    try:
        (folder / "db").mkdir()
        conf = _slapd_conf(folder, *_write_certificates(folder))
        (folder / "fixture.ldif").write_text(FIXTURE)
        subprocess.run(
            [SLAPADD, "-f", str(conf), "-l", str(folder / "fixture.ldif")],
            check=True,
            capture_output=True,
            timeout=60,
        )
        port, tls_port = free_port(), free_port()
        urls = f"ldap://127.0.0.1:{port}/ ldaps://127.0.0.1:{tls_port}/"
        log = (folder / "slapd.log").open("wb")
        process = subprocess.Popen(
            [SLAPD, "-f", str(conf), "-h", urls, "-d", "0"],
            stdout=log,
            stderr=log,
            preexec_fn=die_with_parent,
        )
        log.close()
        if not (wait_for_port("127.0.0.1", port) and wait_for_port("127.0.0.1", tls_port)):
            process.kill()
            process.wait()
            log_text = (folder / "slapd.log").read_text(errors="replace")[-500:]
            unavailable(f"slapd did not start on ports {port}, {tls_port}: {log_text}")
        yield Directory("127.0.0.1", port, tls_port, folder / "ca.pem", folder)
    finally:
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        shutil.rmtree(folder, ignore_errors=True)
