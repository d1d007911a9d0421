"""Links in mails follow the port `make run` serves on (issue 13, point 5)."""

from __future__ import annotations

import os
import subprocess
import sys

from django.conf import settings


def _site_url(**env) -> str:
    environment = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "PORT")} | env
    code = "import django; django.setup(); from django.conf import settings; print(settings.SITE_URL)"
    environment["DJANGO_SETTINGS_MODULE"] = "config.django.local"
    run = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True
    )
    return run.stdout.strip()


def test_the_embedded_default_links_to_the_port_it_runs_on():
    assert _site_url(PORT="8123") == "http://127.0.0.1:8123"
    assert _site_url() == "http://127.0.0.1:8000"
    assert _site_url(PORT="8123", SITE_URL="https://kennis.example") == "https://kennis.example"


def test_make_run_gives_every_process_its_port():
    recipe = subprocess.run(
        ["make", "-n", "run", "PORT=8123"], cwd=settings.BASE_DIR, capture_output=True, text=True, check=True
    ).stdout
    started = recipe[recipe.index("export PORT=8123") :]
    assert "stadskennis worker" in started and "stadskennis runserver 127.0.0.1:8123" in started
