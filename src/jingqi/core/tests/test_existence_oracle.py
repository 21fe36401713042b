"""No role can tell an id outside its scope from an id that does not exist: every related field of every
API serializer and every model filter of every API list answers both the same way. Serializers and
filters are found from the API routers, so a new app is covered the moment it registers a viewset."""

import inspect
from importlib import import_module
from types import SimpleNamespace

import pytest
from django.urls import reverse
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.test import APIRequestFactory

from jingqi.core.relations import ScopedFilterSet, ScopedRelatedFieldMixin
from jingqi.core.testing import matrix
from jingqi.core.testing.personas import PERSONA_NAMES

# The cast with its disputes: every dispute route has objects in and out of each persona's scope.
pytestmark = [pytest.mark.django_db, pytest.mark.dispute_cast, pytest.mark.patrol_cast,
              pytest.mark.inspection_cast, pytest.mark.case_cast]

PLACEHOLDER = "<id>"


def _api_serializer_classes():
    modules = {import_module(viewset.__module__.rsplit(".", 1)[0] + ".serializers")
               for router in matrix._api_routers() for _prefix, viewset, _name in router.registry}
    return sorted({cls for module in modules for _name, cls in inspect.getmembers(module, inspect.isclass)
                   if issubclass(cls, serializers.BaseSerializer) and cls.__module__ == module.__name__},
                  key=lambda cls: f"{cls.__module__}.{cls.__name__}")


def _writable_relations(serializer_class, user):
    request = SimpleNamespace(user=user)
    for name, field in serializer_class(context={"request": request}).fields.items():
        if field.read_only:
            continue
        relation = field.child_relation if isinstance(field, serializers.ManyRelatedField) else field
        if isinstance(relation, serializers.RelatedField):
            yield name, field, relation


def _value(relation, obj):
    return getattr(obj, relation.slug_field) if isinstance(relation, serializers.SlugRelatedField) else obj.pk


def _answer(field, relation, value):
    data = [value] if isinstance(field, serializers.ManyRelatedField) else value
    try:
        field.run_validation(data)
    except ValidationError as exc:
        return str(exc.detail).replace(str(value), PLACEHOLDER)
    return "accepted"


@pytest.mark.parametrize("serializer_class", _api_serializer_classes(), ids=lambda cls: cls.__name__)
def test_every_writable_relation_of_an_api_serializer_resolves_through_visible_to(world, serializer_class):
    for name, _field, relation in _writable_relations(serializer_class, world.viewer):
        assert isinstance(relation, ScopedRelatedFieldMixin), (serializer_class.__name__, name)


def test_out_of_scope_and_missing_ids_get_the_same_answer_from_every_serializer_field(world):
    compared = 0
    for serializer_class in _api_serializer_classes():
        for persona_name in PERSONA_NAMES:
            persona = world.personas[persona_name]
            for name, field, relation in _writable_relations(serializer_class, persona):
                model = relation.queryset.model
                visible = relation.get_queryset()
                hidden = model.objects.exclude(pk__in=visible.values("pk")).first()
                if hidden is None:
                    continue
                missing = model(pk=(model.objects.order_by("-pk").first().pk + 1000))
                if isinstance(relation, serializers.SlugRelatedField):
                    setattr(missing, relation.slug_field, "NO-SUCH-CODE")
                out_of_scope = _answer(field, relation, _value(relation, hidden))
                assert out_of_scope != "accepted", (serializer_class.__name__, name, persona_name)
                assert out_of_scope == _answer(field, relation, _value(relation, missing)), (
                    serializer_class.__name__, name, persona_name)
                compared += 1
    assert compared > 20


def _list_filters():
    """(list URL name, filter name, viewset) for every model choice filter of every API list."""
    factory = APIRequestFactory()
    for router in matrix._api_routers():
        for _prefix, viewset, basename in router.registry:
            if not hasattr(viewset, "list"):
                continue
            view = viewset(request=factory.get("/"), action="list", format_kwarg=None)
            for backend in view.filter_backends:
                if not hasattr(backend, "get_filterset_class"):
                    continue
                filterset_class = backend().get_filterset_class(view, viewset.model.objects.none())
                if filterset_class is None:
                    continue
                for name, filter_ in filterset_class.base_filters.items():
                    if hasattr(filter_, "get_queryset"):
                        yield f"{basename}-list", name, filterset_class


LIST_FILTERS = list(_list_filters())


def test_the_api_lists_have_model_filters_to_check():
    assert len(LIST_FILTERS) > 10


@pytest.mark.parametrize("filterset_class", sorted({c for _u, _p, c in LIST_FILTERS}, key=str), ids=str)
def test_every_api_filterset_is_scoped(filterset_class):
    assert issubclass(filterset_class, ScopedFilterSet)


def _hidden_choice(filterset_class, param, persona):
    """An object the persona may not see that the filter could name (for an unscoped model such as users:
    one that no row the persona sees refers to)."""
    filter_ = filterset_class.base_filters[param]
    choices = filter_.get_queryset(SimpleNamespace(user=persona))
    model = choices.model
    if hasattr(model.objects, "visible_to"):
        visible = model.objects.visible_to(persona).values("pk")
    else:
        visible = filterset_class._meta.model.objects.visible_to(persona).values(filter_.field_name)
    return model, choices.exclude(pk__in=visible).first()


@pytest.mark.parametrize(("url_name", "param", "filterset_class"), LIST_FILTERS, ids=lambda v: str(v))
def test_a_list_filter_answers_the_same_for_an_out_of_scope_and_a_missing_id(world, api_for, url_name, param,
                                                                          filterset_class):
    compared, public = 0, True
    for persona_name in PERSONA_NAMES:
        persona = world.personas[persona_name]
        model, hidden = _hidden_choice(filterset_class, param, persona)
        if hidden is None:
            continue
        public = False
        missing = model.objects.order_by("-pk").first().pk + 1000
        client = api_for(persona)
        a = client.get(reverse(url_name), {param: hidden.pk})
        b = client.get(reverse(url_name), {param: missing})
        assert a.status_code == b.status_code, (url_name, param, persona_name, a.status_code, b.status_code)
        assert a.content.replace(str(hidden.pk).encode(), b"<id>") == b.content.replace(str(missing).encode(),
                                                                                           b"<id>"), (
            url_name, param, persona_name)
        compared += 1
    assert compared or public
