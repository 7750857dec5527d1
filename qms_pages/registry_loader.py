"""Loads the registry's data files into the page tree, idempotently."""

from collections import Counter

from anyascii import anyascii
from django.db import transaction
from django.utils.text import slugify
from wagtail.models import Locale, Page, Site

from .models import (
    DocumentType,
    ProcessGroupPage,
    QMSDocumentPage,
    QMSHomePage,
    QMSMasterListPage,
)
from .registry_data import RegistryDataError, load_source, load_translation, parse_date
from .translation_loader import TranslationLoader

HOME_SLUG = "qms"


def ascii_slug(text):
    """A readable Latin slug for Cyrillic text (УСТ 1.08 → ust-1-08)."""
    return slugify(anyascii(text).replace(".", "-").replace(":", "-"))[:80]


def apply_values(instance, values):
    """Set the attributes that differ; True when anything changed."""
    changed = False
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    return changed


class RegistryLoader:
    """Creates or updates the registry so that it matches the data files."""

    def __init__(self, source_path=None, russian_path=None):
        self.source = load_source(source_path)
        self.russian = load_translation("ru", self.source, russian_path)
        self.stats = Counter()

    @transaction.atomic
    def load(self, parent=None):
        """Load everything in one transaction and return the counts."""
        self.locale, _ = Locale.objects.get_or_create(language_code="ky")
        types = self.load_document_types()
        home = self.load_home(parent)
        for group_data in self.source["groups"]:
            group = self.load_group(home, group_data)
            for row in (r for r in self.source["rows"] if r.group == group.number):
                self.load_document(group, row, types)
        self.load_master_list(home)
        self.stats += TranslationLoader(self.russian, self.locale, "ru").load(home)
        return self.stats

    def count(self, kind, created, changed):
        """Tally one object as created, updated or unchanged."""
        outcome = "created" if created else "updated" if changed else "unchanged"
        self.stats[f"{kind} {outcome}"] += 1

    def load_document_types(self):
        """The legend's types, by every abbreviation that names them."""
        russian_types = self.russian["document_types"]
        types = {}
        for position, kind in enumerate(self.source["document_types"], start=1):
            code = kind["code"]
            document_type = DocumentType.objects.filter(
                code_ky=code, locale=self.locale
            ).first()
            created = document_type is None
            if created:
                document_type = DocumentType(code_ky=code, locale=self.locale)
            changed = apply_values(
                document_type,
                {
                    "name": kind["name"],
                    "code_ru": russian_types[code]["code"],
                    "position": position,
                },
            )
            if created or changed:
                document_type.save()
            self.count("document types", created, changed)
            for alias in (code, document_type.code_ru):
                types[alias] = document_type
        return types

    def home_values(self):
        """The home page's fields from the data file."""
        system = self.source["system"]
        details = system["adoption_details"]
        where = "system.adoption_details"
        return {
            "title": system["title"],
            "university_name": self.source["university"]["name"],
            "university_abbreviation": self.source["university"].get(
                "abbreviation", ""
            ),
            "adoption": system.get("adoption", ""),
            "council_date": parse_date(details["council_date"], where),
            "council_protocol": details.get("council_protocol", ""),
            "order_date": parse_date(details["order_date"], where),
            "order_number": details.get("order_number", ""),
            "objectives_intro": system.get("objectives_intro", ""),
            "iso_statement": system.get("iso_statement", ""),
        }

    def load_home(self, parent):
        """The registry's home page, placed as the default site's root if new."""
        home = QMSHomePage.objects.filter(locale=self.locale).first()
        values = self.home_values()
        objectives = {
            name: [("objective", text) for text in self.source["system"].get(name, [])]
            for name in ("strategic_objectives", "tactical_objectives")
        }
        created = home is None
        if created:
            home = QMSHomePage(slug=HOME_SLUG, locale=self.locale, **values)
            for name, blocks in objectives.items():
                setattr(home, name, blocks)
            (parent or self.site_parent()).add_child(instance=home)
            self.make_site_root(home)
            changed = True
        else:
            changed = apply_values(home, values)
            for name, blocks in objectives.items():
                if [block.value for block in getattr(home, name)] != [
                    b[1] for b in blocks
                ]:
                    setattr(home, name, blocks)
                    changed = True
        if changed:
            home.save_revision().publish()
        self.count("home page", created, changed and not created)
        return home

    @staticmethod
    def site_parent():
        """Where a new registry goes: under the tree's root."""
        return Page.get_first_root_node()

    @staticmethod
    def make_site_root(home):
        """Serve the registry at the default site's root, replacing Wagtail's welcome page."""
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname="localhost", port=80, root_page=home, is_default_site=True
            )
            return
        welcome = site.root_page
        site.root_page = home
        site.save()
        if welcome.specific_class is Page and not welcome.get_children().exists():
            welcome.delete()

    def load_group(self, home, data):
        """A process group page under the home page."""
        group = (
            ProcessGroupPage.objects.child_of(home)
            .filter(number=data["number"])
            .first()
        )
        values = {"title": data["name"], "number": data["number"]}
        created = group is None
        if created:
            slug = f"{data['number']}-{ascii_slug(data['name'])}"
            group = home.add_child(instance=ProcessGroupPage(slug=slug, **values))
            changed = True
        else:
            changed = apply_values(group, values)
        if changed:
            group.save_revision().publish()
        self.count("process groups", created, changed and not created)
        return group

    def load_master_list(self, home):
        """The page listing every document, after the groups in the menu."""
        title = self.source["system"].get("master_list_title")
        if not title:
            return
        page = QMSMasterListPage.objects.child_of(home).first()
        created = page is None
        if created:
            page = home.add_child(
                instance=QMSMasterListPage(title=title, slug="master-list")
            )
            changed = True
        else:
            changed = apply_values(page, {"title": title})
        if changed:
            page.save_revision().publish()
        self.count("master list", created, changed and not created)

    def load_document(self, group, row, types):
        """A document page in its group, matched by cipher."""
        document_type = types.get(row.type_code)
        if document_type is None:
            raise RegistryDataError(
                f"{row.cipher}: unknown document type {row.type_code!r}"
            )
        document = (
            QMSDocumentPage.objects.child_of(group).filter(cipher=row.cipher).first()
        )
        values = {
            "title": row.title,
            "number": row.number,
            "cipher": row.cipher,
            "document_type": document_type,
        }
        created = document is None
        if created:
            document = group.add_child(
                instance=QMSDocumentPage(slug=ascii_slug(row.cipher), **values)
            )
            changed = True
        else:
            changed = apply_values(document, values)
        if changed:
            document.save_revision().publish()
        self.count("documents", created, changed and not created)
