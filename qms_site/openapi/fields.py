"""Schemas of the page types, read from each model's api_fields."""

import inspect

from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import models
from django.utils.text import capfirst
from wagtail.fields import RichTextField, StreamField
from wagtail.models import get_page_models

from qms_pages.models.serializers import (
    AttachmentsSerializer,
    DocumentTypeSerializer,
    ProcessGroupSerializer,
    RevisionsSerializer,
)

from .components import array, ref

# What each of our custom API serializers returns.
SERIALIZER_SCHEMAS = {
    DocumentTypeSerializer: ref("DocumentType"),
    ProcessGroupSerializer: ref("ProcessGroupRef"),
    AttachmentsSerializer: array(ref("Attachment")),
    RevisionsSerializer: array(ref("Revision")),
}

# api_fields that are Python properties, not model fields; described by their docstrings.
PROPERTY_SCHEMAS = {
    "translations": array(ref("Translation")),
    "tag_names": array({"type": "string"}),
    "related_documents": array(ref("RelatedDocument")),
}


def api_page_models():
    """The registry's page types that expose fields through the API, in a fixed order."""
    return sorted(
        (
            model
            for model in get_page_models()
            if model._meta.app_label == "qms_pages" and "api_fields" in vars(model)
        ),
        key=lambda model: model.__name__,
    )


def nullable(schema):
    """The same schema, allowing null too."""
    return {**schema, "type": [schema["type"], "null"]}


def model_field_schema(field):
    """The JSON Wagtail's API gives for a concrete model field."""
    if isinstance(field, StreamField):
        schema = array(ref("StreamBlock"))
    elif isinstance(field, RichTextField):
        # Database HTML unless ?rich_text_format= asks for html or markdown.
        schema = {"type": "string", "format": "rich-text"}
    # Before DateField, of which it is a subclass.
    elif isinstance(field, models.DateTimeField):
        schema = {"type": "string", "format": "date-time"}
    elif isinstance(field, models.DateField):
        schema = {"type": "string", "format": "date"}
    elif isinstance(field, models.IntegerField):
        schema = {"type": "integer"}
    elif isinstance(field, models.CharField | models.TextField):
        schema = {"type": "string"}
    else:
        return None
    if field.choices:
        schema["enum"] = [value for value, _label in field.choices]
    return nullable(schema) if field.null else schema


def describe(model, name):
    """A field's label and help text, or a property's docstring."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return inspect.getdoc(getattr(model, name)) or ""
    if field.auto_created:
        return str(capfirst(field.related_model._meta.verbose_name_plural))
    text = str(capfirst(field.verbose_name))
    if field.help_text:
        text = f"{text} — {field.help_text}"
    if field.choices:
        choices = "; ".join(f"{value}: {label}" for value, label in field.choices)
        text = f"{text} ({choices})"
    return text


def field_schema(model, api_field):
    """The schema of one APIField; a field we cannot describe stops the build."""
    name = api_field.name
    schema = None
    if api_field.serializer is not None:
        schema = SERIALIZER_SCHEMAS.get(type(api_field.serializer))
    elif name in PROPERTY_SCHEMAS:
        schema = PROPERTY_SCHEMAS[name]
    else:
        try:
            schema = model_field_schema(model._meta.get_field(name))
        except FieldDoesNotExist:
            schema = None
    if schema is None:
        raise ImproperlyConfigured(
            f"No OpenAPI schema for {model.__name__}.{name}: describe it in "
            "qms_site/openapi/fields.py."
        )
    return {**schema, "description": describe(model, name)}


def page_schema(model):
    """A page type's detail body: Wagtail's page fields, then the model's api_fields."""
    properties = {field.name: field_schema(model, field) for field in model.api_fields}
    return {
        "description": f"{inspect.getdoc(model)} (meta.type {model._meta.label})",
        "allOf": [
            ref("PageBase"),
            {"type": "object", "properties": properties, "required": list(properties)},
        ],
    }


def page_schemas():
    """Detail schemas of every API page type, by model name."""
    base = {
        "type": "object",
        "description": "What every page's detail has; each page type adds its fields.",
        "properties": {
            "id": {"type": "integer"},
            "meta": ref("PageMeta"),
            "title": {"type": "string"},
        },
        "required": ["id", "meta", "title"],
    }
    return {
        "PageBase": base,
        **{model.__name__: page_schema(model) for model in api_page_models()},
    }
