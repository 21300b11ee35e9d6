from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .models import Disclaimer


def disclaimers(request: HttpRequest) -> dict[str, SimpleLazyObject]:
    """Give templates every required disclaimer, loaded in one query on first use."""
    return {"disclaimers": SimpleLazyObject(Disclaimer.objects.by_key)}
