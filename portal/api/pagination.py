from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination


def _one_whole_number(request, name: str, low: int, high: int | None) -> int | None:
    """The parameter `name` as a whole number in [low, high], or None when absent; a
    repeated, empty or out-of-range value is refused (400) rather than quietly ignored."""
    values = request.query_params.getlist(name)
    if not values:
        return None
    if len(values) > 1:
        raise ValidationError({name: [f"Give {name} once."]})
    bound = f"from {low} to {high}" if high else f"of at least {low}"
    try:
        number = int(values[0])
    except ValueError:
        raise ValidationError({name: [f"Give a whole number {bound}."]}) from None
    if number < low or (high is not None and number > high):
        raise ValidationError({name: [f"Give a whole number {bound}."]})
    return number


class PortalPagination(PageNumberPagination):
    """Pages of 25 by default; `pageSize` (camelCase, NL API rules) up to 100."""

    page_size = 25
    page_query_param = "page"
    page_size_query_param = "pageSize"
    max_page_size = 100

    def get_page_size(self, request):
        size = _one_whole_number(request, self.page_size_query_param, 1, self.max_page_size)
        return self.page_size if size is None else size

    def get_page_number(self, request, paginator):
        number = _one_whole_number(request, self.page_query_param, 1, None)
        return 1 if number is None else number

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        bounds = {
            self.page_query_param: {"minimum": 1},
            self.page_size_query_param: {"minimum": 1, "maximum": self.max_page_size},
        }
        for parameter in parameters:
            parameter["schema"].update(bounds.get(parameter["name"], {}))
        return parameters
