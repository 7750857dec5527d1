"""The QMS roles as Django groups, and who owns a document."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

QMS_OFFICE = "QMS office"
APPROVERS = "QMS approvers"
PROCESS_OWNERS_PREFIX = "Process owners"


def process_owners_group_name(group_number):
    """The name of the group that owns the documents of process group N."""
    return f"{PROCESS_OWNERS_PREFIX} {group_number}"


def process_owners_group(group_number):
    """The process owners' group of process group N, created when missing."""
    group, _created = Group.objects.get_or_create(
        name=process_owners_group_name(group_number)
    )
    return group


def document_owners(document_page):
    """Active users who own a document: the process owners of its process group."""
    group_page = document_page.get_parent().specific
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            groups__name=process_owners_group_name(group_page.number),
        )
        .distinct()
    )
