#!/usr/bin/python3
"""The Django + django-otp test portal, on a free loopback port.

    DJANGO_PASSWORD=... /usr/bin/python3 tests/django-otp/serve.py [--data DIR] [--port N]
                                                          [--log FILE]

Creates the database (migrate), every user of users.yaml (next to this file) as
a staff superuser with the password it names (${env:NAME} read from the
environment) and one confirmed TOTP device named "<username> phone", then
serves the portal and prints one line:

    django-otp portal: http://127.0.0.1:PORT (users: a, b)

Runs until SIGTERM or Ctrl-C; without --data the database lives in a temporary
folder that is removed on exit. Debian packages: python3-django,
python3-django-otp, python3-qrcode, python3-yaml.
"""
import argparse
import os
import re
import shutil
import signal
import sys
import tempfile
import threading

HERE = os.path.dirname(os.path.abspath(__file__))


def expand_env(text, where):
    def value(match):
        name = match.group(1)
        if name not in os.environ:
            sys.exit(f"{where}: environment variable {name} is not set")
        return os.environ[name]
    return re.sub(r"\$\{env[:.]([A-Za-z_][A-Za-z0-9_]*)\}", value, text)


def load_users(path):
    import yaml
    with open(path) as f:
        users = yaml.safe_load(f)["users"]
    return [(u["username"], expand_env(str(u["password"]), f"{path}: {u['username']}"))
            for u in users]


def create_portal(users):
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django_otp.plugins.otp_totp.models import TOTPDevice

    call_command("migrate", verbosity=0, interactive=False)
    for username, password in users:
        user = User.objects.create_superuser(username, "", password)
        TOTPDevice.objects.create(user=user, name=f"{username} phone", confirmed=True)


class OneRequestAtATime:
    """SQLite has one writer at a time, and django-otp checks a token in a
    transaction that reads and then writes: two sign-ins at once (parallel
    scenarios) would fail with "database is locked". Connections are still
    accepted by threads, so a browser's idle pre-connection blocks nothing."""

    def __init__(self, app):
        self.app = app
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        with self.lock:
            response = self.app(environ, start_response)
            try:
                return [b"".join(response)]
            finally:
                if hasattr(response, "close"):
                    response.close()


def serve(port, users):
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application

    server = ThreadedWSGIServer(("127.0.0.1", port), WSGIRequestHandler)
    # The admin's CSS too, so that a real browser sees the pages as styled.
    server.set_app(OneRequestAtATime(StaticFilesHandler(get_wsgi_application())))
    names = ", ".join(name for name, _ in users)
    print(f"django-otp portal: http://127.0.0.1:{server.server_port} (users: {names})",
          flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="folder for the database (default: a temporary one)")
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    parser.add_argument("--users", default=os.path.join(HERE, "users.yaml"))
    parser.add_argument("--log", help="append the request log here (default: stderr)")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    users = load_users(args.users)
    data = args.data or tempfile.mkdtemp(prefix="proofup-django-")
    os.environ["PROOFUP_DJANGO_DATA"] = data
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    if args.log:
        os.environ["PROOFUP_DJANGO_LOG"] = args.log
    sys.path.insert(0, HERE)
    sys.dont_write_bytecode = True  # no __pycache__ in the source tree
    try:
        import django
        django.setup()
        create_portal(users)
        serve(args.port, users)
    except KeyboardInterrupt:
        pass
    finally:
        if not args.data:
            shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
