"""Server keys: database, data directory and pixels, mail, and client settings."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pyomero.conf import parsers as p
from pyomero.conf.keys import Key, Section

DATABASE = Section(
    "database",
    "Database",
    "pyomero keeps its data in SQLite by default, in a file under `$OMERODIR/var/db`; "
    "set omero.db.engine to `postgresql` and the connection keys for production.",
)

DATA = Section(
    "data",
    "Data and pixels",
    "Where image data lives and the limits of pixel reads.",
)

MAIL = Section(
    "mail",
    "Mail",
    "The SMTP server that sends error reports (omero.web.admins) and notifications.",
)

CLIENT = Section(
    "client",
    "Client settings",
    "OMERO's `omero.client.*` keys, read by the web client for its tree and viewer.",
)


def _key(
    section: Section,
    name: str,
    default: str,
    parse: Callable[[str], Any],
    help: str,
    secret: bool = False,
) -> Key:
    return Key(name, default, parse, help, secret, section.id)


_DATABASE_KEYS: tuple[Key, ...] = (
    _key(
        DATABASE,
        "omero.db.engine",
        "sqlite",
        p.Choice(("sqlite", "postgresql")),
        "Database engine: `sqlite` (one file, nothing to install) or `postgresql`. pyomero's "
        "own key; OMERO.server always uses PostgreSQL.",
    ),
    _key(
        DATABASE,
        "omero.db.name",
        "omero",
        p.Text(non_empty=True),
        "Name of the database. With SQLite, the file `$OMERODIR/var/db/NAME.sqlite3`, "
        "or this path if it is absolute.",
    ),
    _key(
        DATABASE,
        "omero.db.host",
        "localhost",
        p.Text(non_empty=True),
        "PostgreSQL: host name of the database server.",
    ),
    _key(DATABASE, "omero.db.port", "5432", p.port(), "PostgreSQL: TCP port of the server."),
    _key(
        DATABASE,
        "omero.db.user",
        "omero",
        p.Text(non_empty=True),
        "PostgreSQL: user name to connect as.",
    ),
    _key(DATABASE, "omero.db.pass", "omero", p.Text(), "PostgreSQL: password of that user."),
)

_DATA_KEYS: tuple[Key, ...] = (
    _key(
        DATA,
        "omero.data.dir",
        "",
        p.Text(),
        "Directory of the binary repository: original files, pixel pyramids, thumbnails. "
        "Empty means `$OMERODIR/var/data` (OMERO.server's default is `/OMERO/`); a "
        "relative path is taken from $OMERODIR.",
    ),
    _key(
        DATA,
        "omero.upload.dir",
        "",
        p.Text(),
        "Directory of files uploaded from the browser until they are imported. Empty "
        "means `Uploads` under omero.data.dir: with several web hosts and workers it must "
        "be on storage they all share (a chunk may reach any host, a worker on another "
        "machine imports it); a relative path is taken from $OMERODIR.",
    ),
    _key(
        DATA,
        "omero.pixeldata.store_url",
        "",
        p.Text(),
        "Where imports write new pixel pyramids: empty means under omero.data.dir; an "
        "fsspec URL such as `s3://bucket/prefix` writes them to an S3-compatible object "
        "store (`pip install 'pyomero[s3]'`; endpoint and keys from the environment, e.g. "
        "`FSSPEC_S3_ENDPOINT_URL`, `FSSPEC_S3_KEY`, `FSSPEC_S3_SECRET` or AWS's variables). "
        "Each image keeps the location it was written to.",
    ),
    _key(
        DATA,
        "omero.data.store_url",
        "",
        p.Text(),
        "Where imports keep original files (`ManagedRepository/`), and where attached "
        "files (`Files/`) and thumbnails (`Thumbnails/`) go: empty means under "
        "omero.data.dir; an fsspec URL such as `s3://bucket/prefix` keeps them on an "
        "S3-compatible object store (the same extra and environment as "
        "omero.pixeldata.store_url; it may be the same bucket). Each file keeps the "
        "location it was written to. In-place imports (`--transfer ln`, `ln_s`) need "
        "the local data directory.",
    ),
    _key(
        DATA,
        "omero.import.allowed_roots",
        "[]",
        p.string_list('["/data/microscopes", "/home"]'),
        "Directories an import may read from, as a JSON list; files elsewhere (also "
        "through symbolic links) are refused. Empty allows any path the server can read.",
    ),
    _key(
        DATA,
        "omero.import.readers",
        "",
        p.ReaderOrder(),
        "The order in which imports ask format readers to claim a file, as reader names "
        "separated by commas: named readers first, in that order, then the others in their "
        "default order (docs/formats.md); `-name` disables a reader. Empty keeps each "
        "format's default reader. Example: `bioformats` reads everything with Bio-Formats; "
        "`-zeiss-czi` never uses the native CZI reader. `omero import --reader NAME` "
        "forces one reader for one import.",
    ),
    _key(
        DATA,
        "omero.import.bioformats.heap",
        "512m",
        p.JvmHeap(),
        "Maximum heap of the Java virtual machine that runs Bio-Formats (`-Xmx`), such as "
        "`512m` or `2g`. The JVM starts once, in a process that imports a file Bio-Formats "
        "reads, never in web workers serving tiles; planes are read region by region, so "
        "a modest heap reads large images.",
    ),
    _key(
        DATA,
        "omero.tasks.backend",
        "thread",
        p.Choice(("thread", "redis", "immediate")),
        "Where background work (imports from the browser) runs: `thread` keeps a queue "
        "in `$OMERODIR/var/tasks.sqlite3` worked by threads of the server; `redis` "
        "queues on omero.tasks.redis_url for separate `omero admin worker` processes; "
        "`immediate` runs it in the request.",
    ),
    _key(
        DATA,
        "omero.tasks.redis_url",
        "redis://127.0.0.1:6379/0",
        p.Text(non_empty=True),
        "Redis URL of the task queue when omero.tasks.backend is `redis`.",
    ),
    _key(
        DATA,
        "omero.tasks.queue_name",
        "pyomero",
        p.Text(non_empty=True),
        "Name of the task queue: installations that share one Redis need different names.",
    ),
    _key(
        DATA,
        "omero.tasks.workers",
        "1",
        p.Integer(1),
        "Imports one server (with the `thread` backend) or one `omero admin worker` runs "
        "at the same time.",
    ),
    _key(
        DATA,
        "omero.pixeldata.max_tile_length",
        "1024",
        p.Integer(1),
        "Largest width or height, in pixels, of a tile a client may request; larger tiles "
        "are refused.",
    ),
    _key(
        DATA,
        "omero.pixeldata.max_projection_bytes",
        "268435456",
        p.Integer(0),
        "Largest amount of raw pixel data, in bytes, a Z-projection may read (the default "
        "is 1024 x 1024 x 256 bytes); larger projections are refused.",
    ),
    _key(
        DATA,
        "omero.pixeldata.max_plane_width",
        "3192",
        p.Integer(1),
        "With max_plane_height: planes larger than this are stored as multi-resolution "
        "pyramids and read tile by tile.",
    ),
    _key(
        DATA,
        "omero.pixeldata.max_plane_height",
        "3192",
        p.Integer(1),
        "See omero.pixeldata.max_plane_width.",
    ),
    _key(
        DATA,
        "omero.pixeldata.tile_width",
        "256",
        p.Integer(1),
        "Width of the tiles (chunks) written for pyramids.",
    ),
    _key(
        DATA,
        "omero.pixeldata.tile_height",
        "256",
        p.Integer(1),
        "Height of the tiles (chunks) written for pyramids.",
    ),
    _key(
        DATA,
        "omero.policy.binary_access",
        "+read,+write,+image",
        p.BinaryAccess(),
        "Who may download original files: `read` (anyone who can see the data), `write` "
        "(owners and administrators), `image` and `plate` (whether images and plates are "
        "downloadable at all); `-` denies. E.g. `-read,+write,+image,-plate`.",
    ),
)

_MAIL_KEYS: tuple[Key, ...] = (
    _key(MAIL, "omero.mail.config", "false", p.Boolean(), "Turn sending mail on."),
    _key(MAIL, "omero.mail.host", "localhost", p.Text(non_empty=True), "SMTP server host."),
    _key(MAIL, "omero.mail.port", "25", p.port(), "SMTP server port."),
    _key(MAIL, "omero.mail.username", "", p.Text(), "SMTP user name, if it needs one."),
    _key(MAIL, "omero.mail.password", "", p.Text(), "SMTP password, if it needs one."),
    _key(
        MAIL,
        "omero.mail.from",
        "",
        p.Text(),
        "Sender address of the mail. Empty means `omero@` followed by omero.mail.host.",
    ),
    _key(
        MAIL,
        "omero.mail.smtp.auth",
        "false",
        p.Boolean(),
        "Log in to the SMTP server with the user name and password.",
    ),
    _key(
        MAIL,
        "omero.mail.smtp.starttls.enable",
        "false",
        p.Boolean(),
        "Encrypt the SMTP connection with STARTTLS.",
    ),
    _key(
        MAIL,
        "omero.mail.smtp.timeout",
        "60000",
        p.Integer(1),
        "Milliseconds to wait for the SMTP server to answer.",
    ),
    _key(
        MAIL,
        "omero.mail.smtp.connectiontimeout",
        "60000",
        p.Integer(1),
        "Milliseconds to wait for a connection to the SMTP server.",
    ),
    _key(
        MAIL,
        "omero.mail.transport.protocol",
        "smtp",
        p.Choice(("smtp", "smtps")),
        "`smtp`, or `smtps` for a server that expects TLS from the first byte.",
    ),
)

_CLIENT_KEYS: tuple[Key, ...] = (
    _key(
        CLIENT,
        "omero.client.browser.thumb_default_size",
        "96",
        p.Integer(1),
        "Default size of thumbnails in the browser, in pixels.",
    ),
    _key(
        CLIENT,
        "omero.client.download_as.max_size",
        "144000000",
        p.Integer(0),
        "Clients offer 'download as JPEG/PNG/TIFF' only for images of at most this many pixels.",
    ),
    _key(
        CLIENT,
        "omero.client.ui.menu.dropdown.colleagues.enabled",
        "true",
        p.Boolean(),
        "Show the group members in the user menu of the tree.",
    ),
    _key(
        CLIENT,
        "omero.client.ui.menu.dropdown.colleagues.label",
        "Members",
        p.Text(),
        "Label of the group members in that menu.",
    ),
    _key(
        CLIENT,
        "omero.client.ui.menu.dropdown.everyone.enabled",
        "true",
        p.Boolean(),
        "Offer 'all members' in the user menu of the tree.",
    ),
    _key(
        CLIENT,
        "omero.client.ui.menu.dropdown.everyone.label",
        "All Members",
        p.Text(),
        "Label of that entry.",
    ),
    _key(
        CLIENT,
        "omero.client.ui.menu.dropdown.leaders.enabled",
        "true",
        p.Boolean(),
        "Show the group owners in the user menu of the tree.",
    ),
    _key(
        CLIENT,
        "omero.client.ui.menu.dropdown.leaders.label",
        "Owners",
        p.Text(),
        "Label of the group owners in that menu.",
    ),
    _key(
        CLIENT,
        "omero.client.ui.tree.orphans.enabled",
        "true",
        p.Boolean(),
        "Show the virtual container of images that are in no dataset.",
    ),
    _key(
        CLIENT,
        "omero.client.ui.tree.orphans.name",
        "Orphaned Images",
        p.Text(),
        "Name of that container.",
    ),
    _key(
        CLIENT,
        "omero.client.ui.tree.orphans.description",
        "This is a virtual container with orphaned images. These images are not linked "
        "anywhere. Just drag them to the selected container.",
        p.Text(),
        "Description of that container.",
    ),
    _key(
        CLIENT,
        "omero.client.ui.tree.type_order",
        "tagset,tag,project,dataset,screen,plate,acquisition,image",
        p.Text(),
        "Order of object types in the tree, comma-separated; `false` mixes all types "
        "and sorts them by name.",
    ),
    _key(
        CLIENT,
        "omero.client.viewer.initial_zoom_level",
        "0",
        p.Integer(),
        "Zoom level at which the viewer opens big (tiled) images.",
    ),
    _key(
        CLIENT,
        "omero.client.viewer.interpolate_pixels",
        "true",
        p.Boolean(),
        "Viewers smooth pixels when zoomed in.",
    ),
    _key(
        CLIENT,
        "omero.client.viewer.roi_limit",
        "2000",
        p.Integer(0),
        "Most ROIs a viewer shows at once.",
    ),
    _key(
        CLIENT,
        "omero.client.web.host",
        "",
        p.Text(),
        "Absolute URL of this OMERO.web, e.g. `https://omero.example.org/omero/`, for "
        "links made outside a request.",
    ),
)

KEYS: tuple[Key, ...] = _DATABASE_KEYS + _DATA_KEYS + _MAIL_KEYS + _CLIENT_KEYS
