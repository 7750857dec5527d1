"""Page models of the registry: home, process groups, documents, master list."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from qms_search.analysis.ciphers import normalize_cipher

from ..access import may_open
from ..page_forms import QMSDocumentPageForm
from ..panels import ExtractionStatusPanel, RevisionHistoryPanel
from .querysets import QMSDocumentPageManager
from .serializers import (
    AttachmentsSerializer,
    DocumentTypeSerializer,
    ProcessGroupSerializer,
    RevisionsSerializer,
)


class TranslatedPageMixin:
    """What readers and API clients need to know about a page's languages."""

    @cached_property
    def untranslated_from(self):
        """The language the content is really in, when this page is an untranslated alias."""
        if self.alias_of_id is None:
            return None
        original = Page.objects.select_related("locale").get(pk=self.alias_of_id)
        if original.locale_id == self.locale_id:
            return None
        return original.locale.language_code

    @property
    def translations(self):
        """The page's other live, public language versions."""
        return [
            {
                "id": other.pk,
                "locale": other.locale.language_code,
                "title": other.title,
                "url": other.url,
                "translated": other.alias_of_id is None,
            }
            for other in self.get_translations()
            .live()
            .public()
            .select_related("locale")
        ]


class QMSHomePage(TranslatedPageMixin, Page):
    """The registry's root: the QMS description and its process groups."""

    university_name = models.CharField(_("university name"), max_length=255)
    university_abbreviation = models.CharField(
        _("university abbreviation"), max_length=32, blank=True
    )
    adoption = models.TextField(_("adoption"), blank=True)
    council_date = models.DateField(_("academic council date"), null=True, blank=True)
    council_protocol = models.CharField(_("protocol"), max_length=64, blank=True)
    order_date = models.DateField(_("rector's order date"), null=True, blank=True)
    order_number = models.CharField(_("order number"), max_length=64, blank=True)
    objectives_intro = models.TextField(_("objectives introduction"), blank=True)
    strategic_objectives = StreamField(
        [("objective", blocks.CharBlock(label=_("objective")))],
        blank=True,
        verbose_name=_("strategic objectives"),
    )
    tactical_objectives = StreamField(
        [("objective", blocks.CharBlock(label=_("objective")))],
        blank=True,
        verbose_name=_("tactical objectives"),
    )
    iso_statement = models.TextField(_("ISO statement"), blank=True)
    model_diagram = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("QMS model diagram"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    interaction_diagram = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("process interaction diagram"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("university_name"), FieldPanel("university_abbreviation")],
            heading=_("University"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("adoption"),
                FieldRowPanel(
                    [FieldPanel("council_date"), FieldPanel("council_protocol")]
                ),
                FieldRowPanel([FieldPanel("order_date"), FieldPanel("order_number")]),
            ],
            heading=_("Adoption"),
        ),
        FieldPanel("objectives_intro"),
        FieldPanel("strategic_objectives"),
        FieldPanel("tactical_objectives"),
        FieldPanel("iso_statement"),
        FieldPanel("model_diagram"),
        FieldPanel("interaction_diagram"),
    ]
    override_translatable_fields = [
        SynchronizedField("council_date", overridable=False),
        SynchronizedField("order_date", overridable=False),
    ]
    search_fields = Page.search_fields + [index.SearchField("adoption")]
    api_fields = [
        APIField("university_name"),
        APIField("university_abbreviation"),
        APIField("adoption"),
        APIField("council_date"),
        APIField("council_protocol"),
        APIField("order_date"),
        APIField("order_number"),
        APIField("objectives_intro"),
        APIField("strategic_objectives"),
        APIField("tactical_objectives"),
        APIField("iso_statement"),
        APIField("translations"),
    ]
    subpage_types = ["qms_pages.ProcessGroupPage", "qms_pages.QMSMasterListPage"]

    class Meta:
        verbose_name = _("QMS home page")

    @cached_property
    def process_groups(self):
        """The live process groups in tree order."""
        return ProcessGroupPage.objects.child_of(self).live().public().order_by("path")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["document_types"] = self.document_types()
        context["master_list"] = (
            QMSMasterListPage.objects.child_of(self).live().public().first()
        )
        return context

    def document_types(self):
        """The document type legend in this page's locale."""
        from .snippets import DocumentType

        return DocumentType.objects.filter(locale=self.locale)


