from __future__ import annotations

import json

from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.accounts import services
from portal.accounts.forms import (
    AcceptInvitationForm,
    CloseAccountForm,
    EmailAuthenticationForm,
    InvitationForm,
    MembershipRequestForm,
    RegistrationForm,
)
from portal.accounts.models import AccessRequest, Invitation, User
from portal.accounts.selectors import profile_for
from portal.core.decorators import permission_required
from portal.core.exceptions import WorkflowError
from portal.core.forms import REFUSED, run_create, run_service, run_step
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


# --- invitations ------------------------------------------------------------------------


@permission_required("accounts.invite")
def invite(request: HttpRequest) -> HttpResponse:
    form = InvitationForm(request.POST or None, roles=services.grantable_roles(request.user))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        made = run_create(
            form,
            lambda: services.invitation_create(
                actor=request.user,
                accept_url=lambda token: request.build_absolute_uri(
                    reverse("accounts:invitation", args=[token])
                ),
                **data,
            ),
            actor=request.user,
        )
        if made is not REFUSED:
            messages.success(
                request,
                _("The invitation has been sent to %(email)s.") % {"email": made.email},
            )
            return redirect("accounts:invite")
    pending = Invitation.objects.filter(
        accepted_at__isnull=True, expires_at__gt=timezone.now()
    ).select_related("organisation", "invited_by")[:50]
    return render(request, "accounts/invite.html", {"form": form, "pending": pending})


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Accept an invitation: log in first if the address has an account, else make one."""
    found = services.invitation_for(token)
    if found is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    has_account = User.objects.filter(email__iexact=found.email).exists()
    form = None
    if not request.user.is_authenticated and not has_account:
        form = AcceptInvitationForm(request.POST or None, initial={"full_name": found.full_name})
    if request.method == "POST" and form is None and request.user.is_authenticated:
        accepted = run_step(
            request,
            lambda: services.invitation_accept(token=token, user=request.user),
            _("Welcome: you now act for your organisation here."),
        )
        if accepted is not REFUSED:
            return redirect("accounts:profile")
    elif request.method == "POST" and form is not None and form.is_valid():
        user = run_service(
            form,
            lambda: services.invitation_accept(
                token=token,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
            ),
        )
        if user is not REFUSED:
            auth.login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome: you now act for your organisation here."))
            return redirect("accounts:profile")
    return render(
        request,
        "accounts/invitation.html",
        {"invitation": found, "form": form, "has_account": has_account},
    )


# --- registration -----------------------------------------------------------------------


@rate_limit("registration")
def register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = run_service(
            form,
            lambda: services.register(
                email=data["email"],
                full_name=data["full_name"],
                password=data["password1"],
                organisation=data["organisation"],
                verify_url=lambda token: request.build_absolute_uri(
                    reverse("accounts:register-verify", args=[token])
                ),
                login_url=request.build_absolute_uri(reverse("accounts:login")),
            ),
        )
        if done is not REFUSED:
            return render(request, "accounts/register_sent.html", {"email": data["email"]})
    return render(request, "accounts/register.html", {"form": form})


def register_verify(request: HttpRequest, token: str) -> HttpResponse:
    try:
        services.registration_verify(token=token)
    except WorkflowError as error:
        return render(request, "accounts/register_invalid.html", {"reason": error}, status=400)
    messages.success(request, _("Your e-mail address is confirmed. You can log in now."))
    return redirect("accounts:login")


# --- access requests --------------------------------------------------------------------


@login_required
def access_requests(request: HttpRequest) -> HttpResponse:
    """The requests to act for an organisation that this person may decide."""
    pending = AccessRequest.objects.filter(status=AccessRequest.Status.PENDING).select_related(
        "user", "organisation"
    )
    if not request.user.has_perm("accounts.decide_access_request"):
        pending = pending.filter(organisation__memberships__user=request.user)
    return render(request, "accounts/access_requests.html", {"pending": pending[:100]})


@login_required
def membership_request(request: HttpRequest) -> HttpResponse:
    """Ask to act for an organisation (its members or an administrator decide)."""
    form = MembershipRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        made = run_service(
            form,
            lambda: services.membership_request(
                actor=request.user, organisation=form.cleaned_data["organisation"]
            ),
        )
        if made is not REFUSED:
            messages.success(
                request,
                _("Your request has been sent; the organisation's members can approve it."),
            )
            return redirect("accounts:profile")
    return render(request, "accounts/membership_request.html", {"form": form})


@require_POST
@login_required
def access_request_decide(request: HttpRequest, pk: int) -> HttpResponse:
    found = AccessRequest.objects.filter(pk=pk).first()
    if found is None or not request.user.has_perm("accounts.decide_access_request", found):
        raise Http404
    approve = request.POST.get("decision") == "approve"
    run_step(
        request,
        lambda: services.access_request_decide(
            actor=request.user, access_request=found, approve=approve
        ),
        _("The request has been approved.") if approve else _("The request has been refused."),
    )
    return redirect("accounts:access-requests")


# --- the person's own data and closing the account --------------------------------------


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    from portal.core.personal_data import export

    body = json.dumps(export(request.user), ensure_ascii=False, indent=2, default=str)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mijn-gegevens-gis-portaal.json"'
    return response


@login_required
def close_account(request: HttpRequest) -> HttpResponse:
    form = CloseAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        closed = run_service(form, lambda: services.account_close(actor=request.user))
        if closed is not REFUSED:
            auth.logout(request)
            messages.success(request, _("Your account has been closed."))
            return redirect("core:home")
    return render(request, "accounts/close.html", {"form": form})
