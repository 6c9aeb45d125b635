"""The search index (entries, stale entries, full-text index, triggers) and activities.

The triggers mark an object stale (a row in ``model_searchdirty``) on every write that
changes what its entry says: its name, description or details; an annotation link
made or removed; the text of a linked annotation, its key-value pairs, or the name
of an attached file. ``pyomero.model.search`` rebuilds stale entries before a search.
SQLite indexes ``text`` with FTS5 (an external-content table kept in step by
triggers), PostgreSQL with a GIN index on ``to_tsvector('simple', text)``.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

OBJECTS = {
    "Project": "model_project",
    "Dataset": "model_dataset",
    "Image": "model_image",
    "Screen": "model_screen",
    "Plate": "model_plate",
    "PlateAcquisition": "model_plateacquisition",
}
LINKS = {kind: f"{table}annotationlink" for kind, table in OBJECTS.items()}
MARKED_COLUMNS = "name, description, owner_id, group_id, created"
ANNOTATION_COLUMNS = "text_value, name, description, file_id"


def _mark(kind: str, id_sql: str) -> str:
    return f"INSERT INTO model_searchdirty (obj_type, obj_id) VALUES ('{kind}', {id_sql});"


def _mark_annotated(annotation_id_sql: str) -> str:
    """Mark every object the annotation ``annotation_id_sql`` is linked to."""
    return "\n".join(
        f"INSERT INTO model_searchdirty (obj_type, obj_id) SELECT '{kind}', parent_id "
        f"FROM {link} WHERE child_id = {annotation_id_sql};"
        for kind, link in LINKS.items()
    )


def _mark_file_annotated(file_id_sql: str) -> str:
    return "\n".join(
        f"INSERT INTO model_searchdirty (obj_type, obj_id) SELECT '{kind}', l.parent_id "
        f"FROM {link} l JOIN model_annotation a ON a.id = l.child_id "
        f"WHERE a.file_id = {file_id_sql};"
        for kind, link in LINKS.items()
    )


def sqlite_forward() -> list[str]:
    sql = [
        "CREATE VIRTUAL TABLE model_searchentry_fts USING fts5("
        "text, content='model_searchentry', content_rowid='id', "
        "tokenize='unicode61 remove_diacritics 2')",
        "CREATE TRIGGER model_searchentry_fts_ins AFTER INSERT ON model_searchentry BEGIN "
        "INSERT INTO model_searchentry_fts (rowid, text) VALUES (NEW.id, NEW.text); END",
        "CREATE TRIGGER model_searchentry_fts_del AFTER DELETE ON model_searchentry BEGIN "
        "INSERT INTO model_searchentry_fts (model_searchentry_fts, rowid, text) "
        "VALUES ('delete', OLD.id, OLD.text); END",
        "CREATE TRIGGER model_searchentry_fts_upd AFTER UPDATE ON model_searchentry BEGIN "
        "INSERT INTO model_searchentry_fts (model_searchentry_fts, rowid, text) "
        "VALUES ('delete', OLD.id, OLD.text); "
        "INSERT INTO model_searchentry_fts (rowid, text) VALUES (NEW.id, NEW.text); END",
    ]
    for kind, table in OBJECTS.items():
        name = f"model_search_{table}"
        sql += [
            f"CREATE TRIGGER {name}_ins AFTER INSERT ON {table} BEGIN {_mark(kind, 'NEW.id')} END",
            f"CREATE TRIGGER {name}_upd AFTER UPDATE OF {MARKED_COLUMNS} ON {table} BEGIN "
            f"{_mark(kind, 'NEW.id')} END",
            f"CREATE TRIGGER {name}_del AFTER DELETE ON {table} BEGIN {_mark(kind, 'OLD.id')} END",
        ]
    for kind, link in LINKS.items():
        name = f"model_search_{link}"
        sql += [
            f"CREATE TRIGGER {name}_ins AFTER INSERT ON {link} BEGIN "
            f"{_mark(kind, 'NEW.parent_id')} END",
            f"CREATE TRIGGER {name}_del AFTER DELETE ON {link} BEGIN "
            f"{_mark(kind, 'OLD.parent_id')} END",
        ]
    sql += [
        f"CREATE TRIGGER model_search_annotation_upd AFTER UPDATE OF {ANNOTATION_COLUMNS} "
        f"ON model_annotation BEGIN {_mark_annotated('NEW.id')} END",
        "CREATE TRIGGER model_search_namedvalue_ins AFTER INSERT ON model_namedvalue BEGIN "
        f"{_mark_annotated('NEW.annotation_id')} END",
        "CREATE TRIGGER model_search_namedvalue_upd AFTER UPDATE ON model_namedvalue BEGIN "
        f"{_mark_annotated('NEW.annotation_id')} END",
        "CREATE TRIGGER model_search_namedvalue_del AFTER DELETE ON model_namedvalue BEGIN "
        f"{_mark_annotated('OLD.annotation_id')} END",
        "CREATE TRIGGER model_search_originalfile_upd AFTER UPDATE OF name "
        f"ON model_originalfile BEGIN {_mark_file_annotated('NEW.id')} END",
    ]
    return sql


def sqlite_backward() -> list[str]:
    names = ["model_search_annotation_upd", "model_search_originalfile_upd"]
    names += [f"model_search_namedvalue_{op}" for op in ("ins", "upd", "del")]
    for table in OBJECTS.values():
        names += [f"model_search_{table}_{op}" for op in ("ins", "upd", "del")]
    for link in LINKS.values():
        names += [f"model_search_{link}_{op}" for op in ("ins", "del")]
    names += [f"model_searchentry_fts_{op}" for op in ("ins", "upd", "del")]
    return [f"DROP TRIGGER IF EXISTS {name}" for name in names] + [
        "DROP TABLE IF EXISTS model_searchentry_fts"
    ]


def _function(name: str, body: str) -> str:
    return (
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        f"BEGIN\n{body}\nRETURN NULL;\nEND\n$$"
    )


def postgresql_forward() -> list[str]:
    sql = [
        "CREATE INDEX model_searchentry_text_fts ON model_searchentry "
        "USING GIN (to_tsvector('simple'::regconfig, text))",
        _function(
            "model_search_mark_object",
            "IF TG_OP = 'DELETE' THEN "
            "INSERT INTO model_searchdirty (obj_type, obj_id) VALUES (TG_ARGV[0], OLD.id); "
            "ELSE "
            "INSERT INTO model_searchdirty (obj_type, obj_id) VALUES (TG_ARGV[0], NEW.id); "
            "END IF;",
        ),
        _function(
            "model_search_mark_link",
            "IF TG_OP = 'DELETE' THEN "
            "INSERT INTO model_searchdirty (obj_type, obj_id) VALUES (TG_ARGV[0], OLD.parent_id); "
            "ELSE "
            "INSERT INTO model_searchdirty (obj_type, obj_id) VALUES (TG_ARGV[0], NEW.parent_id); "
            "END IF;",
        ),
        _function("model_search_mark_annotation", _mark_annotated("NEW.id")),
        _function(
            "model_search_mark_namedvalue",
            "IF TG_OP = 'DELETE' THEN\n"
            + _mark_annotated("OLD.annotation_id")
            + "\nELSE\n"
            + _mark_annotated("NEW.annotation_id")
            + "\nEND IF;",
        ),
        _function("model_search_mark_originalfile", _mark_file_annotated("NEW.id")),
    ]
    for kind, table in OBJECTS.items():
        sql.append(
            f"CREATE TRIGGER model_search_mark AFTER INSERT OR DELETE OR UPDATE OF "
            f"{MARKED_COLUMNS} ON {table} FOR EACH ROW "
            f"EXECUTE FUNCTION model_search_mark_object('{kind}')"
        )
    for kind, link in LINKS.items():
        sql.append(
            f"CREATE TRIGGER model_search_mark AFTER INSERT OR DELETE ON {link} "
            f"FOR EACH ROW EXECUTE FUNCTION model_search_mark_link('{kind}')"
        )
    sql += [
        f"CREATE TRIGGER model_search_mark AFTER UPDATE OF {ANNOTATION_COLUMNS} "
        "ON model_annotation FOR EACH ROW EXECUTE FUNCTION model_search_mark_annotation()",
        "CREATE TRIGGER model_search_mark AFTER INSERT OR UPDATE OR DELETE "
        "ON model_namedvalue FOR EACH ROW EXECUTE FUNCTION model_search_mark_namedvalue()",
        "CREATE TRIGGER model_search_mark AFTER UPDATE OF name "
        "ON model_originalfile FOR EACH ROW EXECUTE FUNCTION model_search_mark_originalfile()",
    ]
    return sql


def postgresql_backward() -> list[str]:
    tables = [*OBJECTS.values(), *LINKS.values()]
    tables += ["model_annotation", "model_namedvalue", "model_originalfile"]
    functions = ["object", "link", "annotation", "namedvalue", "originalfile"]
    return (
        [f"DROP TRIGGER IF EXISTS model_search_mark ON {table}" for table in tables]
        + [f"DROP FUNCTION IF EXISTS model_search_mark_{name}()" for name in functions]
        + ["DROP INDEX IF EXISTS model_searchentry_text_fts"]
    )


def backfill() -> list[str]:
    """Every existing object starts stale: the first search indexes it."""
    return [
        f"INSERT INTO model_searchdirty (obj_type, obj_id) SELECT '{kind}', id FROM {table}"
        for kind, table in OBJECTS.items()
    ]


def forward(apps, schema_editor):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": sqlite_forward, "postgresql": postgresql_forward}[vendor]()
    for statement in [*statements, *backfill()]:
        schema_editor.execute(statement, params=None)


def backward(apps, schema_editor):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": sqlite_backward, "postgresql": postgresql_backward}[vendor]()
    for statement in statements:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("model", "0004_fileset_state"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchDirty",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("obj_type", models.CharField(max_length=32)),
                ("obj_id", models.BigIntegerField()),
            ],
        ),
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("obj_type", models.CharField(max_length=32)),
                ("obj_id", models.BigIntegerField()),
                ("created", models.DateTimeField()),
                ("updated", models.DateTimeField()),
                ("name", models.CharField(blank=True, default="", max_length=255)),
                ("text", models.TextField(blank=True, default="")),
                ("name_words", models.TextField(blank=True, default="")),
                ("description_words", models.TextField(blank=True, default="")),
                ("annotation_words", models.TextField(blank=True, default="")),
                (
                    "group",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="model.experimentergroup",
                    ),
                ),
                (
                    "owner",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(fields=["group", "owner"], name="model_searc_group_i_21f800_idx"),
                    models.Index(fields=["created"], name="model_searc_created_8d0e1f_idx"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("obj_type", "obj_id"), name="model_searchentry_unique"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="Activity",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "created",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                ("updated", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("delete", "Delete"),
                            ("chgrp", "Move to group"),
                            ("chown", "Change owner"),
                            ("export", "Export"),
                        ],
                        max_length=16,
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[("running", "Running"), ("done", "Done"), ("failed", "Failed")],
                        default="done",
                        max_length=8,
                    ),
                ),
                ("targets", models.JSONField(default=list)),
                ("detail", models.JSONField(default=dict)),
                ("error", models.TextField(blank=True, default="")),
                (
                    "group",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="model.experimentergroup",
                    ),
                ),
                (
                    "owner",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "abstract": False,
                "indexes": [
                    models.Index(fields=["owner", "created"], name="model_activ_owner_i_28656a_idx")
                ],
            },
        ),
        migrations.RunPython(forward, backward),
    ]
