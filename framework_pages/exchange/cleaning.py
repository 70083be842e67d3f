"""Rich text that enters from outside: cleaned by Wagtail's rules for its field, or refused.

Every rich text of a page (a ``RichTextField``, a ``RichTextBlock`` at any depth of a
StreamField) is cleaned with the features that field allows in the editor, by Wagtail's own
sanitiser for database HTML (``DbHTMLConverter``, which ``APIRichText.sanitize_db_html``
uses: the editor's ``DbWhitelister`` with the feature registry's rules), and the result must
open in the page editor (its converter, ``from_database_format``, fails on nesting it cannot
represent, such as a paragraph inside bold or a link). The importer (``importing``) cleans
each page through here before it is compared and stored; what the sanitiser would have to
take away (an element the field does not allow: ``<script>``, ``<meta>``, ``<form>``, a
heading where only bold and italic are allowed) or what the editor cannot open is refused,
with its place, so that nothing an editor wrote disappears unseen. Attributes the editor would
not keep (``onclick``, a ``javascript:`` link) are dropped, as the editor drops them, and
unclosed tags are closed.

Two additions to Wagtail's rules, both for what its editor cannot produce:

- CDATA sections, processing instructions and declarations (``<![CDATA[x><script>…``) are
  removed and refused. Wagtail's whitelister passes them through verbatim, and a browser
  reads them as a comment that ends at the first ``>``, so what follows would run.
- The editor's own ``data-block-key`` on paragraphs and list items is kept (Draftail stores
  it, and comments on the text are anchored to it), so that an exported edition imports
  unchanged.
"""

import copy
import re
from dataclasses import dataclass, field
from functools import lru_cache

from bs4.element import Comment, PreformattedString
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from wagtail.admin.rich_text import get_rich_text_editor_widget
from wagtail.admin.rich_text.converters.db_html import DbHTMLConverter, DbHtmlInputWhitelister
from wagtail.blocks import ListBlock, RichTextBlock, StreamBlock, StructBlock
from wagtail.fields import RichTextField, StreamField

BLOCK_KEY = "data-block-key"
BLOCK_KEY_VALUE = re.compile(r"^[A-Za-z0-9_-]{1,32}$")


class _Whitelister(DbHtmlInputWhitelister):
    def clean_string_node(self, doc, node):
        if isinstance(node, PreformattedString) and not isinstance(node, Comment):
            self.removals.append(f"{node.PREFIX}…{node.SUFFIX}".strip())
            node.extract()
            return
        super().clean_string_node(doc, node)

    def clean_tag_node(self, doc, tag):
        key = tag.attrs.get(BLOCK_KEY)
        super().clean_tag_node(doc, tag)
        if (
            isinstance(key, str)
            and BLOCK_KEY_VALUE.match(key)
            and tag.parent is not None
            and tag.name in self.element_rules
        ):
            tag.attrs[BLOCK_KEY] = key


class _Converter(DbHTMLConverter):
    @cached_property
    def whitelister(self):
        return _Whitelister(self.converter_rules)


def _converters(features):
    """(the sanitiser, the page editor's own converter) for a field with these features.
    Made per call: both keep the state of the text they read, so they are not shared."""
    editor = get_rich_text_editor_widget(features=features)
    return _Converter(features), getattr(editor, "converter", None)


@dataclass(frozen=True)
class Cleaned:
    """A rich text as it may be stored; the markup that had to go (tag names); whether the
    page editor can open it (its converter refuses e.g. a paragraph inside bold or a link)."""

    html: str
    removed: tuple = ()
    opens_in_editor: bool = True

    @property
    def refused(self):
        return bool(self.removed) or not self.opens_in_editor


def clean_html(html, features=None):
    """``html`` (database format) with only what a field with these editor features allows."""
    return _clean(html or "", tuple(features) if features is not None else None)


@lru_cache(maxsize=1024)
def _clean(html, features):
    # Remembered: an import compares each stored text with the document's, mostly the same.
    sanitiser, editor = _converters(list(features) if features is not None else None)
    cleaned, removals = sanitiser.clean(html)
    removed = []
    for removal in removals:
        name = removal if isinstance(removal, str) else f"<{removal.tag}>"
        if name not in removed:
            removed.append(name)
    try:
        if editor is not None:
            editor.from_database_format(cleaned)
    except Exception:  # the editor's parser asserts on nesting it cannot represent
        return Cleaned(cleaned, tuple(removed), opens_in_editor=False)
    return Cleaned(cleaned, tuple(removed))


@dataclass
class PageCleaning:
    """What cleaning a page found: (place, ``Cleaned``) of every rich text refused."""

    refused: list = field(default_factory=list)

    def problems(self, where):
        """One Dutch message per refused rich text: where it stands, and what is wrong."""
        return [(f"{where} › {place}", _message(cleaned)) for place, cleaned in self.refused]


def _message(cleaned):
    if cleaned.removed:
        return _(
            "Deze tekst bevat opmaak die de editor hier niet toestaat: %(markup)s. "
            "Haal die weg (of zet de tekst zonder opmaak in het document)."
        ) % {"markup": ", ".join(cleaned.removed)}
    return _(
        "De editor kan deze tekst niet openen: de opmaak is ongeldig genest (bijvoorbeeld "
        "een alinea of lijst binnen vet, cursief of een link). Maak de opmaak eenvoudiger."
    )


def clean_page(page):
    """Clean every rich text of ``page`` in place, by its field's features (``clean_html``)."""
    report = PageCleaning()
    for model_field in page._meta.get_fields():
        if isinstance(model_field, RichTextField):
            value = getattr(page, model_field.attname)
            cleaned = clean_html(value, model_field.features)
            setattr(page, model_field.attname, cleaned.html)
            if cleaned.refused:
                report.refused.append((capfirst(model_field.verbose_name), cleaned))
        elif isinstance(model_field, StreamField):
            raw = copy.deepcopy(list(getattr(page, model_field.attname).raw_data))
            before = copy.deepcopy(raw)
            _clean_block(model_field.stream_block, raw, capfirst(model_field.verbose_name), report)
            if raw != before:
                setattr(page, model_field.attname, raw)
    return report


def _clean_block(block, value, place, report):
    """Clean the raw ``value`` of ``block`` in place where it is a container; return it."""
    if isinstance(block, RichTextBlock):
        cleaned = clean_html(value, block.features)
        if cleaned.refused:
            report.refused.append((place, cleaned))
        return cleaned.html
    if isinstance(block, StreamBlock):
        for index, child in enumerate(value or []):
            child_block = block.child_blocks.get(child.get("type"))
            if child_block is not None:
                where = f"{place} › {child_block.label} ({_('blok %(n)s') % {'n': index + 1}})"
                child["value"] = _clean_block(child_block, child.get("value"), where, report)
    elif isinstance(block, StructBlock) and isinstance(value, dict):
        for name, child_block in block.child_blocks.items():
            if name in value:
                where = f"{place} › {child_block.label}"
                value[name] = _clean_block(child_block, value[name], where, report)
    elif isinstance(block, ListBlock) and isinstance(value, list):
        for index, entry in enumerate(value):
            where = f"{place} › {_('onderdeel %(n)s') % {'n': index + 1}}"
            if isinstance(entry, dict) and entry.get("type") == "item" and "value" in entry:
                entry["value"] = _clean_block(block.child_block, entry["value"], where, report)
            else:
                value[index] = _clean_block(block.child_block, entry, where, report)
    return value
