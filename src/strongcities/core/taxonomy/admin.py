"""The secretariat edits labels, synonyms and definitions of the taxonomy in every language."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from strongcities.core.taxonomy.models import Concept, Scheme


class ConceptInline(admin.TabularInline):
    model = Concept
    fields = ("code", "label", "position", "active")
    readonly_fields = ("code", "label")
    extra = 0
    show_change_link = True
    can_delete = False


@admin.register(Scheme)
class SchemeAdmin(TranslationAdmin):
    list_display = ("code", "label", "position")
    search_fields = ("code", "label_en", "label_fr", "label_ar", "label_es", "label_tr")
    readonly_fields = ("code",)
    inlines = [ConceptInline]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # Concepts and everything tagged with them hang on the scheme.


@admin.register(Concept)
class ConceptAdmin(TranslationAdmin):
    list_display = ("code", "label", "scheme", "active")
    list_filter = ("scheme", "active")
    list_select_related = ("scheme",)
    search_fields = (
        "code",
        *(f"label_{lang}" for lang in ("en", "fr", "ar", "es", "tr")),
        *(f"synonyms_{lang}" for lang in ("en", "fr", "ar", "es", "tr")),
    )
    ordering = ("scheme__position", "position", "code")

    def get_readonly_fields(self, request, obj=None):
        # A code is a stable identifier once created: tags and URLs use it.
        return ("scheme", "code") if obj is not None else ()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # Deactivate instead: cities, practices and events point at concepts.
