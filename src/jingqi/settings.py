"""Settings, read from the environment. Safe development defaults; DEBUG is off unless asked.

Every variable is documented in the README. ``*_FILE`` variants read a secret from a file.
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("JINGQI_VAR_DIR", PROJECT_DIR / "var"))


def env_str(name: str, default: str = "") -> str:
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# The development keys only work while nothing is deployed: check --deploy makes each an error
# (jingqi.E001, jingqi.E002 in jingqi/core/checks.py).
DEVELOPMENT_SECRET_KEY = "django-insecure-jingqi-development-only-key-change-me"
DEVELOPMENT_FIELD_KEY = "jingqi-development-field-key-change-me"
SECRET_KEY = env_str("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
# Key for personal data at rest (ID numbers, phones): encryption and the blind index derive from it.
JINGQI_FIELD_KEY = env_str("JINGQI_FIELD_KEY", DEVELOPMENT_FIELD_KEY)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "huey.contrib.djhuey",
    "django_otp",
    "jingqi.accounts.apps.TOTPConfig",  # django_otp.plugins.otp_totp, with translated names
    "jingqi.core",
    "jingqi.accounts",
    "jingqi.registry",
    "jingqi.catalog",
    "jingqi.tickets",
    "jingqi.claims",
    "jingqi.disputes",
    "jingqi.patrols",
    "jingqi.inspections",
    "jingqi.cases",
    "jingqi.reports",
    "jingqi.analytics",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "jingqi.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "jingqi.core.middleware.SessionLimitsMiddleware",
    "jingqi.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "jingqi.core.middleware.RequestContextMiddleware",
]

ROOT_URLCONF = "jingqi.urls"
WSGI_APPLICATION = "jingqi.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "jingqi.core.context_processors.navigation",
            ],
        },
    },
]
# Every form's selects say "— Choose —" for the empty choice, not Django's "---------".
FORM_RENDERER = "jingqi.core.forms.FormRenderer"

# SQLite (WAL) is the embedded default; PostgreSQL through DATABASE_URL. Connections are kept between requests
# (DB_CONN_MAX_AGE seconds, checked before reuse): a new one per request cost about a millisecond on SQLite (its
# PRAGMAs) and more on PostgreSQL. Pooling across processes is the deployment's (pgbouncer, deploy/README.md).
DEFAULT_SQLITE = VAR_DIR / "jingqi.sqlite3"
if not os.environ.get("DATABASE_URL"):
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DEFAULT_SQLITE}"), conn_max_age=env_int("DB_CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Language and time: Simplified Chinese by default, English switchable; stored in UTC.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static_root")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Sessions end after 30 minutes idle and 10 hours in all (security baseline). Activity renews the idle expiry at
# most once a minute (core.middleware.SessionLimitsMiddleware), not with a database write on every request: a
# session idle for 30 minutes has always ended, one idle for 29 may have.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_RENEW_SECONDS = 60
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_SECONDS", 10 * 3600)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
# The reverse proxies whose X-Real-IP header names the client (addresses or networks, comma-separated).
# Only connections from these are believed; without BEHIND_PROXY no header is believed at all.
JINGQI_TRUSTED_PROXIES = env_list("JINGQI_TRUSTED_PROXIES", "127.0.0.1,::1") if BEHIND_PROXY else []
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Two-factor sign-in (TOTP) for police and supervisor roles: "required" (the default), or "off".
JINGQI_TWO_FACTOR = env_str("JINGQI_TWO_FACTOR", "required")
OTP_TOTP_ISSUER = "Jingqi 警企通"

# Requests (tickets): limits used when no service item gives them, the reopen window, when a low
# rating returns a request to the supervisor, and how long overdue work waits before the supervisor hears.
TICKET_DEFAULT_RESPONSE_HOURS = env_int("TICKET_DEFAULT_RESPONSE_HOURS", 4)
TICKET_DEFAULT_RESOLUTION_DAYS = env_int("TICKET_DEFAULT_RESOLUTION_DAYS", 5)
TICKET_DEFAULT_TASK_DAYS = env_int("TICKET_DEFAULT_TASK_DAYS", 3)
# A risk report sent to an enterprise and not acknowledged (签收) within this many days is chased, and again after
# as many days each time.
REPORT_ACKNOWLEDGE_DAYS = env_int("REPORT_ACKNOWLEDGE_DAYS", 7)
TICKET_REOPEN_DAYS = env_int("TICKET_REOPEN_DAYS", 7)
TICKET_LOW_RATING = env_int("TICKET_LOW_RATING", 2)
TICKET_ESCALATE_TO_SUPERVISOR_AFTER_HOURS = env_int("TICKET_ESCALATE_TO_SUPERVISOR_AFTER_HOURS", 24)
# Batches of an escalation sweep handled at once, each in a thread with its own connection (PostgreSQL only;
# SQLite has one writer at a time). See core.escalation.sweep.
ESCALATION_SWEEP_WORKERS = env_int("JINGQI_ESCALATION_SWEEP_WORKERS", 2)
if ESCALATION_SWEEP_WORKERS < 1:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("JINGQI_ESCALATION_SWEEP_WORKERS must be 1 or more")

# Disputes: a group dispute (群体性) from this many people, or whenever a gate, road or site is blocked.
DISPUTE_GROUP_SIZE = env_int("DISPUTE_GROUP_SIZE", 5)
# The rapid-response clock: a blockade in minutes by the clock; the rest in working hours by urgency.
DISPUTE_BLOCKADE_CONTACT_MINUTES = env_int("DISPUTE_BLOCKADE_CONTACT_MINUTES", 10)
DISPUTE_BLOCKADE_ARRIVAL_MINUTES = env_int("DISPUTE_BLOCKADE_ARRIVAL_MINUTES", 30)
DISPUTE_CONTACT_HOURS = {"routine": env_int("DISPUTE_CONTACT_HOURS_ROUTINE", 8),
                         "urgent": env_int("DISPUTE_CONTACT_HOURS_URGENT", 2),
                         "emergency": env_int("DISPUTE_CONTACT_HOURS_EMERGENCY", 1)}
DISPUTE_ARRIVAL_HOURS = {"routine": env_int("DISPUTE_ARRIVAL_HOURS_ROUTINE", 8),
                         "urgent": env_int("DISPUTE_ARRIVAL_HOURS_URGENT", 4),
                         "emergency": env_int("DISPUTE_ARRIVAL_HOURS_EMERGENCY", 2)}
# A missed target goes to the supervisor this long after it was missed (minutes; a blockade's grace is its own).
DISPUTE_ESCALATE_TO_SUPERVISOR_AFTER_MINUTES = env_int("DISPUTE_ESCALATE_TO_SUPERVISOR_AFTER_MINUTES", 240)
DISPUTE_BLOCKADE_ESCALATE_AFTER_MINUTES = env_int("DISPUTE_BLOCKADE_ESCALATE_AFTER_MINUTES", 15)
# Both sides are reminded this many days before an instalment falls due.
DISPUTE_REMINDER_DAYS = env_int("DISPUTE_REMINDER_DAYS", 3)

# Patrols: night hours (from, until) for points and the default night of guard operations; a point per hour of
# recorded duty (doubled at night); how far from its segment's line a guard check-in may be before it is "far".
PATROL_NIGHT = (env_int("PATROL_NIGHT_FROM", 22), env_int("PATROL_NIGHT_UNTIL", 6))
PATROL_POINTS_PER_HOUR = env_int("PATROL_POINTS_PER_HOUR", 1)
PATROL_SEGMENT_RADIUS_M = env_int("PATROL_SEGMENT_RADIUS_M", 150)
# A roster solve still running this long after it started (time limits are at most 600 s) has lost its worker.
PATROL_SOLVE_GIVE_UP_SECONDS = env_int("PATROL_SOLVE_GIVE_UP_SECONDS", 900)
# Inspections: visits a month an enterprise may be asked to receive unless its safety profile says otherwise
# (inspections, liaison visits and patrol follow-ups together; one more needs a recorded reason); working days
# a hazard is given to be fixed when no deadline is named; how long past its deadline before the supervisor
# is told (the handling officer is told at once).
INSPECTION_MONTHLY_BUDGET = env_int("INSPECTION_MONTHLY_BUDGET", 2)
HAZARD_DEFAULT_WORKING_DAYS = env_int("HAZARD_DEFAULT_WORKING_DAYS", 10)
HAZARD_ESCALATE_TO_SUPERVISOR_AFTER_HOURS = env_int("HAZARD_ESCALATE_TO_SUPERVISOR_AFTER_HOURS", 48)
# Background checks (入职背景审查): the request, consent and advice are deleted this many days after the check ends
# (or, unanswered, after it was asked); the audit then keeps only that a check happened.
JINGQI_BACKGROUND_CHECK_RETENTION_DAYS = env_int("JINGQI_BACKGROUND_CHECK_RETENTION_DAYS", 90)
# Open311 GeoReport v2: the station answering when a client sends no jurisdiction_id (its code; empty
# means the first station), and what discovery.json tells clients.
JINGQI_DEFAULT_STATION = env_str("JINGQI_DEFAULT_STATION", "")
JINGQI_OPEN311_CONTACT = env_str("JINGQI_OPEN311_CONTACT", "")
JINGQI_OPEN311_KEY_SERVICE = env_str("JINGQI_OPEN311_KEY_SERVICE", "")
JINGQI_UPLOAD_MAX_BYTES = env_int("JINGQI_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
# The false-claim model: complaint exports and evidence archives may be far larger than attachments.
JINGQI_CLAIMS_IMPORT_MAX_BYTES = env_int("JINGQI_CLAIMS_IMPORT_MAX_BYTES", 200 * 1024 * 1024)
JINGQI_CLAIMS_EVIDENCE_MAX_BYTES = env_int("JINGQI_CLAIMS_EVIDENCE_MAX_BYTES", 1024 * 1024 * 1024)
JINGQI_CLAIMS_EVIDENCE_MAX_FILES = env_int("JINGQI_CLAIMS_EVIDENCE_MAX_FILES", 50000)
# A JSON or TOML file of thresholds and weights for the model (see ``jingqi claims scan --config``).
JINGQI_CLAIMS_CONFIG = env_str("JINGQI_CLAIMS_CONFIG", "")
# A model run still "running" after this many hours is taken for dead (its worker stopped) and given up.
JINGQI_CLAIMS_RUN_HOURS = env_int("JINGQI_CLAIMS_RUN_HOURS", 6)
# A working import or run says it is alive this often; one silent for JINGQI_CLAIMS_STALE_MINUTES had its
# worker die: the sweep (every minute) queues it again, or fails it once it was started this many times.
JINGQI_CLAIMS_HEARTBEAT_SECONDS = env_int("JINGQI_CLAIMS_HEARTBEAT_SECONDS", 10)
JINGQI_CLAIMS_STALE_MINUTES = env_int("JINGQI_CLAIMS_STALE_MINUTES", 3)
JINGQI_CLAIMS_MAX_ATTEMPTS = env_int("JINGQI_CLAIMS_MAX_ATTEMPTS", 3)
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
# Rates and averages over fewer records than this are shown as "not enough data", not as a figure.
STATS_MIN_SAMPLE = env_int("STATS_MIN_SAMPLE", 10)
JINGQI_SMS_ADAPTER = env_str("JINGQI_SMS_ADAPTER", "jingqi.core.notify.NoSms")

# Login throttling: counted per (account, client address) so that nobody can lock an officer out
# from elsewhere by failing on purpose.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_FAILURE_WINDOW_SECONDS = env_int("LOGIN_FAILURE_WINDOW_SECONDS", 15 * 60)

REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    HUEY = {"huey_class": "huey.RedisHuey", "name": "jingqi", "url": REDIS_URL, "immediate": False}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    HUEY = {
        "huey_class": "jingqi.core.queue.SqliteQueue",
        "name": "jingqi",
        "filename": str(Path(env_str("HUEY_SQLITE", str(VAR_DIR / "huey.sqlite3")))),
        "immediate": env_bool("HUEY_IMMEDIATE", False),
    }

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "jingqi@localhost")

# Map tiles: a closed network has its own tile server, or none (a blank base is drawn).
JINGQI_MAP_TILE_URL = env_str("JINGQI_MAP_TILE_URL", "")
JINGQI_MAP_TILE_ATTRIBUTION = env_str("JINGQI_MAP_TILE_ATTRIBUTION", "")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "jingqi.core.api.BoundedLimitOffsetPagination",
    # Model filters offer only what the user may see: an out-of-scope id answers as a missing one.
    "DEFAULT_FILTER_BACKENDS": [
        "jingqi.core.relations.ScopedFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    # JSON bodies are bounded in size and nesting before they are decoded.
    "DEFAULT_PARSER_CLASSES": [
        "jingqi.core.parsing.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "jingqi.core.schema.AutoSchema",
    "EXCEPTION_HANDLER": "jingqi.core.api.exception_handler",
    # Rate limits per account (session or token) and per client address, anonymous readers included.
    "DEFAULT_THROTTLE_CLASSES": ["jingqi.core.throttling.UserRateThrottle",
                                 "jingqi.core.throttling.AddressRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": env_str("JINGQI_API_RATE_USER", "600/min"),
                               "address": env_str("JINGQI_API_RATE_ADDRESS", "1200/min")},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Jingqi (警企通) API",
    "DESCRIPTION": "Registry of the police-enterprise community platform.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a "status" or "kind": name each choice set after its owner.
    "ENUM_NAME_OVERRIDES": {
        "TicketStatusEnum": "jingqi.tickets.choices.Status",
        "TicketTaskStatusEnum": "jingqi.tickets.choices.TaskStatus",
        "EnterpriseStatusEnum": "jingqi.registry.choices.EnterpriseStatus",
        "TicketEventKindEnum": "jingqi.tickets.choices.EventKind",
        "VisitKindEnum": "jingqi.registry.choices.VisitKind",
        "TicketOutcomeEnum": "jingqi.tickets.choices.Outcome",
        "DisputeOutcomeEnum": "jingqi.disputes.choices.Outcome",
        "DisputeStatusEnum": "jingqi.disputes.choices.Status",
        "DisputeEventKindEnum": "jingqi.disputes.choices.EventKind",
    },
    # Swagger UI is served from the installed sidecar package: no CDN on a closed network.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
