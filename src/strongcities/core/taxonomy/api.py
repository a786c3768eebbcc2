"""API: the shared vocabulary — schemes, their concepts, and the regions of the network."""

from django.db.models import Count, Q
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from strongcities.api.language import LanguageQuery
from strongcities.api.pagination import Page, PageQuery, paginate
from strongcities.core.taxonomy.models import Concept, Scheme
from strongcities.members.models import regions_with_member_counts

router = Router(tags=["Vocabulary"])


class SchemeOut(Schema):
    code: str
    label: str
    description: str
    concept_count: int = Field(description="How many active concepts the scheme has.")


class ConceptOut(Schema):
    code: str
    label: str
    synonyms: list[str] = Field(description="Other words for the concept, in the same language.")
    definition: str
    scheme: str = Field(description="The code of the concept's scheme.")


class RegionOut(Schema):
    code: str
    label: str
    member_count: int = Field(description="How many member cities are in the region.")


class ConceptFilters(LanguageQuery):
    scheme: str | None = Field(
        None, max_length=60, description="Only the concepts of this scheme (e.g. theme)."
    )


def concept_out(concept: Concept) -> dict:
    return {
        "code": concept.code,
        "label": concept.label,
        "synonyms": [
            line.strip() for line in (concept.synonyms or "").splitlines() if line.strip()
        ],
        "definition": concept.definition or "",
        "scheme": concept.scheme.code,
    }


@router.get(
    "/schemes",
    response=Page[SchemeOut],
    url_name="scheme_list",
    operation_id="listSchemes",
    summary="List vocabularies",
)
def list_schemes(
    request: HttpRequest, params: Query[LanguageQuery], pagination: Query[PageQuery]
) -> dict:
    """The controlled vocabularies (schemes): theme, audience, sector, region..."""
    schemes = Scheme.objects.annotate(
        active_concepts=Count("concepts", filter=Q(concepts__active=True))
    ).order_by("position", "code")
    return paginate(
        schemes,
        pagination,
        lambda s: {
            "code": s.code,
            "label": s.label,
            "description": s.description or "",
            "concept_count": s.active_concepts,
        },
    )


@router.get(
    "/concepts",
    response=Page[ConceptOut],
    url_name="concept_list",
    operation_id="listConcepts",
    summary="List concepts",
)
def list_concepts(
    request: HttpRequest, filters: Query[ConceptFilters], pagination: Query[PageQuery]
) -> dict:
    """The active concepts, in their scheme's order; `?scheme=theme` keeps one scheme's."""
    concepts = (
        Concept.objects.filter(active=True)
        .select_related("scheme")
        .order_by("scheme__position", "scheme__code", "position", "code")
    )
    if filters.scheme:
        concepts = concepts.filter(scheme__code=filters.scheme)
    return paginate(concepts, pagination, concept_out)


@router.get(
    "/regions",
    response=Page[RegionOut],
    url_name="region_list",
    operation_id="listRegions",
    summary="List regions",
)
def list_regions(
    request: HttpRequest, params: Query[LanguageQuery], pagination: Query[PageQuery]
) -> dict:
    """The regions of the network, with how many member cities each has."""
    return paginate(
        regions_with_member_counts().order_by("position", "code"),
        pagination,
        lambda r: {"code": r.code, "label": r.label, "member_count": r.member_count},
    )
