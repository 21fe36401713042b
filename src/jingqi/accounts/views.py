import base64

import segno
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from jingqi.core.errors import ActionError

from . import two_factor
from .forms import SignInForm, TokenForm


class SignInView(auth_views.LoginView):
    """Sign-in; the form checks the password through the shared throttle (``services.authenticate``)."""

    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.is_throttled():
            response.status_code = 429
        return response


def admin_login(request, extra_context=None):
    """The admin's login page (``admin.site.login``), answering 429 like the sign-in page when the shared
    throttle holds the account."""
    from django.contrib import admin

    response = admin.site.login(request, extra_context)
    form = (getattr(response, "context_data", None) or {}).get("form")
    if request.method == "POST" and form is not None and getattr(form, "is_throttled", lambda: False)():
        response.status_code = 429
    return response


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    return target if url_has_allowed_host_and_scheme(target, {request.get_host()}) else "/"


@login_required
def two_factor_enrol(request):
    """First sign-in of a police account: enrol an authenticator app (TOTP) and confirm one code."""
    if two_factor.confirmed_device(request.user) is not None:
        return redirect("two_factor_verify")
    device = two_factor.pending_device(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            two_factor.do_confirm_enrolment(request, form.cleaned_data["token"])
        except ActionError as exc:
            form.add_error("token", ValidationError(exc.message, code=exc.code))
        else:
            return redirect(_next_url(request))
    qr = segno.make(device.config_url, error="m").svg_inline(scale=4)
    secret = base64.b32encode(device.bin_key).decode()
    return render(request, "accounts/two_factor_enrol.html",
                  {"form": form, "qr": qr, "secret": secret, "next": _next_url(request)},
                  status=400 if form.errors else 200)


@login_required
def two_factor_verify(request):
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            two_factor.do_verify(request, form.cleaned_data["token"])
        except ActionError as exc:
            form.add_error("token", ValidationError(exc.message, code=exc.code))
        else:
            return redirect(_next_url(request))
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": _next_url(request)},
                  status=400 if form.errors else 200)
