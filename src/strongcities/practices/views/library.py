"""The reading side of the practice library: search, a practice, its versions, files, open data.

Every page goes through the confidentiality rule: the search engine filters by visibility
labels before ranking, counting and cutting snippets, the cards are read again through
`Practice.objects.listed_for(user)`, and a practice page uses `visible_practice` (404 when the
reader may not see it, for everybody).
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

import rules
from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language, get_language_info, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from strongcities.core.search import FACETS, parse_filters, search
from strongcities.core.uploads import KINDS, attachment_response
from strongcities.core.visibility import is_network_member
from strongcities.practices import services
from strongcities.practices.diff import version_changes
from strongcities.practices.export import FORMATS, export_response, public_practices
from strongcities.practices.models import LEVEL_FIELDS, TAG_FIELDS, TEXT_FIELDS, Practice
from strongcities.practices.views.lookup import visible_practice

PAGE_SIZE = 20
FACET_SHOWN = 10  # values of a facet listed before "show all"
MAX_QUERY = 200
MAX_PAGE = 10_000
ORDERS = {
    "relevance": gettext_lazy("Relevance"),
    "recent": gettext_lazy("Most recent"),
    "title": gettext_lazy("Title"),
}
FACET_TITLES = {
    "theme": gettext_lazy("Theme"),
    "audience": gettext_lazy("Target audience"),
    "stakeholder": gettext_lazy("Stakeholders involved"),
    "prevention": gettext_lazy("Prevention level"),
    "evidence": gettext_lazy("Evidence level"),
    "region": gettext_lazy("Region"),
    "city": gettext_lazy("City"),
    "language": gettext_lazy("Original language"),
    "label": gettext_lazy("Label"),
}
# The library facet each tag field of a practice links to.
TAG_FACETS = {
    "themes": "theme",
    "audiences": "audience",
    "stakeholders": "stakeholder",
    "prevention_level": "prevention",
    "evidence_level": "evidence",
}
LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)


def language_name(code: str) -> str:
    """The name of a language in the active language ("Arabic", "arabe", ...)."""
    return _(get_language_info(code)["name"]) if code in LANGUAGE_CODES else code


def is_rtl(code: str) -> bool:
    return code in LANGUAGE_CODES and get_language_info(code)["bidi"]


def reader_language() -> str:
    lang = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return lang if lang in LANGUAGE_CODES else settings.LANGUAGE_CODE


def is_htmx_partial(request) -> bool:
    """An htmx request for the results only (not a history restore, which needs the page)."""
    return bool(request.headers.get("HX-Request")) and not request.headers.get(
        "HX-History-Restore-Request"
    )


# --- the library page -------------------------------------------------------------------------


@dataclass
class Card:
    """One search hit as the library shows it."""

    practice: Practice
    snippet: str
    title: str
    shown: str
    reader: str
    url: str
    themes: list = field(default_factory=list)

    @property
    def shown_name(self) -> str:
        return language_name(self.shown)

    @property
    def shown_rtl(self) -> bool:
        return is_rtl(self.shown)

    @property
    def other_languages(self) -> list[tuple[str, str, str]]:
        """(code, name, url) of each other language the practice can be read in."""
        return [
            (code, language_name(code), f"{self.url}?lang={code}")
            for code in self.practice.languages()
            if code != self.shown
        ]


def practice_cards(hits, user, lang: str) -> list[Card]:
    """The practices of `hits`, read again through the listing rule (one query + one prefetch)."""
    practices = (
        Practice.objects.listed_for(user)
        .filter(pk__in=[hit.id for hit in hits])
        .select_related("city", "partner")
        .prefetch_related("themes")
    )
    by_id = {practice.pk: practice for practice in practices}
    cards = []
    for hit in hits:
        practice = by_id.get(hit.id)
        if practice is None:
            continue
        shown = practice.shown_language(lang)
        cards.append(
            Card(
                practice=practice,
                snippet=hit.snippet,
                title=practice.text("title", shown) or practice.text("title", practice.language),
                shown=shown,
                reader=lang,
                url=practice.get_absolute_url(),
                themes=[str(theme.label) for theme in practice.themes.all()],
            )
        )
    return cards


def _query(params) -> tuple[str, list[str]]:
    """The search words (at most MAX_QUERY characters) and notices about what was changed."""
    query = " ".join((params.get("q") or "").split())
    if len(query) > MAX_QUERY:
        return query[:MAX_QUERY], [
            _("Your search was shortened to its first %(count)s characters.") % {"count": MAX_QUERY}
        ]
    return query, []


def _page_number(value) -> tuple[int, list[str]]:
    if value in (None, ""):
        return 1, []
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if 1 <= number <= MAX_PAGE:
        return number, []
    return 1, [_("That page does not exist: here is the first page.")]


def _link(params: list[tuple[str, str]]) -> str:
    return "?" + urlencode(params) if params else "?"


def _chips(query: str, filters: dict, facets: dict, order: str) -> list[tuple[str, str, str]]:
    """(facet title, value label, URL without it) for the search words and each selected value."""
    base = [("q", query)] if query else []
    base += [(name, value) for name in FACETS for value in filters.get(name, [])]
    keep_order = [("order", order)] if order != "relevance" else []
    chips = []
    if query:
        rest = [pair for pair in base if pair[0] != "q"]
        chips.append((_("Words"), query, _link(rest + keep_order)))
    labels = {(name, value.value): value.label for name in facets for value in facets[name]}
    for name in FACETS:
        for value in filters.get(name, []):
            rest = [pair for pair in base if pair != (name, value)]
            label = labels.get((name, value), value)
            chips.append((str(FACET_TITLES.get(name, name)), label, _link(rest + keep_order)))
    return chips


def _facet_groups(facets: dict) -> list[dict]:
    """Each facet with values: the first FACET_SHOWN (and every chosen one) shown, the others
    behind "show all" (a thousand cities would otherwise weigh on slow connections)."""
    groups = []
    for name in FACETS:
        values = [v for v in facets.get(name, []) if v.count or v.selected]
        if values:
            shown = [v for i, v in enumerate(values) if i < FACET_SHOWN or v.selected]
            more = [v for i, v in enumerate(values) if i >= FACET_SHOWN and not v.selected]
            groups.append(
                {
                    "name": name,
                    "title": FACET_TITLES.get(name, name),
                    "values": shown,
                    "more": more,
                }
            )
    return groups


@require_GET
def library(request):
    lang = reader_language()
    query, notices = _query(request.GET)
    number, page_notices = _page_number(request.GET.get("page"))
    order = request.GET.get("order") if request.GET.get("order") in ORDERS else "relevance"
    filters = parse_filters(request.GET)
    run = {"page_size": PAGE_SIZE, "order": order}
    results = search(query, filters, request.user, lang, page=number, **run)
    if number > results.pages:
        page_notices = [_("That page does not exist: here is the last page.")]
    filter_params = [("q", query)] if query else []
    filter_params += [(name, value) for name in FACETS for value in filters.get(name, [])]
    context = {
        "query": query,
        "order": order,
        "orders": ORDERS,
        "results": results,
        "cards": practice_cards(results.hits, request.user, lang),
        "facet_groups": _facet_groups(results.facets),
        "chips": _chips(query, filters, results.facets, order),
        "notices": notices + page_notices,
        "expansions": [str(concept.label) for concept in results.expansions],
        "filtered": bool(filter_params),
        "filter_query": urlencode(filter_params),
        "page_links": _page_links(filter_params, order, results),
    }
    template = "practices/library_partial.html" if is_htmx_partial(request) else None
    response = render(request, template or "practices/library.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _page_links(filter_params, order: str, results) -> list[tuple[int, str]]:
    """(page number, URL) around the current page: first, last and two on either side."""
    keep = filter_params + ([("order", order)] if order != "relevance" else [])
    numbers = sorted(
        {1, results.pages}
        | set(range(max(1, results.page - 2), min(results.pages, results.page + 2) + 1))
    )
    return [(n, _link([*keep, ("page", str(n))])) for n in numbers if n >= 1]


# --- one practice ------------------------------------------------------------------------------


@dataclass
class Section:
    """A text field of a practice as the detail page shows it."""

    name: str
    label: str
    help_text: str
    text: str
    language: str
    rtl: bool


def _sections(practice: Practice, shown: str) -> list[Section]:
    sections = []
    for name in TEXT_FIELDS[2:]:  # the title and the summary head the page
        text, lang = practice.text(name, shown), shown
        if not text:
            text, lang = practice.text(name, practice.language), practice.language
        if text:
            model_field = Practice._meta.get_field(name)
            sections.append(
                Section(
                    name,
                    str(model_field.verbose_name),
                    str(model_field.help_text),
                    text,
                    lang,
                    is_rtl(lang),
                )
            )
    return sections


def _tags(practice: Practice) -> list[dict]:
    """Each tag field with its concepts, each concept linking to the library filtered by it."""
    groups = []
    for name in (*TAG_FIELDS, *LEVEL_FIELDS):
        model_field = Practice._meta.get_field(name)
        concepts = (
            list(getattr(practice, name).all())
            if name in TAG_FIELDS
            else [c for c in [getattr(practice, name)] if c is not None]
        )
        if concepts:
            facet = TAG_FACETS.get(name)
            groups.append(
                {
                    "label": str(model_field.verbose_name),
                    "concepts": [
                        (str(c.label), f"?{urlencode({facet: c.code})}" if facet else "")
                        for c in concepts
                    ],
                }
            )
    return groups


def _shown_language(request, practice: Practice, lang: str) -> str:
    wanted = request.GET.get("lang")
    if wanted in practice.languages():
        return wanted
    return practice.shown_language(lang)


@require_GET
def detail(request, key):
    practice = visible_practice(
        request,
        key,
        Practice.objects.visible_to(request.user).select_related(
            "city__region", *LEVEL_FIELDS.keys()
        ),
    )
    lang = reader_language()
    shown = _shown_language(request, practice, lang)
    user = request.user
    context = {
        "practice": practice,
        "title": practice.text("title", shown) or practice.text("title", practice.language),
        "summary": practice.text("summary", shown) or practice.text("summary", practice.language),
        "shown": shown,
        "shown_name": language_name(shown),
        "shown_rtl": is_rtl(shown),
        "reader": lang,
        "other_languages": [
            (code, language_name(code)) for code in practice.languages() if code != shown
        ],
        "original_name": language_name(practice.language),
        "sections": _sections(practice, shown),
        "tags": _tags(practice),
        "related": list(
            Practice.objects.listed_for(user)
            .filter(related=practice)
            .exclude(pk=practice.pk)
            .select_related("city", "partner")
            .order_by("pk")
        ),
        "attachments": [
            (attachment, KINDS[attachment.kind].label if attachment.kind in KINDS else "")
            for attachment in practice.attachments.all()
        ],
        "show_contact": rules.has_perm("practices.view_contact", user, practice),
        "history": (
            list(practice.history.select_related("actor"))
            if rules.has_perm("practices.view_history", user, practice)
            else None
        ),
        "city_listed": bool(practice.city_id and practice.city.status == "member"),
    }
    return render(request, "practices/detail.html", context)


# --- versions ----------------------------------------------------------------------------------


@require_GET
def versions(request, key):
    practice = visible_practice(request, key)
    context = {
        "practice": practice,
        "versions": list(practice.versions.select_related("author")),
        "show_authors": is_network_member(request.user),
    }
    return render(request, "practices/versions.html", context)


@require_GET
def version(request, key, number):
    practice = visible_practice(request, key)
    found = {v.number: v for v in practice.versions.filter(number__in=[number - 1, number])}
    current = found.get(number)
    if current is None:
        raise Http404
    previous = found.get(number - 1)
    user = request.user
    changes = version_changes(
        previous.data if previous else None,
        current.data,
        show_contact=rules.has_perm("practices.view_contact", user, practice),
        show_sharing=rules.has_perm("practices.view_history", user, practice),
    )
    context = {
        "practice": practice,
        "version": current,
        "previous": previous,
        "changes": changes,
        "show_authors": is_network_member(user),
    }
    return render(request, "practices/version.html", context)


# --- files and open data -----------------------------------------------------------------------


@require_GET
def attachment(request, key, pk):
    practice = visible_practice(request, key)
    found = practice.attachments.filter(pk=pk).first()
    if found is None:
        raise Http404
    found.practice = practice
    response = attachment_response(found.file, found.filename)
    services.attachment_downloaded(found, request=request)
    return response


@require_GET
def export(request, fmt):
    """Open data: the public published practices matching the library's filters."""
    if fmt not in FORMATS:
        raise Http404
    query, _notices = _query(request.GET)
    practices = public_practices(query, parse_filters(request.GET))
    return export_response(fmt, practices, request.build_absolute_uri("/").rstrip("/"))
