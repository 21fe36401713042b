import pytest

from jingqi.accounts import services
from jingqi.core.errors import ActionError, PermissionDenied
from jingqi.core.models import AuditEvent
from jingqi.core.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(world):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


def test_reveal_right_is_granted_and_withdrawn_with_audit(world, admin):
    services.do_set_reveal_right(admin, world.officer_a, True)
    assert type(world.officer_a).objects.get(pk=world.officer_a.pk).can_reveal
    services.do_set_reveal_right(admin, world.officer_a, False)
    assert not type(world.officer_a).objects.get(pk=world.officer_a.pk).can_reveal
    assert AuditEvent.objects.filter(action="user.reveal_right").count() == 2


def test_only_administrators_grant_rights(world):
    with pytest.raises(PermissionDenied):
        services.do_set_reveal_right(world.supervisor, world.officer_a, True)
    assert not world.officer_a.can_reveal


def test_create_user_needs_the_scope_of_its_role(world, admin):
    with pytest.raises(ActionError) as exc:
        services.do_create_user(admin, username="new_officer", password="a-long-enough-pass", role="officer")
    assert exc.value.field == "office"
    user = services.do_create_user(admin, username="new_officer", password="a-long-enough-pass", role="officer",
                                   scope=world.office_a)
    assert user.office == world.office_a and user.check_password("a-long-enough-pass")


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"password": "short"}, "password"),
    ({"username": "officer_a"}, "username"),
    ({"role": "sheriff"}, "role"),
])
def test_bad_account_data_is_refused(world, admin, kwargs, field):
    args = {"username": "someone", "password": "a-long-enough-pass", "role": "viewer", **kwargs}
    count = type(admin).objects.count()
    with pytest.raises(ActionError) as exc:
        services.do_create_user(admin, **args)
    assert exc.value.field == field and type(admin).objects.count() == count


def test_disabling_requires_an_administrator(world):
    with pytest.raises(PermissionDenied):
        services.do_set_user_active(world.supervisor, world.officer_a, False)
    assert type(world.officer_a).objects.get(pk=world.officer_a.pk).is_active
