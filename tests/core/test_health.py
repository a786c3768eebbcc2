import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from strongcities.core.mail import send_templated_email


@pytest.mark.django_db
def test_healthz_reports_database_tasks_and_cache(client):
    response = client.get(reverse("core:healthz"))
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is True
    assert body["database"]["ok"] is True
    assert body["database"]["vendor"] == connection.vendor
    assert body["tasks"] == {"ok": True, "waiting": 0, "oldest_waiting_seconds": 0}
    assert body["cache"]["ok"] is True


@pytest.mark.django_db
def test_healthz_reports_age_of_oldest_waiting_task(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    send_templated_email.using(backend="default").enqueue(
        ["a@example.org"], "accounts/email/invitation", {}, "en"
    )
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timezone.timedelta(minutes=5))
    body = client.get(reverse("core:healthz")).json()
    assert body["tasks"]["waiting"] == 1
    assert 299 < body["tasks"]["oldest_waiting_seconds"] < 400


def test_healthz_answers_503_when_the_database_is_unreachable(tmp_path):
    """A real unreachable database: a server process whose DATABASE_URL points at a closed port."""
    script = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "r = Client(HTTP_HOST='localhost').get('/healthz');"
        "print(json.dumps({'status': r.status_code, 'body': r.json()}))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "strongcities.settings",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:9/nowhere",
        "VAR_DIR": str(tmp_path),
        "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src"),
    }
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["status"] == 503
    assert result["body"]["ok"] is False
    assert result["body"]["database"]["ok"] is False
    assert result["body"]["tasks"] == {"ok": False}
