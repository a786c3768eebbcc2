"""The state of the parts the site depends on, for /healthz."""

import time
import uuid

from django.core.cache import cache, caches
from django.db import connection
from django.utils import timezone


def database_state() -> dict:
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure means the database is down
        return {"ok": False, "error": exc.__class__.__name__}
    elapsed_ms = round((time.perf_counter() - started) * 1000, 1)
    return {"ok": True, "vendor": connection.vendor, "ms": elapsed_ms}


def task_queue_state() -> dict:
    """Waiting tasks and the age of the oldest one."""
    from django_tasks_db.models import DBTaskResult

    try:
        waiting = DBTaskResult.objects.ready()
        oldest = waiting.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
        count = waiting.count()
    except Exception as exc:
        return {"ok": False, "error": exc.__class__.__name__}
    age = (timezone.now() - oldest).total_seconds() if oldest else 0
    return {"ok": True, "waiting": count, "oldest_waiting_seconds": round(age, 1)}


def cache_state() -> dict:
    key = f"healthz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "1", 10)
        ok = cache.get(key) == "1"
        cache.delete(key)
    except Exception as exc:
        return {"ok": False, "error": exc.__class__.__name__}
    return {"ok": ok, "backend": type(caches["default"]).__name__}
