"""Sessions as OMERO.web's guide describes them: files under $OMERODIR, cookie ages."""

from __future__ import annotations

import time
from pathlib import Path

from django.test import Client

FILE_SESSIONS = "django.contrib.sessions.backends.file"


def test_it_keeps_sessions_in_files_under_the_server_directory(
    configure, sign_in, client: Client, tmp_path: Path
) -> None:
    built = configure({})
    assert built["SESSION_ENGINE"] == FILE_SESSIONS
    assert built["SESSION_FILE_PATH"] == str(tmp_path / "var" / "sessions")
    sign_in(client)
    key = client.cookies["sessionid"].value
    assert (tmp_path / "var" / "sessions" / f"sessionid{key}").is_file()


def test_it_reads_omeros_file_store_as_files(configure, tmp_path: Path) -> None:
    built = configure({"omero.web.session_engine": "omeroweb.filesessionstore"})
    assert built["SESSION_ENGINE"] == FILE_SESSIONS
    assert (tmp_path / "var" / "sessions").is_dir()


def test_it_ends_the_session_cookie_with_the_browser_by_default(
    configure, sign_in, client: Client
) -> None:
    configure({})
    cookie = sign_in(client).cookies["sessionid"]
    assert cookie["expires"] == ""
    assert cookie["max-age"] == ""
    assert cookie["httponly"] is True


def test_it_keeps_the_cookie_for_the_cookie_age_when_not_ending_with_the_browser(
    configure, sign_in, client: Client
) -> None:
    configure(
        {
            "omero.web.session_expire_at_browser_close": "false",
            "omero.web.session_cookie_age": "3600",
        }
    )
    cookie = sign_in(client).cookies["sessionid"]
    assert cookie["max-age"] == 3600
    assert cookie["expires"].endswith("GMT")


def test_it_gives_stored_sessions_one_day_by_default(configure, sign_in, client: Client) -> None:
    configure({})
    sign_in(client)
    assert client.session.get_expiry_age() == 86400


def test_it_signs_out_after_the_cookie_age_even_with_a_browser_session_cookie(
    configure, sign_in, client: Client
) -> None:
    configure({"omero.web.session_cookie_age": "2"})
    sign_in(client)
    assert client.get("/webclient/").status_code == 200
    time.sleep(2.5)
    response = client.get("/webclient/")
    assert response.status_code == 302
    assert response["Location"].startswith("/webclient/login/")


def test_it_names_and_scopes_the_session_cookie(configure, sign_in, client: Client) -> None:
    configure(
        {
            "omero.web.session_cookie_name": "omero_session",
            "omero.web.session_cookie_domain": ".example.org",
            "omero.web.session_cookie_path": "/omero/",
            "omero.web.session_cookie_samesite": "Strict",
        }
    )
    response = sign_in(client)
    assert "sessionid" not in response.cookies
    cookie = response.cookies["omero_session"]
    assert (cookie["domain"], cookie["path"], cookie["samesite"]) == (
        ".example.org",
        "/omero/",
        "Strict",
    )
