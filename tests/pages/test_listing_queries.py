"""Registry tables cost a fixed number of queries, however many rows they show."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qms_pages.models import QMSMasterListPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def master_list(home):
    return QMSMasterListPage.objects.child_of(home).get()


def rows_and_queries(client, url, params=None):
    """The number of table rows the page shows, and of queries it took."""
    client.get(url, params)  # the first request also fills Wagtail's site cache
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url, params).content.decode()
    return html.count('<tr class="status-'), len(queries)


def test_the_master_list_takes_no_more_queries_for_74_rows_than_for_13(
    client, master_list, groups
):
    # Under load each query is a round trip to PostgreSQL: a query per row made the
    # master list the slowest page (261 queries for 74 documents).
    all_rows, all_queries = rows_and_queries(client, master_list.url)
    few_rows, few_queries = rows_and_queries(
        client, master_list.url, {"group": groups[4].pk}
    )
    assert (all_rows, few_rows) == (74, 13)
    assert all_queries <= few_queries


def test_the_master_list_numbers_each_document_within_its_group(client, master_list):
    html = client.get(master_list.url).content.decode()
    numbers = re.findall(r'<tr class="status-\w+">\s*<td>([\d.]+)</td>', html)
    assert numbers[:2] == ["1.1", "1.2"]
    assert numbers[-1] == "4.13"
    assert len(numbers) == 74
