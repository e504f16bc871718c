from django.utils.functional import SimpleLazyObject

from .selectors import (
    begeleider_organisations_for_request,
    coordinated_organisations_for_request,
)


def coordination(request):
    """`coordinated_organisations` for the nav: read only when a template uses it, and shared
    with the view through the request."""
    return {
        "coordinated_organisations": SimpleLazyObject(
            lambda: coordinated_organisations_for_request(request)
        ),
        # the begeleider's nav link: from the same query
        "begeleider_organisations": SimpleLazyObject(
            lambda: begeleider_organisations_for_request(request)
        ),
        # the organisation a removed begeleider tried to open (begeleider_access.py), for
        # the 404 page
        "access_ended": getattr(request, "access_ended", None),
    }
