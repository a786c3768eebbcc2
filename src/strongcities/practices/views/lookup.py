"""Finding a practice by id or slug, through the confidentiality rule: 404 when not visible."""

from django.http import Http404

from strongcities.practices.models import Practice


def visible_practice(request, key: str, queryset=None) -> Practice:
    """The practice `key` (an id or a slug) if the user may see it; else 404 (or sign-in)."""
    queryset = Practice.objects.visible_to(request.user) if queryset is None else queryset
    lookup = {"pk": int(key)} if key.isdigit() else {"slug": key}
    practice = queryset.select_related("city", "partner").filter(**lookup).first()
    if practice is None:
        raise Http404
    return practice
