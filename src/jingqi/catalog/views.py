"""The public service directory: readable without signing in (enterprises look before they ask)."""

from django.core.paginator import Paginator
from django.shortcuts import render

from jingqi.core.scoping import access

from . import selectors
from .forms import DirectoryFilterForm
from .models import ServiceItem


def directory(request):
    bundles = list(selectors.bundles(request.user))
    form = DirectoryFilterForm(request.GET or None, bundles=bundles)
    filters = form.cleaned_data if form.is_valid() else {}
    items = selectors.directory(request.user, **{k: v for k, v in filters.items() if v})
    page = Paginator(items, 30).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    template = "catalog/partials/_item_table.html" if request.htmx else "catalog/directory.html"
    return render(request, template, {"form": form, "page": page, "bundles": bundles,
                                      "query_string": params.urlencode()})


def item_detail(request, pk):
    item = access(ServiceItem.objects.select_related("bundle"), request.user, pk)
    return render(request, "catalog/item_detail.html", {"item": item})
