"""Open311 responses in JSON and XML, the specification's two formats.

A response is built once as plain Python data (dicts, lists, strings, numbers,
booleans, None) and rendered in the format the client asked for: JSON as is,
XML with the root element named by the specification and one child element
per item (<services><service>…</service></services>).
"""

import json
import re
import xml.etree.ElementTree as ET

from django.http import HttpResponse

XML_DECLARATION = b'<?xml version="1.0" encoding="utf-8"?>\n'
FORMATS = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}

# The element of one item in a list, for the nested lists of the specification.
LIST_ITEMS = {
    "endpoints": "endpoint",
    "formats": "format",
    "attributes": "attribute",
    "values": "value",
}

# Characters XML 1.0 cannot carry, even escaped.
NOT_XML = re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return NOT_XML.sub("", str(value))


def add_element(parent, name, value):
    element = ET.SubElement(parent, name)
    if isinstance(value, dict):
        for key, child in value.items():
            add_element(element, key, child)
    elif isinstance(value, (list, tuple)):
        for child in value:
            add_element(element, LIST_ITEMS[name], child)
    else:
        element.text = xml_text(value)
    return element


def to_xml(root, item, data):
    """<root><item>…</item>…</root> for a list; <root>…</root> for a single document."""
    element = ET.Element(root)
    if isinstance(data, dict):
        for key, value in data.items():
            add_element(element, key, value)
    else:
        for value in data:
            add_element(element, item, value)
    return XML_DECLARATION + ET.tostring(element, encoding="utf-8")


def render(fmt, data, root, item=None, status=200):
    if fmt == "xml":
        content = to_xml(root, item, data)
    else:
        content = json.dumps(data, ensure_ascii=False)
    return HttpResponse(content, content_type=FORMATS[fmt], status=status)


def render_errors(fmt, errors, status):
    """The specification's error list: [{"code": 400, "description": "…"}, …]."""
    data = [{"code": status, "description": str(description)} for description in errors]
    return render(fmt, data, "errors", "error", status=status)
