"""``docs/configuration.md``, generated from the registry.

Regenerate with ``python -m pyomero.conf.docs > docs/configuration.md``; a
test fails when the committed file differs from :func:`render`.
"""

from __future__ import annotations

import re

from pyomero.conf.keys import Key, Section
from pyomero.conf.registry import KEYS, SECTIONS, STRICT_NAMESPACES

INTRO = """\
# Configuration

<!-- Generated from src/pyomero/conf/catalogue by
     `python -m pyomero.conf.docs > docs/configuration.md`. Do not edit. -->

pyomero is configured as OMERO is, with `omero.*` properties stored in
`$OMERODIR/etc/grid/config.xml` (OMERO's format, so an OMERO.web configuration
can be copied over). When `$OMERODIR` is unset, a checkout is its own server
directory. Change properties with the `omero` command, then restart OMERO.web:

```
bin/omero config set omero.web.prefix /omero      # set a value
bin/omero config set omero.web.prefix             # remove it (back to the default)
bin/omero config get [KEY]                        # one value, or every value set
bin/omero config append omero.web.apps '"my_app"' # add to a JSON list
bin/omero config remove omero.web.apps '"my_app"' # remove from a JSON list
bin/omero config set -f FILE KEY                  # value read from a file
bin/omero config load FILE                        # KEY=VALUE lines; -q to overwrite
bin/omero config edit                             # all values in $EDITOR
bin/omero config keys [--all]                     # keys set (or every known key)
bin/omero config list                             # profiles; OMERO_CONFIG picks one
bin/omero config path                             # where the file is
```

Values are checked before they are stored: a value that does not have the form
a key expects, or a misspelt name in the {namespaces} namespaces, is refused
with a message and the file is left as it was. Names in other namespaces
(`omero.ldap.*`, ...) are stored as they are. Booleans are `true` or `false`
(`t`/`f` and `1`/`0` also work); JSON values are best quoted with single quotes.
`get` hides the values of secrets and of keys ending in `pass` or `password`
when it lists several keys; add `--show-password` to see them.
"""


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9 -]", "", title.lower()).replace(" ", "-")


def _code(value: str) -> str:
    return f"`{value}`" if value else "(empty)"


def _render_key(key: Key) -> str:
    lines = [f"### {key.name}", "", key.help, "", f"- Default: {_code(key.default)}"]
    lines.append(f"- Form: {key.form}")
    if key.masked:
        lines.append("- Secret: hidden in `omero config get` listings")
    return "\n".join(lines) + "\n"


def _render_section(section: Section, keys: list[Key]) -> str:
    parts = [f"## {section.title}\n", f"{section.intro}\n"]
    parts += [_render_key(key) for key in keys]
    return "\n".join(parts)


def render() -> str:
    """The whole of docs/configuration.md."""
    namespaces = " and ".join(f"`{namespace}*`" for namespace in STRICT_NAMESPACES)
    parts = [INTRO.format(namespaces=namespaces)]
    parts.append(
        "\n".join(f"- [{section.title}](#{_slug(section.title)})" for section in SECTIONS) + "\n"
    )
    for section in SECTIONS:
        keys = [key for key in KEYS if key.section == section.id]
        parts.append(_render_section(section, keys))
    return "\n".join(parts)


if __name__ == "__main__":
    print(render(), end="")