class ProcessGroupPage(TranslatedPageMixin, Page):
    """One of the four process groups, holding its controlled documents."""

    number = models.PositiveSmallIntegerField(
        _("group number"), help_text=_("The first part of every cipher, e.g. 1.")
    )
    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("number"), FieldPanel("intro")]
    override_translatable_fields = [SynchronizedField("number", overridable=False)]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    api_fields = [APIField("number"), APIField("intro"), APIField("translations")]
    parent_page_types = ["qms_pages.QMSHomePage"]
    subpage_types = ["qms_pages.QMSDocumentPage"]

    class Meta:
        verbose_name = _("process group")
        verbose_name_plural = _("process groups")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        documents = self.documents()
        context["show_obsolete"] = "obsolete" in request.GET
        context["obsolete_count"] = documents.filter(status="obsolete").count()
        if not context["show_obsolete"]:
            documents = documents.not_obsolete()
        context["documents"] = documents
        return context

    def documents(self):
        """The group's live public documents, obsolete ones too, with what the table shows."""
        return (
            QMSDocumentPage.objects.child_of(self)
            .live()
            .public()
            .for_listing()
            .order_by("path")
        )


class QMSDocumentTag(TaggedItemBase):
    """A tag on a controlled document."""

    content_object = ParentalKey(
        "qms_pages.QMSDocumentPage",
        on_delete=models.CASCADE,
        related_name="tagged_items",
    )


