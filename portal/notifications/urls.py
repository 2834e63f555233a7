from django.urls import path

from portal.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/", views.open_notification, name="open"),
    path("alles-gelezen/", views.mark_all_read, name="mark-all-read"),
    path("instellingen/", views.settings_page, name="settings"),
    path("volgen/", views.follow, name="follow"),
    path("volgen/<int:pk>/stoppen/", views.unfollow, name="unfollow"),
    path("afmelden/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
