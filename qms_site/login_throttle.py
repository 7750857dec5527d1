"""Admin sign-in rate limiting: too many failures from one address for one name wait."""

import hashlib

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.dispatch import receiver
from django.shortcuts import render
from django.urls import reverse

USERNAME_FIELD = "username"


def counter_key(request, username):
    """The cache key counting one address's failures for one user name."""
    # Hashed: a user name may hold anything, and cache keys must not.
    who = f"{request.META.get('REMOTE_ADDR', '')}\n{username.strip().lower()}"
    return "qms-login-failures:" + hashlib.sha256(who.encode()).hexdigest()


def is_throttled(request, username):
    """Whether this address has used up its failures for this user name."""
    failures = cache.get(counter_key(request, username), 0)
    return failures >= settings.QMS_LOGIN_MAX_FAILURES


# Connected on import, i.e. when the middleware below is loaded, before any request.
@receiver(user_login_failed)
def count_failure(sender, credentials, request=None, **kwargs):
    """One more failure; the window starts again with each one."""
    if request is None:
        return
    key = counter_key(request, credentials.get(USERNAME_FIELD, ""))
    failures = cache.get(key, 0) + 1
    cache.set(key, failures, settings.QMS_LOGIN_LOCKOUT_SECONDS)


@receiver(user_logged_in)
def forget_failures(sender, request, user, **kwargs):
    """A successful sign-in clears that address's count for that name."""
    if request is not None:
        cache.delete(counter_key(request, user.get_username()))


class LoginThrottleMiddleware:
    """Answers 429 to sign-in attempts beyond QMS_LOGIN_MAX_FAILURES."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method == "POST"
            and request.path_info == reverse("wagtailadmin_login")
            and is_throttled(request, request.POST.get(USERNAME_FIELD, ""))
        ):
            minutes = max(1, round(settings.QMS_LOGIN_LOCKOUT_SECONDS / 60))
            return render(
                request,
                "qms_site/login_throttled.html",
                {"minutes": minutes, "login_url": request.get_full_path()},
                status=429,
            )
        return self.get_response(request)
