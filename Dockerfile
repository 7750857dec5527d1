# The qms-registry web image: gunicorn serving the site, whitenoise serving static files.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=qms_site.settings.production \
    MEDIA_ROOT=/data/media \
    STATIC_ROOT=/app/static \
    QMS_SEARCH_INDEX_PATH=/data/search/index.sqlite3

# gettext compiles the catalogues; tesseract is for the optional OCR of scanned PDFs.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext tesseract-ocr tesseract-ocr-kir tesseract-ocr-rus \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 1000 qms
WORKDIR /app
COPY pyproject.toml README.md ./
COPY qms_pages qms_pages
COPY qms_search qms_search
COPY qms_site qms_site
COPY templates templates
COPY locale locale
COPY manage.py docker/entrypoint.sh docker/wait_for_services.py ./
RUN pip install . \
    && python manage.py compilemessages -v 0 \
    && mkdir -p /data/media /data/search /app/static \
    && chown -R qms:qms /data /app/static

USER qms
EXPOSE 8000
ENTRYPOINT ["/app/entrypoint.sh"]
CMD ["gunicorn", "qms_site.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "120", "--access-logfile", "-"]
