from django.db import migrations

from strongcities.core.search import schema


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [migrations.RunPython(schema.create, schema.drop)]
