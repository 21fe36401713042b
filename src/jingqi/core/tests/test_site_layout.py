"""The site's frame as a new user meets it: error pages, menu, language picker, role labels, empty
choices, icons, and English left in the Chinese pages."""

import re
import types

import pytest
from django import forms
from django.conf import settings
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation

from jingqi.core.testing import factories as f

pytestmark = pytest.mark.django_db


# --- error pages (issue 8 item 18) -----------------------------------------------------------------------


def test_debug_is_off_in_tests_so_the_error_pages_are_the_real_ones():
    assert settings.DEBUG is False


@pytest.mark.parametrize("who", ["anonymous", "officer_a", "liaison_a"])
def test_missing_page_is_shown_in_the_site_layout_with_a_way_home(world, client_for, who):
    client = Client() if who == "anonymous" else client_for(getattr(world, who))
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert 'class="topbar"' in body
    assert f'href="{reverse("home")}"' in body
    assert 'class="card error-page"' in body
    assert "<h1>Not Found</h1>" not in body


def test_out_of_scope_record_gives_the_same_friendly_404(world, client_for):
    response = client_for(world.liaison_a).get(reverse("registry:enterprise_detail", args=[world.enterprise_b.pk]))
    assert response.status_code == 404
    assert 'class="topbar"' in response.content.decode()
    assert world.enterprise_b.name not in response.content.decode()


def test_forbidden_page_is_shown_in_the_site_layout(world, rf):
    from django.core.exceptions import PermissionDenied
    from django.views.defaults import permission_denied

    request = rf.get("/somewhere/")
    request.user = world.volunteer_a
    response = permission_denied(request, PermissionDenied())
    body = response.content.decode()
    assert response.status_code == 403
    assert 'class="topbar"' in body and f'href="{reverse("home")}"' in body


def test_bad_request_is_shown_in_the_site_layout(world, rf):
    from django.core.exceptions import SuspiciousOperation
    from django.views.defaults import bad_request

    request = rf.get("/somewhere/")
    request.user = world.officer_a
    response = bad_request(request, SuspiciousOperation())
    assert response.status_code == 400
    assert 'class="topbar"' in response.content.decode()


def test_csrf_failure_is_explained_in_the_site_layout(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.officer_a)
    response = client.post(reverse("inbox_read"), {})
    body = response.content.decode()
    assert response.status_code == 403
    assert 'class="topbar"' in body and f'href="{reverse("home")}"' in body
    assert "CSRF verification failed" not in body


def test_server_error_page_renders_without_a_request_or_the_database(django_assert_num_queries, rf):
    from django.views.defaults import server_error

    with translation.override("zh-hans"), django_assert_num_queries(0):
        response = server_error(rf.get("/"))
    body = response.content.decode()
    assert response.status_code == 500
    assert 'lang="zh-hans"' in body
    assert 'class="topbar"' in body and 'href="/"' in body
    assert "Server Error (500)" not in body


# --- menu, footer, language picker (items 19, 26) -----------------------------------------------------------


def test_every_page_has_a_menu_button_and_loads_the_site_script_without_inline_handlers(world, client_for):
    body = client_for(world.officer_a).get(reverse("home")).content.decode()
    assert 'class="menu-toggle"' in body and 'aria-controls="site-menu"' in body
    assert re.search(r'<script src="[^"]*jingqi/site\.js" defer>', body)
    assert not re.search(r"\son[a-z]+=", body), "inline event handlers break under a strict CSP"


def test_language_picker_names_each_language_in_its_own_script(world, client_for):
    client = client_for(world.officer_a)
    for language in ("zh-hans", "en"):
        body = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert re.search(r'<option value="zh-hans"[^>]*>简体中文</option>', body), language
        assert re.search(r'<option value="en"[^>]*>English</option>', body), language
        assert "英语" not in body


@pytest.mark.parametrize("who", ["liaison_a", "volunteer_a", "dept_transport", "viewer"])
def test_api_docs_are_not_in_the_menu_of_roles_without_integrations(world, client_for, who):
    body = client_for(getattr(world, who)).get(reverse("home")).content.decode()
    assert reverse("api-docs") not in body


def test_police_find_the_api_docs_in_the_footer_not_the_menu(world, client_for):
    body = client_for(world.officer_a).get(reverse("home")).content.decode()
    nav = re.search(r"<nav.*?</nav>", body, re.S).group(0)
    footer = re.search(r'<footer class="site-footer">.*?</footer>', body, re.S).group(0)
    assert reverse("api-docs") not in nav
    assert reverse("api-docs") in footer


def test_api_docs_page_has_a_way_back_home(world, client_for):
    body = client_for(world.officer_a).get(reverse("api-docs")).content.decode()
    assert 'id="swagger-ui"' in body
    assert f'href="{reverse("home")}"' in body


