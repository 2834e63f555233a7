from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator

from portal.accounts.forms import EmailAuthenticationForm
from portal.accounts.selectors import profile_for
from portal.core.ratelimit import rate_limit


@method_decorator(rate_limit("login", field="username"), name="dispatch")
class LoginView(auth_views.LoginView):
    form_class = EmailAuthenticationForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **login_context(self.request)}


class LogoutView(auth_views.LogoutView):
    """Log out here, and at the login service for someone who came through one."""

    def post(self, request, *args, **kwargs):
        from portal.accounts.oidc import logout_url

        id_token = request.session.get("oidc_id_token")
        response = super().post(request, *args, **kwargs)
        at_provider = logout_url(request, id_token)
        return redirect(at_provider) if at_provider else response


def login_context(request: HttpRequest) -> dict:
    from portal.accounts.oidc import enabled

    return {"oidc_enabled": enabled(), "oidc_label": settings.OIDC_LOGIN_LABEL}


@method_decorator(rate_limit("password_reset", field="email"), name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change_form.html"
    success_url = reverse_lazy("accounts:password-change-done")


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/profile.html", profile_for(request.user))
