"""Where an original file's bytes are: ``omero.data.dir`` (empty) or an object store."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("model", "0009_merge_login_throttle_ldap"),
    ]

    operations = [
        migrations.AddField(
            model_name="originalfile",
            name="store",
            field=models.CharField(blank=True, default="", max_length=1024),
        ),
    ]
