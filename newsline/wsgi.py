"""WSGI entry point: reader pages and the newsroom run as sync Django views."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsline.settings")
application = get_wsgi_application()
