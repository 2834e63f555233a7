from django.db import connection
from django.shortcuts import render
from django.urls import path

from portal.urls import urlpatterns as portal_urlpatterns


def floor(request):
    """The cheapest page a visitor can be shown: the site's layout (header, navigation,
    footer) with an empty body, and one query, through the whole middleware stack. No
    page of the site can cost less, so each page's cost is a multiple of this one."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return render(request, "base.html", {})


urlpatterns = [path("bench/floor", floor, name="bench-floor"), *portal_urlpatterns]
