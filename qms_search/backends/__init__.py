"""The search backend chosen by settings: Elasticsearch when ELASTICSEARCH_URL is set."""

from functools import lru_cache

from django.conf import settings
from django.utils.module_loading import import_string

EMBEDDED = "qms_search.backends.embedded.EmbeddedBackend"
ELASTICSEARCH = "qms_search.backends.elasticsearch.ElasticsearchBackend"


@lru_cache(maxsize=1)
def get_backend():
    """The configured backend, built once per process; the heavy client loads only if used."""
    if settings.QMS_ELASTICSEARCH_URL:
        backend_class = import_string(ELASTICSEARCH)
        return backend_class(
            settings.QMS_ELASTICSEARCH_URL,
            index_prefix=settings.QMS_ELASTICSEARCH_INDEX,
        )
    return import_string(EMBEDDED)(settings.QMS_SEARCH_INDEX_PATH)