def test_admin_names_the_two_factor_app_and_devices_in_words(world):
    admin = f.UserFactory(username="root", is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(admin)
    body = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert ">Otp_Totp<" not in body and ">OTP_TOTP<" not in body
    assert "TOTP devices" not in body
    assert "Two-factor sign-in" in body and "Authenticator apps" in body


# --- the administrator says what they are (item 21) -------------------------------------------------------------


def test_superuser_is_labelled_administrator_and_home_does_not_claim_no_personal_data(world):
    admin = f.UserFactory(username="root", is_superuser=True, is_staff=True)
    with translation.override("en"):
        assert admin.get_role_display() == "Administrator"
    with translation.override("zh-hans"):
        assert admin.get_role_display() == "系统管理员"
    client = Client()
    client.force_login(admin)
    body = client.get(reverse("home")).content.decode()
    assert "市县查看人员" not in body
    assert "不显示个人信息" not in body and "No personal data" not in body
    assert reverse("admin:index") in body


def test_ordinary_roles_keep_their_labels(world):
    with translation.override("en"):
        assert world.officer_a.get_role_display() == "Police officer"
        assert world.viewer.get_role_display() == "City/county viewer"


# --- English left in Chinese pages (item 26) ---------------------------------------------------------------------


@pytest.fixture
def pseudo_locale(monkeypatch):
    """Every translated string comes back wrapped in ⟦…⟧: what is left outside was never translatable."""
    monkeypatch.setattr(translation._trans, "gettext", lambda message: f"⟦{message}⟧")
    monkeypatch.setattr(translation._trans, "ngettext",
                        lambda singular, plural, n: f"⟦{singular if n == 1 else plural}⟧")
    monkeypatch.setattr(translation._trans, "pgettext", lambda context, message: f"⟦{message}⟧")


def _untranslated(html: str) -> str:
    text = re.sub(r"<[^>]+>", " ", html)
    text = re.sub(r"⟦[^⟧]*⟧", " ", text)
    return " ".join(text.split())


def test_figure_cards_put_units_and_sample_sizes_through_translation(pseudo_locale):
    stat = types.SimpleNamespace
    figures = {"total": 12, "open": 3, "on_time": stat(enough=True, value=0.9, n=11),
               "resolve_hours": stat(enough=True, median=12.5, value=14.0, n=11),
               "accept_hours": stat(enough=True, median=1.5, value=2.0, n=11),
               "reply_hours": stat(enough=True, median=3.5, value=4.0, n=11),
               "rating": stat(enough=True, value=4.5, median=5, n=11), "reopened": stat(enough=True, value=0.1, n=11)}
    left = _untranslated(render_to_string("tickets/partials/_figures.html", {"figures": figures}))
    assert not re.search(r"[A-Za-z]", left.replace("/ 5", "")), left


def test_run_summary_names_its_stages_in_translatable_words(world, pseudo_locale):
    run = types.SimpleNamespace(
        pk=7, station=world.station, started_by=world.officer_a, created_at=None, finished_at=None, complaints=10,
        clues_found=2, failure="", status="done", get_status_display=lambda: "⟦done⟧",
        summary={"complainants": 3, "rings": 1, "clues_flagged": 1, "flag_score": 0.6, "flagged_complaints": 4,
                 "evidence_images_hashed": 2, "evidence_images_missing": 0,
                 "seconds": {"read": 0.1, "texts": 0.2, "images": 0.0, "linking": 0.1, "rules": 0.1, "total": 0.5}})
    request = RequestFactory().get("/")
    request.user = world.officer_a
    html = render_to_string("claims/run_detail.html", {"run": run}, request=request)
    seconds = re.search(r'<dd class="small mono">(.*?)</dd>', html, re.S).group(1)
    assert not re.search(r"[A-Za-z]", _untranslated(seconds)), seconds


# --- empty choices (item 31) --------------------------------------------------------------------------------------


def test_empty_choice_of_every_form_is_readable_not_dashes(world):
    from jingqi.registry.models import Park

    class AnyForm(forms.Form):
        park = forms.ModelChoiceField(queryset=Park.objects.all())

    with translation.override("en"):
        html = str(AnyForm()["park"])
    assert "---------" not in html
    assert "— Choose —" in html


def test_an_apps_own_form_shows_the_readable_empty_choice(world):
    from jingqi.registry.forms import StationingForm

    with translation.override("en"):
        html = str(StationingForm(user=world.supervisor)["department"])
    assert "---------" not in html and "— Choose —" in html


def test_enterprise_filter_offers_all_parks_rather_than_dashes(world, client_for):
    body = client_for(world.supervisor).get(reverse("registry:enterprise_list")).content.decode()
    assert "---------" not in body


# --- favicon (item 31) ---------------------------------------------------------------------------------------------


def test_favicon_is_linked_and_served(world, client_for):
    body = client_for(world.officer_a).get(reverse("home")).content.decode()
    assert re.search(r'<link rel="icon" href="[^"]*jingqi/favicon\.svg"', body)
    response = Client().get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"].endswith("jingqi/favicon.ico")
    from django.contrib.staticfiles import finders

    assert finders.find("jingqi/favicon.ico") and finders.find("jingqi/favicon.svg")
