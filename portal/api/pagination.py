from rest_framework.pagination import PageNumberPagination


class PortalPagination(PageNumberPagination):
    """Pages of 25 by default; `pageSize` (camelCase, NL API rules) up to 100."""

    page_size = 25
    page_query_param = "page"
    page_size_query_param = "pageSize"
    max_page_size = 100
