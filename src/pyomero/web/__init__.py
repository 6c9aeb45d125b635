"""The Django project: settings computed from conf/, urls, wsgi, auth, errors."""