class QMSDocumentPage(TranslatedPageMixin, Page):
    """A controlled document of the QMS: metadata and its PDF files."""

    class Status(models.TextChoices):
        IN_FORCE = "in_force", _("In force")
        DRAFT = "draft", _("Draft")
        OBSOLETE = "obsolete", _("Obsolete")

    number = models.PositiveSmallIntegerField(
        _("number in group"), help_text=_("The row number in the group's table.")
    )
    document_type = models.ForeignKey(
        "qms_pages.DocumentType",
        verbose_name=_("document type"),
        on_delete=models.PROTECT,
        related_name="documents",
    )
    cipher = models.CharField(
        _("cipher"), max_length=64, help_text=_("Exactly as printed, e.g. УСТ 1.08.")
    )
    cipher_key = models.CharField(max_length=64, editable=False, db_index=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.IN_FORCE
    )
    revision = models.CharField(_("revision"), max_length=32, blank=True)
    approved_on = models.DateField(_("approval date"), null=True, blank=True)
    approving_act = models.CharField(
        _("approving act"),
        max_length=255,
        blank=True,
        help_text=_("e.g. the rector's order number."),
    )
    effective_on = models.DateField(_("effective date"), null=True, blank=True)
    next_review_on = models.DateField(_("next review date"), null=True, blank=True)
    obsolete_on = models.DateField(_("obsolete since"), null=True, blank=True)
    responsible_unit = models.CharField(
        _("responsible unit"), max_length=255, blank=True
    )
    summary = models.TextField(_("summary"), blank=True)
    revision_changes = models.TextField(
        _("what changed in this revision"),
        blank=True,
        help_text=_(
            "Copied into the revision history when this revision is published."
        ),
    )
    tags = ClusterTaggableManager(
        through=QMSDocumentTag, blank=True, verbose_name=_("tags")
    )

    objects = QMSDocumentPageManager()

    base_form_class = QMSDocumentPageForm
    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("number"), FieldPanel("cipher")]),
        FieldPanel("document_type"),
        FieldPanel("summary"),
        InlinePanel("attachments", heading=_("PDF files"), label=_("PDF file")),
        ExtractionStatusPanel(heading=_("Text of the PDF files")),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("status"), FieldPanel("revision")]),
                FieldRowPanel([FieldPanel("approved_on"), FieldPanel("approving_act")]),
                FieldRowPanel(
                    [FieldPanel("effective_on"), FieldPanel("next_review_on")]
                ),
                FieldPanel("revision_changes"),
                FieldPanel("obsolete_on"),
                FieldPanel("responsible_unit"),
            ],
            heading=_("Document control"),
        ),
        RevisionHistoryPanel(heading=_("Revision history")),
        FieldPanel("tags"),
        InlinePanel(
            "related", heading=_("Related documents"), label=_("related document")
        ),
    ]
    override_translatable_fields = [
        SynchronizedField("number", overridable=False),
        SynchronizedField("cipher", overridable=False),
        SynchronizedField("status", overridable=False),
        SynchronizedField("revision", overridable=False),
        SynchronizedField("approved_on", overridable=False),
        SynchronizedField("effective_on", overridable=False),
        SynchronizedField("next_review_on", overridable=False),
        SynchronizedField("obsolete_on", overridable=False),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("cipher", boost=3),
        index.AutocompleteField("cipher"),
        index.SearchField("summary"),
        index.FilterField("status"),
        index.FilterField("document_type"),
    ]
    api_fields = [
        APIField("number"),
        APIField("cipher"),
        APIField("document_type", serializer=DocumentTypeSerializer()),
        APIField("process_group", serializer=ProcessGroupSerializer()),
        APIField("status"),
        APIField("revision"),
        APIField("approved_on"),
        APIField("approving_act"),
        APIField("effective_on"),
        APIField("next_review_on"),
        APIField("obsolete_on"),
        APIField("responsible_unit"),
        APIField("summary"),
        APIField("attachments", serializer=AttachmentsSerializer()),
        APIField("revision_history", serializer=RevisionsSerializer()),
        APIField("tag_names"),
        APIField("related_documents"),
        APIField("translations"),
    ]
    parent_page_types = ["qms_pages.ProcessGroupPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("QMS document")
        verbose_name_plural = _("QMS documents")

    def clean(self):
        super().clean()
        self.cipher = " ".join(self.cipher.split())
        self.cipher_key = normalize_cipher(self.cipher)
        if not self.cipher_key:
            raise ValidationError({"cipher": _("Enter the document's cipher.")})
        duplicate = self.same_registry_documents().filter(cipher_key=self.cipher_key)
        if duplicate.exists():
            raise ValidationError(
                {
                    "cipher": _("The cipher %(cipher)s is already used by «%(title)s».")
                    % {"cipher": self.cipher, "title": duplicate.first().title}
                }
            )

    def save(self, *args, **kwargs):
        self.cipher_key = normalize_cipher(self.cipher)
        super().save(*args, **kwargs)

    def same_registry_documents(self):
        """Other documents of the same registry and locale as this one."""
        parent = self.get_parent() if self.pk else None
        home = None
        if parent is not None:
            home = parent.get_parent()
        documents = QMSDocumentPage.objects.filter(locale_id=self.locale_id)
        if home is not None:
            documents = documents.descendant_of(home)
        if self.pk:
            documents = documents.exclude(pk=self.pk)
        return documents

    @cached_property
    def process_group(self):
        """The process group this document belongs to."""
        parent = self.get_parent()
        return parent.specific if parent else None

    @property
    def related_documents(self):
        """Live public documents linked from this one, as API-friendly dicts."""
        return [
            {
                "id": link.target_id,
                "title": link.target.title,
                "cipher": link.target.cipher,
            }
            for link in self.related.select_related("target")
            if link.target.live
        ]

    @property
    def tag_names(self):
        """The document's tags as plain names."""
        return sorted(tag.name for tag in self.tags.all())

    @cached_property
    def reader_files(self):
        """The files for this page's readers, and whether they are the original's fallback."""
        # all() rather than select_related(): listings prefetch attachments__document.
        attachments = list(self.attachments.all())
        language = self.locale.language_code
        own = [item for item in attachments if item.language == language]
        if own:
            return own, False
        originals = [
            item
            for item in attachments
            if item.language in ("", settings.LANGUAGE_CODE)
        ]
        return originals, bool(originals) and language != settings.LANGUAGE_CODE

    @property
    def primary_attachment(self):
        """The first file a reader of this page gets, the one a download button gives."""
        files, _fallback = self.reader_files
        return files[0] if files else None

    @property
    def is_obsolete(self):
        return self.status == self.Status.OBSOLETE

    @property
    def issued_revisions(self):
        """The revision register, newest first; translations share their source's."""
        return (
            QMSDocumentRevision.objects.filter(
                page__translation_key=self.translation_key
            )
            .select_related("document")
            .order_by("-issued_at", "-pk")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        files, context["files_are_fallback"] = self.reader_files
        # A file in a restricted collection is not even named to those it is closed to.
        context["attachments"] = [
            item for item in files if may_open(item.document, request)
        ]
        context["revisions"] = self.issued_revisions
        context["related_pages"] = [
            link.target
            for link in self.related.select_related("target")
            if link.target.live and link.target.get_view_restrictions().count() == 0
        ]
        return context


class QMSDocumentAttachment(Orderable):
    """A PDF file attached to a document; the first one is the main file."""

    page = ParentalKey(
        QMSDocumentPage, on_delete=models.CASCADE, related_name="attachments"
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("PDF file"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    label = models.CharField(
        _("label"), max_length=255, blank=True, help_text=_("e.g. Appendix 1.")
    )
    language = models.CharField(
        _("language edition"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_(
            "Leave empty for the original. A file marked as another language is "
            "shown to readers of that language instead of the original."
        ),
    )

    panels = [FieldPanel("document"), FieldPanel("label"), FieldPanel("language")]

    class Meta(Orderable.Meta):
        verbose_name = _("PDF file")
        verbose_name_plural = _("PDF files")


class QMSDocumentRevision(models.Model):
    """One issued revision of a document, with the file that was issued.

    A plain foreign key, not a ParentalKey: the register lives outside page revisions,
    so publishing an older draft of the page can never drop a row from it.
    """

    page = models.ForeignKey(
        QMSDocumentPage, on_delete=models.CASCADE, related_name="revision_history"
    )
    label = models.CharField(_("revision"), max_length=32)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("PDF file"),
        null=True,
        blank=True,
        # An issued file stays as long as its register row does.
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_on = models.DateField(_("approval date"), null=True, blank=True)
    approving_act = models.CharField(_("approving act"), max_length=255, blank=True)
    effective_on = models.DateField(_("effective date"), null=True, blank=True)
    approved_by = models.CharField(_("approved by"), max_length=255, blank=True)
    changes = models.TextField(_("what changed"), blank=True)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["issued_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "label"], name="unique_revision_label_per_page"
            )
        ]

    def __str__(self):
        return f"{self.page.cipher} · {self.label}"


class QMSRelatedDocument(Orderable):
    """A link from one controlled document to another."""

    page = ParentalKey(
        QMSDocumentPage, on_delete=models.CASCADE, related_name="related"
    )
    target = models.ForeignKey(
        QMSDocumentPage,
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [PageChooserPanel("target", "qms_pages.QMSDocumentPage")]


class QMSMasterListPage(TranslatedPageMixin, Page):
    """The master list of all documents, with filters by group, type and status."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro"), APIField("translations")]
    parent_page_types = ["qms_pages.QMSHomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("master list")

    def get_context(self, request, *args, **kwargs):
        from ..filters import MasterListFilter

        context = super().get_context(request, *args, **kwargs)
        home = self.get_parent()
        documents = (
            QMSDocumentPage.objects.descendant_of(home).live().public().for_listing()
        )
        master_filter = MasterListFilter(
            request.GET, home=home.specific, locale=self.locale
        )
        context["filter"] = master_filter
        context["documents"] = master_filter.apply(documents).order_by("path")
        return context
