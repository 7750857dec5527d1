"""Keeps translations as private and as current as their source page."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished
from wagtail_localize.models import Translation

from .models import QMSDocumentPage
from .revisions import record_issued_revision
from .translation_loader import sync_translations


def copy_to_translations(restriction):
    """Give every language version of the page the same restriction."""
    for translation in restriction.page.get_translations():
        copy = PageViewRestriction.objects.filter(page=translation).first()
        copy = copy or PageViewRestriction(page=translation)
        copy.restriction_type = restriction.restriction_type
        copy.password = restriction.password
        # raw=True: the copy must not start copying back.
        copy.save_base(raw=True)
        copy.groups.set(restriction.groups.all())


@receiver(post_save, sender=PageViewRestriction)
def restrict_translations(sender, instance, raw=False, **kwargs):
    """A restriction on a page applies to every language version of it at once."""
    if not raw:
        copy_to_translations(instance)


@receiver(m2m_changed, sender=PageViewRestriction.groups.through)
def restrict_translations_to_groups(sender, instance, action, **kwargs):
    """The groups of a group restriction are saved after it; copy them too."""
    # set() on a copy that already has these groups changes nothing and sends no signal,
    # so copying back and forth stops after one round.
    if action in {"post_add", "post_remove", "post_clear"}:
        copy_to_translations(instance)


@receiver(post_delete, sender=PageViewRestriction)
def unrestrict_translations(sender, instance, **kwargs):
    """Lifting a restriction lifts it from the other language versions too."""
    PageViewRestriction.objects.filter(
        page__in=instance.page.get_translations()
    ).delete()


@receiver(page_published, sender=QMSDocumentPage)
def issue_revision(sender, instance, revision=None, **kwargs):
    """A published document enters its revision in the register; translations follow.

    Status, revision, dates and files are synchronised fields, so a document made
    obsolete or given a new file is so in every language at once.
    """
    record_issued_revision(instance, revision)
    translated = Translation.objects.filter(
        source__object_id=instance.translation_key,
        source__locale_id=instance.locale_id,
        enabled=True,
    )
    if translated.exists():
        sync_translations(instance)


@receiver(page_unpublished, sender=QMSDocumentPage)
def withdraw_translations(sender, instance, **kwargs):
    """A document withdrawn in one language is withdrawn in all of them."""
    for translation in instance.get_translations().live():
        translation.specific.unpublish()
