"""``python -m pyomero.testing.oidc_provider SPEC.json``: set up the provider, then serve.

The spec names the port, the client (id, secret, redirect URI) and the people
(login, password, names, email, groups).
"""

import json
import os
import sys
from pathlib import Path

import django
from django.core.management import call_command


def main() -> None:
    spec = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pyomero.testing.oidc_provider.settings")
    django.setup()
    from django.contrib.auth.models import Group, User
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0)
    for person in spec["people"]:
        user = User.objects.create_user(
            person["login"],
            email=person.get("email", ""),
            password=person["password"],
            first_name=person.get("first_name", ""),
            last_name=person.get("last_name", ""),
        )
        for name in person.get("groups", []):
            user.groups.add(Group.objects.get_or_create(name=name)[0])
    client = spec["client"]
    Application.objects.create(
        name="pyomero",
        client_id=client["id"],
        client_secret=client["secret"],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=client["redirect_uri"],
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    call_command("runserver", f"127.0.0.1:{spec['port']}", use_reloader=False, verbosity=0)


if __name__ == "__main__":
    main()
