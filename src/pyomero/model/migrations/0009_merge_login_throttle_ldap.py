"""Joins the two migrations written side by side: the login throttle and LDAP/SSO users."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("model", "0008_experimenter_ldap_dn_sso_subject"),
        ("model", "0008_login_throttle"),
    ]

    operations = []
