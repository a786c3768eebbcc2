"""WSGI entry point (gunicorn strongcities.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "strongcities.settings")
application = get_wsgi_application()
