"""The page shown when django-axes has locked a login after too many failed attempts."""

from django.conf import settings
from django.shortcuts import render


def lockout_response(request, credentials, *args, **kwargs):
    hours = float(settings.AXES_COOLOFF_TIME)
    return render(
        request,
        "portal/too_many_requests.html",
        {"reason": "login", "minutes": round(hours * 60)},
        status=429,
    )
