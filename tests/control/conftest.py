"""People in the QMS roles, and admin requests made the way the editor's browser makes them."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Collection
from wagtail.test.utils.form_data import querydict_from_html

from qms_control.roles import APPROVERS, QMS_OFFICE, process_owners_group_name
from qms_pages.models import QMSDocumentAttachment
from tests.factories import PDFDocumentFactory
from tests.pdfs import make_pdf


def person(username, group_name, first_name, last_name):
    """An active user in one QMS role."""
    user = get_user_model().objects.create_user(
        username=username, password="x", first_name=first_name, last_name=last_name
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def owner(db):
    """A process owner of group 1."""
    return person("owner1", process_owners_group_name(1), "Айгүл", "Токтосунова")


@pytest.fixture
def officer(db):
    return person("office", QMS_OFFICE, "Нурлан", "Асанов")


@pytest.fixture
def approver(db):
    return person("approver", APPROVERS, "Бакыт", "Жумабаев")


@pytest.fixture
def owner_client(owner):
    return client_for(owner)


@pytest.fixture
def officer_client(officer):
    return client_for(officer)


@pytest.fixture
def approver_client(approver):
    return client_for(approver)


@pytest.fixture
def issued(document):
    """УСТ 1.08 published as revision 1 with its PDF."""
    pdf = PDFDocumentFactory(
        title="УСТ 1.08 ред. 1", file__data=make_pdf(["Ички аудит 1"])
    )
    QMSDocumentAttachment(page=document, document=pdf).save()
    document.revision = "1"
    document.approving_act = "№ 12"
    document.save_revision().publish()
    return pdf


def upload_pdf(client, title, text):
    """Upload a generated PDF through the documents admin; the new Wagtail document."""
    response = client.post(
        reverse("wagtaildocs:add"),
        {
            "title": title,
            "file": SimpleUploadedFile(f"{title}.pdf", make_pdf([text])),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return get_document_model().objects.get(title=title)


def edit_form(client, page):
    """The page's edit form as the admin renders it, ready to change and post."""
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    return querydict_from_html(response.content.decode(), form_id="page-edit-form")


def post_edit(client, page, data, action):
    """Post the edit form with one of the editor's buttons (action-submit, …)."""
    data = data.copy()
    data[action] = "1"
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
