"""Reading and validating the registry's data files."""

import datetime
import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

DATA_DIR = Path(__file__).resolve().parent / "data"


class RegistryDataError(Exception):
    """The data file is malformed; the message says where."""


@dataclass(frozen=True)
class DocumentRow:
    """One row of a process group's table."""

    group: int
    number: int
    title: str
    type_code: str
    cipher: str


def data_path(language_code):
    """Where the registry's data file for a language lives."""
    directory = Path(settings.QMS_REGISTRY_DATA or DATA_DIR)
    return directory / f"registry.{language_code}.json"


def read_json(path):
    """The parsed JSON file, or a RegistryDataError naming the file and line."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise RegistryDataError(f"{path}: file not found") from error
    except UnicodeDecodeError as error:
        raise RegistryDataError(f"{path}: not UTF-8 text ({error.reason})") from error
    except json.JSONDecodeError as error:
        raise RegistryDataError(
            f"{path}: invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}"
        ) from error


def require(mapping, key, kind, where):
    """mapping[key] when it is of `kind` and not empty, else a clear error."""
    if not isinstance(mapping, dict) or key not in mapping:
        raise RegistryDataError(f"{where}: '{key}' is missing")
    value = mapping[key]
    if not isinstance(value, kind) or (isinstance(value, str | list) and not value):
        raise RegistryDataError(f"{where}.{key}: expected a non-empty {kind.__name__}")
    if isinstance(value, str):
        value = value.strip()
    return value


def parse_date(value, where):
    """An ISO date, or a RegistryDataError."""
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError) as error:
        raise RegistryDataError(f"{where}: expected a date like 2017-04-05") from error


def document_rows(data, where):
    """The registry's rows, checked for shape, numbering and unique ciphers."""
    rows, ciphers = [], set()
    for index, group in enumerate(require(data, "groups", list, where)):
        group_where = f"{where}.groups[{index}]"
        number = require(group, "number", int, group_where)
        require(group, "name", str, group_where)
        documents = require(group, "documents", list, group_where)
        for row_index, row in enumerate(documents):
            row_where = f"{group_where}.documents[{row_index}]"
            cipher = " ".join(require(row, "cipher", str, row_where).split())
            if cipher in ciphers:
                raise RegistryDataError(f"{row_where}: cipher {cipher} appears twice")
            ciphers.add(cipher)
            rows.append(
                DocumentRow(
                    group=number,
                    number=require(row, "number", int, row_where),
                    title=" ".join(require(row, "title", str, row_where).split()),
                    type_code=require(row, "type", str, row_where),
                    cipher=cipher,
                )
            )
    return rows


def load_source(path=None):
    """The source (Kyrgyz) registry, validated."""
    path = path or data_path("ky")
    data = read_json(path)
    where = str(path)
    require(data, "university", dict, where)
    require(data["university"], "name", str, f"{where}.university")
    system = require(data, "system", dict, where)
    require(system, "title", str, f"{where}.system")
    details = require(system, "adoption_details", dict, f"{where}.system")
    for key in ("council_date", "order_date"):
        parse_date(details.get(key), f"{where}.system.adoption_details.{key}")
    codes = set()
    for index, kind in enumerate(require(data, "document_types", list, where)):
        codes.add(require(kind, "code", str, f"{where}.document_types[{index}]"))
        require(kind, "name", str, f"{where}.document_types[{index}]")
    data["rows"] = document_rows(data, where)
    return data


def load_translation(language_code, source, path=None):
    """A translation file checked against the source: every text present."""
    path = path or data_path(language_code)
    data = read_json(path)
    where = str(path)
    titles = require(data, "documents", dict, where)
    missing = [row.cipher for row in source["rows"] if not titles.get(row.cipher)]
    if missing:
        raise RegistryDataError(
            f"{where}: no title for {len(missing)} document(s): {', '.join(missing[:5])}"
        )
    groups = require(data, "groups", dict, where)
    for group in source["groups"]:
        require(groups, str(group["number"]), dict, f"{where}.groups")
    types = require(data, "document_types", dict, where)
    for kind in source["document_types"]:
        require(types, kind["code"], dict, f"{where}.document_types")
    require(data, "system", dict, where)
    require(data, "university", dict, where)
    return data
