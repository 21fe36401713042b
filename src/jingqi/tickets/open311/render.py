"""GeoReport v2 bodies in JSON or XML, the element names as the specification writes them."""

import json
from xml.etree.ElementTree import Element, SubElement, tostring

from django.http import HttpResponse

from jingqi.core.text import xml_safe

# The XML element that wraps each list, and the one for each item in it.
XML_NAMES = {
    "services": ("services", "service"),
    "requests": ("service_requests", "request"),
    "errors": ("errors", "error"),
}
CONTENT_TYPES = {"xml": "text/xml; charset=utf-8", "json": "application/json; charset=utf-8"}


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    # Stored text from before input was cleaned may hold characters XML cannot carry at all.
    return xml_safe(str(value))


def _xml_fill(parent: Element, data: dict) -> None:
    for key, value in data.items():
        child = SubElement(parent, key)
        if isinstance(value, dict):
            _xml_fill(child, value)
        elif isinstance(value, list):
            singular = {"attributes": "attribute", "values": "value", "endpoints": "endpoint",
                        "formats": "format", "keywords": "keyword"}.get(key, "item")
            for item in value:
                element = SubElement(child, singular)
                if isinstance(item, dict):
                    _xml_fill(element, item)
                else:
                    element.text = _text(item)
        else:
            child.text = _text(value)


def respond(payload, fmt: str, *, kind: str, status: int = 200) -> HttpResponse:
    """``payload`` is a list (services, requests, errors) or a dict (discovery, service definition)."""
    if fmt == "xml":
        if isinstance(payload, list):
            outer, inner = XML_NAMES[kind]
            root = Element(outer)
            for item in payload:
                _xml_fill(SubElement(root, inner), item)
        else:
            root = Element(kind)
            _xml_fill(root, payload)
        body = b'<?xml version="1.0" encoding="utf-8"?>' + tostring(root, encoding="unicode").encode()
        return HttpResponse(body, status=status, content_type=CONTENT_TYPES["xml"])
    return HttpResponse(json.dumps(payload, ensure_ascii=False), status=status, content_type=CONTENT_TYPES["json"])


def errors(fmt: str, status: int, *messages: str) -> HttpResponse:
    return respond([{"code": status, "description": m} for m in messages], fmt, kind="errors", status=status)
