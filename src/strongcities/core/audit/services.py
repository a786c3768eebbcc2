"""Recording sensitive actions in the audit log."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from strongcities.core.audit.models import AuditEntry


def client_ip(request) -> str | None:
    """The client address (REMOTE_ADDR; the reverse proxy is expected to set it)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record(
    action: str,
    *,
    actor=None,
    target: models.Model | None = None,
    request=None,
    **data: Any,
) -> AuditEntry:
    """Write one audit entry; call inside the transaction of the action it records."""
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:300] if target is not None else "",
        ip_address=client_ip(request),
        data=data,
    )
