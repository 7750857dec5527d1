"""Loads a translation of the registry through wagtail-localize's translation memory."""

from collections import Counter

from wagtail.models import Locale
from wagtail_localize.models import (
    LocaleSynchronization,
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)
from wagtail_localize.strings import StringValue

from .models import (
    DocumentType,
    ProcessGroupPage,
    QMSDocumentPage,
    QMSMasterListPage,
)


class TranslationLoader:
    """Writes translated strings for each source object and saves its translation."""

    def __init__(self, data, source_locale, language_code):
        self.data = data
        self.source_locale = source_locale
        self.locale, _ = Locale.objects.get_or_create(language_code=language_code)
        self.stats = Counter()

    def load(self, home):
        """Translate the legend, then the page tree from the top down."""
        # New source pages get an alias in this locale until they are translated.
        LocaleSynchronization.objects.get_or_create(
            locale=self.locale, defaults={"sync_from": self.source_locale}
        )
        for document_type in DocumentType.objects.filter(locale=self.source_locale):
            names = self.data["document_types"].get(document_type.code_ky)
            if names:
                self.translate("document types", document_type, {"name": names["name"]})
        self.translate("home page", home, self.home_texts(home))
        for group in ProcessGroupPage.objects.child_of(home):
            names = self.data["groups"].get(str(group.number))
            if names:
                self.translate("process groups", group, {"title": names["name"]})
        master_list = QMSMasterListPage.objects.child_of(home).first()
        title = self.data["system"].get("master_list_title")
        if master_list is not None and title:
            self.translate("master list", master_list, {"title": title})
        for document in QMSDocumentPage.objects.descendant_of(home).filter(
            locale=self.source_locale
        ):
            title = self.data["documents"].get(document.cipher)
            if title:
                self.translate("documents", document, {"title": title})
        return self.stats

    def home_texts(self, home):
        """Translated texts of the home page by segment path."""
        system = self.data["system"]
        university = self.data["university"]
        texts = {
            "title": system["title"],
            "university_name": university["name"],
            "university_abbreviation": university.get("abbreviation", ""),
            "adoption": system.get("adoption", ""),
            "objectives_intro": system.get("objectives_intro", ""),
            "iso_statement": system.get("iso_statement", ""),
        }
        for field in ("strategic_objectives", "tactical_objectives"):
            for block, text in zip(
                getattr(home, field), system.get(field, []), strict=False
            ):
                texts[f"{field}.{block.id}"] = text
        return texts

    def translate(self, kind, instance, texts):
        """Store the translated strings and save the translated object if anything changed."""
        source, created = TranslationSource.update_or_create_from_instance(instance)
        translation, new_translation = Translation.objects.get_or_create(
            source=source, target_locale=self.locale, defaults={"enabled": True}
        )
        changed = created or new_translation or self.is_missing(instance)
        segments = StringSegment.objects.filter(source=source).select_related(
            "string", "context"
        )
        for segment in segments:
            text = texts.get(segment.context.path)
            if not text:
                continue
            data = StringValue.from_plaintext(text).data
            existing = StringTranslation.objects.filter(
                translation_of=segment.string,
                locale=self.locale,
                context=segment.context,
            ).first()
            if existing is None or existing.data != data:
                StringTranslation.objects.update_or_create(
                    translation_of=segment.string,
                    locale=self.locale,
                    context=segment.context,
                    defaults={"data": data, "translation_type": "manual"},
                )
                changed = True
        if changed:
            translation.save_target(publish=True)
        outcome = "translated" if changed else "unchanged"
        self.stats[f"{kind} {outcome} ({self.locale.language_code})"] += 1

    def is_missing(self, instance):
        """True when the object has no real (non-alias) translation in this locale."""
        translated = instance.get_translation_or_none(self.locale)
        return (
            translated is None or getattr(translated, "alias_of_id", None) is not None
        )


def sync_translations(instance):
    """Bring the translations of a changed source object up to date (files, dates, status)."""
    source, _created = TranslationSource.update_or_create_from_instance(instance)
    for translation in Translation.objects.filter(source=source, enabled=True):
        translation.save_target(publish=True)
