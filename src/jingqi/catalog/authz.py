"""Directory pages for the authorization matrix. They are public: anyone sees the active items."""

from jingqi.core.testing.matrix import Route

from .models import ServiceItem

HTML_ROUTES = [
    Route("catalog:item_detail", ServiceItem, public=True),
]
API_PUBLIC = {"service-item-detail", "bundle-detail"}
