"""WSGI entry point: `gunicorn hairsite.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hairsite.settings")

application = get_wsgi_application()
