from django.contrib.auth import views as auth_views
from django.urls import path

from portal.accounts import oidc, second_factor, views

app_name = "accounts"

urlpatterns = [
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("uitloggen/", views.LogoutView.as_view(), name="logout"),
    path("inloggen/organisatie/", oidc.StartView.as_view(), name="oidc-start"),
    path("inloggen/organisatie/terug/", oidc.CallbackView.as_view(), name="oidc-callback"),
    path("", views.profile, name="profile"),
    path("registreren/", views.register, name="register"),
    path("registreren/bevestigen/<str:token>/", views.register_verify, name="register-verify"),
    path("uitnodigen/", views.invite, name="invite"),
    path("uitnodiging/<str:token>/", views.invitation, name="invitation"),
    path("toegangsverzoeken/", views.access_requests, name="access-requests"),
    path("organisatie-aanvragen/", views.membership_request, name="membership-request"),
    path(
        "toegangsverzoeken/<int:pk>/besluit/",
        views.access_request_decide,
        name="access-request-decide",
    ),
    path("mijn-gegevens/", views.my_data, name="my-data"),
    path("opheffen/", views.close_account, name="close"),
    path("tweede-factor/", second_factor.verify, name="second-factor"),
    path("tweede-factor/instellen/", second_factor.set_up, name="second-factor-setup"),
    path(
        "tweede-factor/herstelcodes/",
        second_factor.renew_recovery_codes,
        name="second-factor-recovery-codes",
    ),
    path("wachtwoord-vergeten/", views.PasswordResetView.as_view(), name="password-reset"),
    path(
        "wachtwoord-vergeten/verstuurd/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password-reset-done",
    ),
    path(
        "wachtwoord-herstellen/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "wachtwoord-herstellen/klaar/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password-reset-complete",
    ),
    path("wachtwoord-wijzigen/", views.PasswordChangeView.as_view(), name="password-change"),
    path(
        "wachtwoord-wijzigen/klaar/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="accounts/password_change_done.html"
        ),
        name="password-change-done",
    ),
]
