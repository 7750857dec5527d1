"""The schema turned into rows for the readable reference page."""

REF_PREFIX = "#/components/"


def ref_name(schema):
    """The component a $ref points to, e.g. "Error"."""
    return schema["$ref"].rsplit("/", 1)[-1]


def resolve(document, item):
    """A parameter or response, looked up when it is a $ref."""
    if "$ref" not in item:
        return item
    section, name = item["$ref"][len(REF_PREFIX) :].split("/")
    return {**document["components"][section][name], **item}


def type_label(schema):
    """A short text for a schema, e.g. "array of Attachment" or "string (date) | null"."""
    if "$ref" in schema:
        return ref_name(schema)
    if "anyOf" in schema:
        return " | ".join(type_label(option) for option in schema["anyOf"])
    if "allOf" in schema:
        return " + ".join(type_label(part) for part in schema["allOf"])
    kinds = schema.get("type", "any")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    label = " | ".join(kinds)
    if "array" in kinds:
        label = label.replace("array", f"array of {type_label(schema['items'])}")
    if "format" in schema:
        label = label.replace(kinds[0], f"{kinds[0]} ({schema['format']})", 1)
    if "enum" in schema:
        label += ": " + ", ".join(str(value) for value in schema["enum"])
    return label


def fields(schema):
    """The rows of an object schema's field table, own fields of allOf parts included."""
    parts = schema.get("allOf", [schema])
    rows = []
    for part in parts:
        required = set(part.get("required", ()))
        for name, field in part.get("properties", {}).items():
            rows.append(
                {
                    "name": name,
                    "type": type_label(field),
                    "refs": [ref_name(item) for item in referenced(field)],
                    "required": name in required,
                    "description": field.get("description", ""),
                }
            )
    return rows


def referenced(schema):
    """The $refs inside a schema, for links."""
    if "$ref" in schema:
        yield schema
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            yield from referenced(schema[key])
    for key in ("anyOf", "allOf"):
        for option in schema.get(key, ()):
            yield from referenced(option)


def endpoints(document):
    """Each operation with its parameters and answers, ready for the template."""
    rows = []
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            parameters = [
                resolve(document, item) for item in operation.get("parameters", ())
            ]
            responses = []
            for status, response in operation["responses"].items():
                response = resolve(document, response)
                schema = (
                    response.get("content", {})
                    .get("application/json", {})
                    .get("schema")
                )
                responses.append(
                    {
                        "status": status,
                        "description": response["description"],
                        "schema": schema and type_label(schema),
                        "refs": [ref_name(item) for item in referenced(schema or {})],
                    }
                )
            rows.append(
                {
                    "id": operation["operationId"],
                    "method": method.upper(),
                    "path": path,
                    "tag": operation["tags"][0],
                    "summary": operation["summary"],
                    "description": operation.get("description", ""),
                    "parameters": [
                        {**item, "type": type_label(item["schema"])}
                        for item in parameters
                    ],
                    "responses": responses,
                }
            )
    return rows


def schema_rows(document):
    """Each component schema with its field table."""
    return [
        {
            "name": name,
            "description": schema.get("description", ""),
            "type": type_label(schema),
            "fields": fields(schema),
        }
        for name, schema in document["components"]["schemas"].items()
    ]
