"""Form rendering shared by every app (set once in settings as ``FORM_RENDERER``)."""

from django.db.models.fields import BLANK_CHOICE_DASH
from django.forms.renderers import DjangoTemplates
from django.utils.translation import gettext_lazy as _

DJANGO_EMPTY_LABEL = BLANK_CHOICE_DASH[0][1]  # "---------": ModelChoiceField, and model fields with choices
EMPTY_LABEL = _("— Choose —")


class FormRenderer(DjangoTemplates):
    """Django's template renderer, with a readable empty choice in every select.

    Django writes "---------" for the empty choice of a model choice field and of a model field with
    choices. Replacing it where selects are drawn covers every form of every app (the admin's too)
    without each form having to remember it; a form that names its own empty choice ("All parks")
    keeps it.
    """

    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        if widget and "optgroups" in widget:
            for _group, options, _index in widget["optgroups"]:
                for option in options:
                    if option.get("value") in ("", None) and option.get("label") == DJANGO_EMPTY_LABEL:
                        option["label"] = EMPTY_LABEL
        return super().render(template_name, context, request)
