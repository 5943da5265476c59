import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobboard.settings")

application = get_wsgi_application()

# What is loaded by now (Django, the apps, the URLconf and the views it imports) lives as
# long as the process. Freezing it keeps the collector's full passes from walking those
# hundred thousand objects every few hundred requests, pauses that show in the slowest
# responses.
get_resolver().url_patterns  # noqa: B018 - imports every view now rather than on first use
gc.collect()
gc.freeze()
