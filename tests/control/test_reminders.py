"""Review reminders by e-mail: one per owner, in the owner's language."""

import io

import pytest
from django.core import mail
from django.core.management import call_command

from .report_helpers import owner, set_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def due():
    """УСТ 3.07 (group 3) is 10 days late, УСТ 1.08 (group 1) due in 20 days."""
    set_review("УСТ 3.07", -10)
    set_review("УСТ 1.08", 20)


def remind(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("qms_review_reminders", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_each_owner_gets_one_mail_with_their_documents_in_kyrgyz(due):
    owner("asel", 3, email="asel@example.kg")
    owner("bakyt", 1, email="bakyt@example.kg")
    out, _err = remind("--language", "ky")
    mails = {message.to[0]: message for message in mail.outbox}
    assert sorted(mails) == ["asel@example.kg", "bakyt@example.kg"]
    asel = mails["asel@example.kg"]
    assert asel.subject == "Кайра кароо мөөнөтү келген документтер: 1"
    assert "УСТ 3.07 — Документтерди башкаруу" in asel.body
    assert "10 күнгө кечиккен" in asel.body
    assert "УСТ 1.08" not in asel.body
    assert "УСТ 1.08 — Ички аудит" in mails["bakyt@example.kg"].body
    assert out.startswith("2 кат жөнөтүлдү.")


def test_an_owner_who_prefers_russian_gets_the_mail_in_russian(due):
    owner("olga", 3, email="olga@example.kg", language="ru")
    remind()
    (message,) = mail.outbox
    assert message.subject == "Документы, подлежащие пересмотру: 1"
    assert "УСТ 3.07 — Управление документацией" in message.body
    assert "просрочено на 10 дн." in message.body
    assert "/admin/pages/" in message.body


def test_a_dry_run_prints_the_mails_and_sends_none(due):
    owner("asel", 3, email="asel@example.kg")
    out, _err = remind("--dry-run", "--language", "ru")
    assert mail.outbox == []
    assert "To: asel@example.kg" in out
    assert "Subject: Кайра кароо мөөнөтү келген документтер: 1" in out
    assert "Пробный запуск: было бы отправлено писем: 1; ни одно не отправлено." in out


def test_owners_without_an_address_and_documents_without_owners_are_reported(due):
    owner("nurlan", 3)
    out, err = remind("--language", "ru")
    assert mail.outbox == []
    assert "У пользователя nurlan нет адреса e-mail" in err
    assert "Документ УСТ 1.08 подлежит пересмотру, но у него нет владельца." in err
    assert "Отправлено писем: 0." in out
    assert "владельцев без e-mail: 1" in out


def test_days_widens_the_window(due):
    set_review("ЖЖ 1.09", 45)
    owner("bakyt", 1, email="bakyt@example.kg")
    remind()
    assert "ЖЖ 1.09" not in mail.outbox[0].body
    mail.outbox.clear()
    remind("--days", "60")
    assert mail.outbox[0].subject.endswith(": 2")
    assert "ЖЖ 1.09" in mail.outbox[0].body
