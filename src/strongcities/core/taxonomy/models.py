"""Concepts in schemes (theme, audience, sector, region, ...), labelled in every language.

Labels and synonyms are translated columns (modeltranslation: label_en, label_fr, ...).
The shipped vocabulary lives in data/taxonomy.json and is loaded by `manage.py load_taxonomy`.
"""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

kebab_case = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$", _("Use lower-case letters, digits and hyphens only.")
)


class Scheme(models.Model):
    """A controlled vocabulary: one of theme, audience, sector, prevention-level, ..."""

    code = models.CharField(_("code"), max_length=60, unique=True, validators=[kebab_case])
    label = models.CharField(_("label"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("scheme")
        verbose_name_plural = _("schemes")

    def __str__(self) -> str:
        return str(self.label)


class ConceptQuerySet(models.QuerySet):
    def in_scheme(self, code: str) -> "ConceptQuerySet":
        return self.filter(scheme__code=code, active=True)


class Concept(models.Model):
    """A term of a scheme with a stable kebab-case code and labels in every language."""

    scheme = models.ForeignKey(
        Scheme, on_delete=models.PROTECT, related_name="concepts", verbose_name=_("scheme")
    )
    code = models.CharField(_("code"), max_length=80, validators=[kebab_case])
    label = models.CharField(_("label"), max_length=200)
    synonyms = models.TextField(
        _("synonyms"), blank=True, help_text=_("Other words for this concept, one per line.")
    )
    definition = models.TextField(_("definition"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("active"), default=True)

    objects = ConceptQuerySet.as_manager()

    class Meta:
        ordering = ["scheme__position", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="concept_unique_code")
        ]
        verbose_name = _("concept")
        verbose_name_plural = _("concepts")

    def __str__(self) -> str:
        return str(self.label)


class TaxonomyRelease(models.Model):
    """Which version of the shipped taxonomy data this database has loaded."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)

    class Meta:
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"taxonomy v{self.version}"
