"""Page-number pagination for every list endpoint.

`?page=1&page_size=50`: page_size defaults to settings.API_PAGE_SIZE; a page_size above
settings.API_MAX_PAGE_SIZE (or below 1) is refused with a 422, never silently clipped. A page
past the end answers an empty `items` list with the real `count`; a page number above MAX_PAGE
is refused with a 422 (its offset would not fit the database's integers).
"""

from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

from django.conf import settings
from django.db.models import QuerySet
from ninja import Field, Schema

T = TypeVar("T")
MAX_PAGE = 1_000_000


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE, description=f"The page number, from 1 to {MAX_PAGE:,}.")
    page_size: int = Field(
        settings.API_PAGE_SIZE,
        ge=1,
        le=settings.API_MAX_PAGE_SIZE,
        description=(
            f"Items per page, from 1 to {settings.API_MAX_PAGE_SIZE} "
            f"(default {settings.API_PAGE_SIZE}); a larger value is refused with a 422."
        ),
    )


class Page(Schema, Generic[T]):
    count: int = Field(description="How many items match, over all pages.")
    page: int = Field(description="This page's number.")
    page_size: int = Field(description="The most items a page holds.")
    items: list[T]


def paginate(
    queryset: QuerySet | Iterable, page: PageQuery, serialize: Callable[[object], dict]
) -> dict:
    """One page of `queryset`, each item turned into a dict by `serialize`."""
    count = queryset.count() if isinstance(queryset, QuerySet) else len(queryset)
    start = (page.page - 1) * page.page_size
    items = [serialize(obj) for obj in queryset[start : start + page.page_size]] if count else []
    return {"count": count, "page": page.page, "page_size": page.page_size, "items": items}
