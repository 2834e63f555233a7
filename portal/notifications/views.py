from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from portal.core.content import SECTIONS, kinds_by_key, kinds_by_label
from portal.notifications import services
from portal.notifications.messages import describe
from portal.notifications.models import Notification, Preference, Subscription
from portal.notifications.unsubscribe import read_token

PAGE = 25


def kind_of_model(model):
    return kinds_by_label().get(model._meta.label_lower)


class PreferenceForm(forms.Form):
    email = forms.ChoiceField(
        label=gettext_lazy("E-mail about what you follow"),
        choices=Preference.Email.choices,
        widget=forms.RadioSelect,
    )


def _next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    qs = Notification.objects.filter(user=request.user).order_by("-created_at", "-id")
    show = request.GET.get("toon", "")
    if show == "ongelezen":
        qs = qs.filter(read_at__isnull=True)
    page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
    rows = [(n, describe(n)) for n in page.object_list]
    return render(
        request,
        "notifications/inbox.html",
        {
            "page_obj": page,
            "rows": rows,
            "show": show,
            "querystring": "toon=ongelezen" if show == "ongelezen" else "",
        },
    )


@login_required
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    services.mark_read(actor=request.user, ids=[notification.pk])
    return redirect(notification.url)


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = services.mark_read(actor=request.user)
    messages.success(
        request,
        _("%(n)s notifications marked as read.") % {"n": count}
        if count
        else _("There was nothing unread."),
    )
    return redirect("notifications:inbox")


@login_required
def settings_page(request: HttpRequest) -> HttpResponse:
    preference = services.preference_of(request.user)
    form = PreferenceForm(request.POST or None, initial={"email": preference.email})
    if request.method == "POST" and form.is_valid():
        services.set_email_preference(
            user=request.user, email=form.cleaned_data["email"], reason="notifications.email.set"
        )
        messages.success(request, _("Your e-mail preference is saved."))
        return redirect("notifications:settings")
    subscriptions = list(
        Subscription.objects.filter(user=request.user)
        .select_related("content_type")
        .order_by("section", "content_type_id", "object_id")
    )
    # One query per kind that is followed (bounded by the number of kinds), not per row.
    wanted: dict[int, list[int]] = {}
    for s in subscriptions:
        if s.content_type_id:
            wanted.setdefault(s.content_type_id, []).append(s.object_id)
    found: dict[tuple[int, int], object] = {}
    for ct_id, ids in wanted.items():
        model = ContentType.objects.get_for_id(ct_id).model_class()
        kind = kind_of_model(model) if model else None
        if model is None or kind is None:
            continue
        for obj in kind.visible(request.user).filter(pk__in=ids):
            found[(ct_id, obj.pk)] = obj
    followed_sections = {s.section for s in subscriptions if s.section}
    rows = [
        (s, obj, str(obj._meta.verbose_name).capitalize())
        for s in subscriptions
        if (obj := found.get((s.content_type_id, s.object_id))) is not None
    ]
    return render(
        request,
        "notifications/settings.html",
        {
            "form": form,
            "rows": rows,
            "sections": [(key, title, key in followed_sections) for key, title in SECTIONS.items()],
        },
    )


@login_required
@require_POST
def follow(request: HttpRequest) -> HttpResponse:
    """Follow or stop following one object (kind + id) or a section."""
    action = request.POST.get("action", "follow")
    section = request.POST.get("section", "")
    fallback = "notifications:settings"
    if section:
        if section not in SECTIONS:
            raise Http404
        if action == "unfollow":
            services.unfollow_section(actor=request.user, section=section)
            messages.success(request, _("You no longer follow this section."))
        else:
            services.follow(actor=request.user, section=section)
            messages.success(request, _("You now follow this section."))
        return redirect(_next(request, fallback))
    kind = kinds_by_key().get(request.POST.get("kind", ""))
    try:
        object_id = int(request.POST.get("id", ""))
    except ValueError:
        raise Http404 from None
    if kind is None:
        raise Http404
    # Only what this person may see can be followed; anything else looks like it does not exist.
    target = kind.visible(request.user).filter(pk=object_id).first()
    if target is None:
        raise Http404
    if action == "unfollow":
        services.unfollow_target(actor=request.user, target=target)
        messages.success(request, _("You no longer follow this."))
    else:
        services.follow(actor=request.user, target=target)
        messages.success(request, _("You now follow this. Changes appear under Notifications."))
    return redirect(_next(request, target.get_absolute_url()))


@login_required
@require_POST
def unfollow(request: HttpRequest, pk: int) -> HttpResponse:
    if not services.unfollow(actor=request.user, subscription_id=pk):
        raise Http404
    messages.success(request, _("You no longer follow this."))
    return redirect("notifications:settings")


@csrf_exempt  # RFC 8058: mail programs post here without a session or CSRF token
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Stop all e-mail from the link in an e-mail, without logging in.

    Opening the link (GET) only asks for confirmation, so a mail scanner that follows
    links changes nothing; the page's one button, and the RFC 8058 one-click POST of
    mail programs (`List-Unsubscribe=One-Click`), stop the e-mail."""
    found = read_token(token)
    user = None
    if found:
        user = get_user_model().objects.filter(pk=found[0], email=found[1]).first()
    if user is None:
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    if request.method != "POST":
        return render(request, "notifications/unsubscribe_confirm.html", {"email": user.email})
    services.set_email_preference(
        user=user, email=Preference.Email.NONE, reason="notifications.email.unsubscribed"
    )
    return render(request, "notifications/unsubscribed.html", {"email": user.email})
