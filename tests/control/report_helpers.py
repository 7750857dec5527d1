"""Users and document changes the QMS office's report tests share."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from wagtail.users.models import UserProfile

from qms_control.roles import QMS_OFFICE, process_owners_group
from qms_pages.models import QMSDocumentPage


def days_from_today(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def source_document(cipher):
    return QMSDocumentPage.objects.get(cipher=cipher, locale__language_code="ky")


def set_review(cipher, days):
    """Give a document (and its translations) a review date `days` from today."""
    QMSDocumentPage.objects.filter(cipher=cipher).update(
        next_review_on=days_from_today(days)
    )


def admin_user(username, *, groups=(), email="", language=""):
    """An active user who may log in to the admin, in the given groups."""
    user = get_user_model().objects.create_user(
        username, email=email, password="x", first_name=username.title()
    )
    user.user_permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    for group in groups:
        user.groups.add(group)
    if language:
        UserProfile.objects.create(user=user, preferred_language=language)
    return user


def office_user():
    return admin_user(
        "office", groups=[Group.objects.get_or_create(name=QMS_OFFICE)[0]]
    )


def owner(username, group_number, **kwargs):
    return admin_user(username, groups=[process_owners_group(group_number)], **kwargs)
