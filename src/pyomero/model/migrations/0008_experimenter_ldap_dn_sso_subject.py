from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("model", "0007_name_order_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="experimenter",
            name="ldap_dn",
            field=models.CharField(blank=True, default="", max_length=1024, verbose_name="LDAP DN"),
        ),
        migrations.AddField(
            model_name="experimenter",
            name="sso_subject",
            field=models.CharField(blank=True, db_index=True, default="", max_length=1024),
        ),
    ]
