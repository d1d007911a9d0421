"""The documented production run: gunicorn + WhiteNoise with production settings, JSON logs."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def production_env(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.django.production",
        "SECRET_KEY": "k" * 64,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "LOG_FORMAT": "json",
    }
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        subprocess.run(
            [str(BIN / "stadskennis"), *command], env=env, cwd=ROOT, check=True, capture_output=True
        )
    return env


def test_gunicorn_serves_pages_static_files_and_structured_logs(production_env, tmp_path):
    port = _free_port()
    log = (tmp_path / "gunicorn.log").open("w+")
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        env=production_env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                health = urllib.request.urlopen(f"{base}/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not start")
        assert health.status == 200
        behind_proxy = urllib.request.Request(f"{base}/", headers={"X-Forwarded-Proto": "https"})
        home = urllib.request.urlopen(behind_proxy, timeout=5)
        html = home.read().decode()
        assert "Strict-Transport-Security" in home.headers
        css = html.split('rel="stylesheet" href="')[1].split('"')[0]
        assert ".css" in css and css != "/static/css/stadskennis.css"  # hashed name from the manifest
        static = urllib.request.urlopen(f"{base}{css}", timeout=5)
        assert static.status == 200 and "max-age=315360000" in static.headers["Cache-Control"]
    finally:
        server.terminate()
        server.wait(timeout=10)
    log.seek(0)
    lines = [json.loads(line) for line in log.read().splitlines() if line.startswith("{")]
    requests = [line for line in lines if "duration_ms" in line]
    assert any(r["path"] == "/healthz" and r["status"] == 200 and "duration_ms" in r for r in requests)
