from django.db import connection
from django.http import HttpResponse
from django.urls import path

from portal.urls import urlpatterns as portal_urlpatterns


def floor(request):
    """The cheapest useful Django view: one query, a tiny response."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return HttpResponse("ok")


urlpatterns = [path("bench/floor", floor, name="bench-floor"), *portal_urlpatterns]
