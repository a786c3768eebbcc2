"""Downloads of event materials: those not public are written to the audit log."""

from strongcities.core.audit.services import record
from strongcities.core.visibility import Visibility
from strongcities.events.models import Material


def material_downloaded(material: Material, *, request=None) -> None:
    """Record the download of a material that is not public (who, which, from where)."""
    if material.visibility != Visibility.PUBLIC:
        record(
            "events.material_downloaded",
            target=material,
            request=request,
            event=material.event.slug,
            visibility=material.visibility,
        )
