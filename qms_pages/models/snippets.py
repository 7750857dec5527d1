"""Snippets shared by the registry's pages."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from qms_search.analysis.ciphers import normalize_cipher


class DocumentType(TranslatableMixin, index.Indexed, models.Model):
    """A kind of controlled document (standard, regulation, instruction...)."""

    code_ky = models.CharField(
        _("Kyrgyz abbreviation"),
        max_length=16,
        help_text=_("As printed in the registry, e.g. УСТ."),
    )
    code_ru = models.CharField(
        _("Russian abbreviation"),
        max_length=16,
        blank=True,
        help_text=_("e.g. СТУ for УСТ."),
    )
    aliases = models.CharField(
        _("other abbreviations"),
        max_length=200,
        blank=True,
        help_text=_("Comma-separated abbreviations that also mean this type."),
    )
    name = models.CharField(_("full name"), max_length=255)
    position = models.PositiveSmallIntegerField(_("position in the legend"), default=0)

    panels = [
        FieldPanel("code_ky"),
        FieldPanel("code_ru"),
        FieldPanel("aliases"),
        FieldPanel("name"),
        FieldPanel("position"),
    ]
    override_translatable_fields = [
        SynchronizedField("code_ky", overridable=False),
        SynchronizedField("code_ru", overridable=False),
        SynchronizedField("aliases", overridable=False),
        SynchronizedField("position", overridable=False),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("code_ky"),
        index.FilterField("locale"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("document type")
        verbose_name_plural = _("document types")
        ordering = ["position", "code_ky"]
        constraints = [
            models.UniqueConstraint(
                fields=["code_ky", "locale"], name="unique_document_type_code"
            )
        ]

    def __str__(self):
        return f"{self.abbreviation} — {self.name}"

    @property
    def abbreviation(self):
        """The abbreviation readers of this locale expect."""
        if self.locale.language_code == "ru" and self.code_ru:
            return self.code_ru
        return self.code_ky

    def all_codes(self):
        """Every abbreviation that names this type, normalised."""
        codes = [self.code_ky, self.code_ru, *self.aliases.split(",")]
        return {normalize_cipher(code) for code in codes if code.strip()}

    @classmethod
    def resolve(cls, code, locale):
        """The type in `locale` named by any of its abbreviations, or None."""
        wanted = normalize_cipher(code)
        for document_type in cls.objects.filter(locale=locale):
            if wanted in document_type.all_codes():
                return document_type
        return None
