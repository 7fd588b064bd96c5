from collections.abc import Callable

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse


class RejectNulBytesMiddleware:
    """A NUL byte in a query parameter is a bad request, not a server error.

    PostgreSQL refuses NUL in text, so a search for "a%00b" would end in a 500. Forms already
    refuse NUL (Django's ProhibitNullCharactersValidator); query strings are read by hand.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if any("\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()):
            raise BadRequest("NUL byte in the query string")
        return self.get_response(request)
