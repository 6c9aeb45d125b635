"""``omero.web.*`` keys for the public user, the user interface and the JSON API."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pyomero.conf import parsers as p
from pyomero.conf.keys import Key, Section

PUBLIC = Section(
    "public",
    "Public user",
    "Anonymous access: when enabled, visitors without an account browse as one shared "
    "user, on the URLs the filter allows only.",
)

UI = Section(
    "ui",
    "User interface",
    "Login page, header links, plug-in panels, viewers and page sizes of the web client.",
)

API = Section("api", "JSON API", "Paging of the JSON API under /api/.")

TOP_LINKS = (
    '[["Data", "webindex", {"title": "Browse Data via Projects, Tags etc"}],'
    '["History", "history", {"title": "History"}],'
    '["Help", "https://help.openmicroscopy.org/",'
    '{"title":"Open OMERO user guide in a new tab", "target":"new"}]]'
)

METADATA_PANES = (
    '[{"name": "tag", "label": "Tags", "index": 1},'
    '{"name": "map", "label": "Key-Value Pairs", "index": 2},'
    '{"name": "table", "label": "Tables", "index": 3},'
    '{"name": "file", "label": "Attachments", "index": 4},'
    '{"name": "comment", "label": "Comments", "index": 5},'
    '{"name": "rating", "label": "Ratings", "index": 6},'
    '{"name": "other", "label": "Others", "index": 7}]'
)

RIGHT_PLUGINS = (
    '[["Acquisition", "webclient/data/includes/right_plugin.acquisition.js.html",'
    ' "metadata_tab"],'
    '["Preview", "webclient/data/includes/right_plugin.preview.js.html", "preview_tab"]]'
)

OPEN_WITH = (
    '[["Image viewer", "webgateway", {"supported_objects": ["image"],'
    '"script_url": "webclient/javascript/ome.openwith_viewer.js"}]]'
)

LIST_OF_LISTS = p.JsonList('a JSON list of lists, such as [["Label", "url_name", {}]]', p.is_list)


def _key(
    section: Section,
    name: str,
    default: str,
    parse: Callable[[str], Any],
    help: str,
    secret: bool = False,
) -> Key:
    return Key(f"omero.web.{name}", default, parse, help, secret, section.id)


_PUBLIC_KEYS: tuple[Key, ...] = (
    _key(PUBLIC, "public.enabled", "false", p.Boolean(), "Turn the public user on."),
    _key(
        PUBLIC,
        "public.user",
        "",
        p.Text(),
        "Login name of the account visitors browse as. Give it its own group and read "
        "access only to what should be public.",
    ),
    _key(PUBLIC, "public.password", "", p.Text(), "Password of the public account."),
    _key(
        PUBLIC,
        "public.url_filter",
        "(?#This regular expression matches nothing)a^",
        p.Regex(),
        "Regular expression of the URL paths visitors may open as the public user, e.g. "
        "`^/webclient` or `^/(webgateway|api)`. The default matches nothing.",
    ),
    _key(
        PUBLIC,
        "public.get_only",
        "true",
        p.Boolean(),
        "Let the public user make GET requests only, so that visitors cannot change anything.",
    ),
    _key(
        PUBLIC,
        "public.server_id",
        "1",
        p.Integer(1),
        "In OMERO, which server of omero.web.server_list the public user logs in to. "
        "pyomero has one server: accepted, no effect.",
    ),
    _key(
        PUBLIC,
        "public.cache.enabled",
        "false",
        p.Boolean(),
        "Cache pages served to the public user (in the default cache of omero.web.caches).",
    ),
    _key(
        PUBLIC,
        "public.cache.key",
        "omero.web.public.cache.key",
        p.Text(non_empty=True),
        "Prefix of the cache keys of pages served to the public user.",
    ),
    _key(
        PUBLIC,
        "public.cache.timeout",
        "86400",
        p.Integer(0),
        "Seconds a cached public page stays valid.",
    ),
)

_UI_KEYS: tuple[Key, ...] = (
    _key(
        UI,
        "login_logo",
        "",
        p.Text(),
        "URL of your own logo, shown above OMERO's on the login page (ideally at most 150 "
        "pixels high).",
    ),
    _key(
        UI,
        "login_view",
        "weblogin",
        p.Text(non_empty=True),
        "Name of the Django view that logs users in; change it to plug in another login flow.",
    ),
    _key(
        UI,
        "login_incorrect_credentials_text",
        "Connection not available, please check your user name and password.",
        p.Text(non_empty=True),
        "Message shown on the login page after a wrong user name or password.",
    ),
    _key(
        UI,
        "login_redirect",
        "{}",
        p.JsonObject(),
        "Where to go after logging in, as a JSON object of Django reverse() arguments, e.g. "
        '`{"redirect": ["webindex"], "viewname": "load_template", "args": ["userdata"], '
        '"query_string": {"experimenter": -1}}`. Empty goes to the web client.',
    ),
    _key(
        UI,
        "login.show_client_downloads",
        "true",
        p.Boolean(),
        "Link to the desktop client downloads from the login page.",
    ),
    _key(
        UI,
        "login.client_downloads_base",
        "ome/omero-insight",
        p.Text(non_empty=True),
        "GitHub repository whose releases the login page links to for desktop clients.",
    ),
    _key(
        UI,
        "top_logo",
        "",
        p.Text(),
        "URL of a logo for the top bar of the web client (about 23 pixels high). Empty "
        "shows OMERO's.",
    ),
    _key(UI, "top_logo_link", "", p.Text(), "Where a click on the top bar logo leads."),
    _key(
        UI,
        "favicon_url",
        "webgateway/img/ome.ico",
        p.Text(non_empty=True),
        "Favicon, as a path under the static files.",
    ),
    _key(
        UI,
        "user_dropdown",
        "true",
        p.Boolean(),
        "Show the user menu in the top bar; hide it for sites where visitors never log in.",
    ),
    _key(
        UI,
        "show_forgot_password",
        "true",
        p.Boolean(),
        "Offer the 'Forgot password' link on the login page (hide it with LDAP accounts).",
    ),
    _key(
        UI,
        "feedback.comment.enabled",
        "true",
        p.Boolean(),
        "Show the form for sending comments to the OME team.",
    ),
    _key(
        UI,
        "feedback.error.enabled",
        "true",
        p.Boolean(),
        "Offer to send error reports to the OME team from error pages.",
    ),
    _key(
        UI,
        "index_template",
        "",
        p.Text(),
        "Template rendered at the site root (e.g. `webclient/index.html`). Empty redirects "
        "the root to the login page or the web client.",
    ),
    _key(
        UI,
        "base_include_template",
        "",
        p.Text(),
        "Template included at the end of the body of every page, e.g. for analytics.",
    ),
    _key(
        UI,
        "root_application",
        "",
        p.Text(),
        "Label of an installed app that handles `/` instead of the default, e.g. "
        "`gallery`. Its URLs must not clash with the others.",
    ),
    _key(
        UI,
        "staticfile_dirs",
        "[]",
        p.string_list('["/opt/omero/custom_static"]'),
        "Extra directories of static files, as a JSON list of paths.",
    ),
    _key(
        UI,
        "template_dirs",
        "[]",
        p.string_list('["/opt/omero/templates"]'),
        "Extra template directories searched first, as a JSON list of paths (forward slashes).",
    ),
    _key(
        UI,
        "ui.top_links",
        TOP_LINKS,
        LIST_OF_LISTS,
        "Links of the top bar, as a JSON list of `[label, target, options]`: target is a "
        "URL name, an external URL or an object such as "
        '`{"viewname": "webindex", "query_string": {"experimenter": -1}}`; options may '
        'hold `"title"` and `"target"`.',
    ),
    _key(
        UI,
        "ui.metadata_panes",
        METADATA_PANES,
        p.JsonList('a JSON list of {"name", "label", "index"} objects', p.is_object),
        "Order and labels of the annotation panes of the right-hand panel; only these "
        "existing panes can be listed.",
    ),
    _key(
        UI,
        "ui.right_plugins",
        RIGHT_PLUGINS,
        LIST_OF_LISTS,
        "Tabs of the right-hand panel, as a JSON list of `[label, template, div_id]`; the "
        "template's script fills the element with that id.",
    ),
    _key(
        UI,
        "ui.center_plugins",
        "[]",
        LIST_OF_LISTS,
        "Extra views of the centre panel, as a JSON list of `[label, template, div_id]`.",
    ),
    _key(
        UI,
        "open_with",
        OPEN_WITH,
        LIST_OF_LISTS,
        "Viewers offered in the 'Open with' menu, as a JSON list of `[name, url_name, "
        'options]`; options name the `"supported_objects"` (e.g. `["image"]`) and may give '
        'a `"script_url"` and a `"label"`. Add one with `omero config append`.',
    ),
    _key(
        UI,
        "viewer.view",
        "omeroweb.webclient.views.image_viewer",
        p.Text(non_empty=True),
        "Dotted path of the view that opens an image in the full viewer. OMERO's default "
        "name is pyomero's own viewer; an app such as OMERO.iviewer replaces it.",
    ),
    _key(
        UI,
        "page_size",
        "200",
        p.Integer(1),
        "Images loaded at a time in a dataset or the orphaned images of the tree.",
    ),
    _key(
        UI,
        "thumbnails_batch",
        "50",
        p.Integer(1),
        "Thumbnails fetched per request; too many make request lines longer than the "
        "front-end server accepts.",
    ),
    _key(
        UI,
        "plate_layout",
        "expand",
        p.Choice(("expand", "shrink", "trim")),
        "Grid of a plate: `expand` shows from A1 to a multiple of 8 rows by 12 columns, "
        "`shrink` only from the first to the last well, `trim` from A1 to the last well.",
    ),
    _key(
        UI,
        "search.default_user",
        "0",
        p.Integer(-1),
        "User preselected in the search form: an experimenter id, 0 for the user "
        "searching, -1 for everyone.",
    ),
    _key(
        UI,
        "search.default_group",
        "0",
        p.Integer(-1),
        "Group preselected in the search form: a group id, or 0 or -1 for all groups.",
    ),
    _key(
        UI,
        "sharing.opengraph",
        "{}",
        p.JsonObject(),
        "Open Graph site names for link previews in social media, as a JSON object of "
        '`server name: site name`, e.g. `{"omero": "Open Microscopy"}`.',
    ),
    _key(
        UI,
        "sharing.twitter",
        "{}",
        p.JsonObject(),
        'Twitter/X site accounts for link previews, as a JSON object of `server name: "@account"`.',
    ),
    _key(
        UI,
        "chunk_size",
        "1048576",
        p.Integer(1),
        "Bytes read at a time when streaming a file download.",
    ),
    _key(
        UI,
        "maximum_multifile_download_size",
        "1073741824",
        p.Integer(0),
        "Largest total size, in bytes, of several files downloaded together as one zip.",
    ),
    _key(
        UI,
        "max_table_download_rows",
        "10000",
        p.Integer(1),
        "Most rows of a table that one download request returns.",
    ),
    _key(
        UI,
        "max_table_slice_size",
        "1000000",
        p.Integer(1),
        "Most table cells one slicing request returns.",
    ),
    _key(
        UI,
        "webgateway_cache",
        "",
        p.Text(),
        "Dotted path of an alternative cache class for rendered images and thumbnails. "
        "Empty uses the default cache of omero.web.caches.",
    ),
)

_API_KEYS: tuple[Key, ...] = (
    _key(API, "api.limit", "200", p.Integer(1), "Items per page when a request gives no limit."),
    _key(
        API,
        "api.max_limit",
        "500",
        p.Integer(1),
        "Largest page a request may ask for; larger limits are capped.",
    ),
    _key(
        API,
        "api.absolute_url",
        "",
        p.SlashUrl(optional=True),
        "Base of the absolute URLs in API responses, e.g. `https://omero.example.org/`. "
        "Empty builds them from each request.",
    ),
)

KEYS: tuple[Key, ...] = _PUBLIC_KEYS + _UI_KEYS + _API_KEYS
