import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.django.local")
application = get_wsgi_application()

from stadskennis.core.process import ready_to_serve  # noqa: E402 (needs the settings above)

ready_to_serve()  # every view and template loaded before the first request, then frozen
