from django.contrib.auth import views as auth_views
from django.utils.translation import gettext_lazy as _

from jingqi.core.middleware import get_client_address

from . import services
from .forms import SignInForm


class SignInView(auth_views.LoginView):
    """Sign-in with throttling per (account, address)."""

    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        username = request.POST.get("username", "").strip()
        address = get_client_address(request)
        if username and services.is_throttled(username, address):
            form = self.get_form()
            form.errors.clear()
            form.add_error(None, _("Too many failed attempts. Wait 15 minutes, or ask your supervisor."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        username = self.request.POST.get("username", "").strip()
        if username:
            services.record_login_failure(username, get_client_address(self.request))
        return super().form_invalid(form)

    def form_valid(self, form):
        services.clear_login_failures(form.get_user().get_username(), get_client_address(self.request))
        return super().form_valid(form)
