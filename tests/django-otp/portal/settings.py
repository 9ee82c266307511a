"""Settings of the Django + django-otp test portal (tests/django-otp/serve.py).

A test portal, never a production configuration: one SQLite database in the
folder serve.py is given (PROOFUP_DJANGO_DATA), a secret key made per start,
only the apps the admin and django-otp need (so `migrate` stays fast).
"""
import os
import secrets

DATA_DIR = os.environ["PROOFUP_DJANGO_DATA"]
SECRET_KEY = secrets.token_hex(32)
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified() for OTPAdminSite
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "portal.urls"
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
    ]},
}]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3",
                         "NAME": os.path.join(DATA_DIR, "db.sqlite3")}}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
USE_TZ = True
STATIC_URL = "/static/"
LANGUAGE_CODE = "en-us"

# The issuer the authenticator app shows next to the account (otpauth:// issuer).
OTP_TOTP_ISSUER = "proofup test portal"

# Request lines (no secrets: passwords and tokens travel in POST bodies) on
# stderr, or in the file PROOFUP_DJANGO_LOG names (serve.py --log).
_LOG_FILE = os.environ.get("PROOFUP_DJANGO_LOG")
LOGGING = {
    "version": 1,
    "handlers": {"requests": {"class": "logging.FileHandler", "filename": _LOG_FILE}
                 if _LOG_FILE else {"class": "logging.StreamHandler"}},
    "loggers": {"django.server": {"handlers": ["requests"], "level": "INFO"},
                # A 500's traceback (no request bodies, so no passwords or tokens).
                "django.request": {"handlers": ["requests"], "level": "ERROR"}},
}

# The fast hasher Django's documentation recommends for test suites: each
# sign-in checks a password, and PBKDF2 costs ~0.5 s a check on a loaded CI
# machine. Test passwords only.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
