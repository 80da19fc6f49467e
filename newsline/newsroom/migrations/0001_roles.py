from django.db import migrations

# The model permissions each role's group holds, so the admin shows each role its tools;
# what a role may actually do is decided by newsline.newsroom.permissions.
GROUPS = {
    "reporter": [
        "view_section", "view_tag", "view_author",
        "add_image", "change_image", "view_image",
        "add_article", "change_article", "view_article",
    ],
    "editor": [
        "add_section", "change_section", "view_section",
        "add_tag", "change_tag", "view_tag",
        "add_author", "change_author", "view_author",
        "add_image", "change_image", "view_image",
        "add_article", "change_article", "view_article",
    ],
    "chief editor": [
        "add_section", "change_section", "delete_section", "view_section",
        "add_tag", "change_tag", "delete_tag", "view_tag",
        "add_author", "change_author", "delete_author", "view_author",
        "add_image", "change_image", "delete_image", "view_image",
        "add_article", "change_article", "delete_article", "view_article",
        "add_user", "change_user", "view_user", "view_group", "change_group",
    ],
}  # fmt: skip


def create_roles(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(Permission.objects.filter(codename__in=codenames))


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("content", "0004_newsroom"),
    ]
    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
