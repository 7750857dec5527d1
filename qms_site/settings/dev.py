"""Settings for running the site on a developer's machine."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
# A local-only key so that `make run` needs no set-up; production refuses it.
SECRET_KEY = SECRET_KEY or "dev-only-key-never-used-in-production"  # noqa: F405
ALLOWED_HOSTS = ["*"]
