"""Creates the first administrator account if there is none."""

import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the 'admin' superuser once; the password comes from QMS_ADMIN_PASSWORD or is generated and printed."

    def handle(self, *args, **options):
        users = get_user_model()
        if users.objects.filter(is_superuser=True).exists():
            self.stdout.write("An administrator account exists already.")
            return
        username = os.environ.get("QMS_ADMIN_USERNAME", "admin")
        password = os.environ.get("QMS_ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        users.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(f"Administrator account created: {username}")
        )
        if "QMS_ADMIN_PASSWORD" not in os.environ:
            # Shown once: it is stored only as a hash.
            self.stdout.write(
                self.style.WARNING(f"Password (shown only now): {password}")
            )
