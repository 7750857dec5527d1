"""Benchmarks; each script is run with `python -m bench.<name>` from the project root."""

import os
import shutil
from pathlib import Path

# The mixes of word frequencies the speed benchmarks query, from one to three words.
QUERY_SHAPES = (
    ("common",),
    ("middling",),
    ("rare",),
    ("common", "common"),
    ("common", "middling"),
    ("middling", "rare"),
    ("common", "common", "common"),
    ("common", "middling", "middling"),
    ("common", "common", "rare"),
)


def use_scratch_site(folder):
    """Point Django at a throw-away database, media folder and index in folder, then set up."""
    # Set before Django reads its settings, so that no benchmark ever touches the
    # developer's db.sqlite3, media/ or search index.
    folder = Path(folder)
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'db.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(folder / "media")
    os.environ["QMS_SEARCH_INDEX_PATH"] = str(folder / "index.sqlite3")
    # WhiteNoise warns, with DEBUG off, when the folder it serves does not exist.
    (folder / "static").mkdir(parents=True, exist_ok=True)
    os.environ["STATIC_ROOT"] = str(folder / "static")
    os.environ["DJANGO_SETTINGS_MODULE"] = "qms_site.settings.dev"
    os.environ.pop("ELASTICSEARCH_URL", None)
    # As in production: with DEBUG on, Django also records every SQL statement it runs.
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("LOG_LEVEL", "WARNING")

    import django

    django.setup()


def leave_scratch_site(folder, keep):
    """Delete the scratch folder, or say where it is when asked to keep it."""
    if keep:
        print(f"Scratch site kept in {folder}")
    else:
        shutil.rmtree(folder)
