"""Configuration classes, read from the environment.

The folders beside the package (templates/, translations/, migrations/) are given to Flask,
Flask-Babel and Flask-Migrate as absolute paths built from BASE_DIR, because relative paths
would resolve against the package folder.
"""

import os
import secrets
import tempfile
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("RETURNSVC_INSTANCE_DIR", BASE_DIR / "instance"))
TEMPLATE_DIR = BASE_DIR / "templates"
STATIC_DIR = BASE_DIR / "returnsvc" / "static"
TRANSLATIONS_DIR = BASE_DIR / "translations"
MIGRATIONS_DIR = BASE_DIR / "migrations"


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def _development_secret_key() -> str:
    """A key generated once per checkout and kept in instance/, so sessions survive restarts."""
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    key_file = INSTANCE_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


class Config:
    """Settings shared by every environment."""

    ENV_NAME = "base"
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")
    # pool_pre_ping: after a database restart the first request gets a fresh connection
    # instead of a broken one, so the app recovers without a restart.
    # timezone=UTC: raw timestamps read back in UTC whatever the server's own setting is.
    # jit=off: the dashboard's aggregates have plans costly enough for PostgreSQL to compile
    # them, which took about a second per request on this kind of machine; none of our
    # statements runs long enough to win it back.
    SQLALCHEMY_ENGINE_OPTIONS = {
        "pool_pre_ping": True,
        "connect_args": {"options": "-c timezone=UTC -c jit=off"},
    }
    EMBEDDED_PGDATA = INSTANCE_DIR / "pgdata"

    # Uploads (guide CSV files, at most 2 MB each) and forms: anything bigger gets the 413 page.
    MAX_CONTENT_LENGTH = 8 * 1024 * 1024
    # Campaign materials (PDF files): outside the web root, served only through a view that
    # checks who asks (campaigns.files).
    CAMPAIGN_MATERIALS_DIR = os.environ.get(
        "CAMPAIGN_MATERIALS_DIR", str(INSTANCE_DIR / "campaign_materials")
    )

    BABEL_DEFAULT_LOCALE = "es"
    BABEL_DEFAULT_TIMEZONE = "UTC"
    BABEL_TRANSLATION_DIRECTORIES = str(TRANSLATIONS_DIR)
    LANGUAGES = ("es", "en")

    # Sessions: no remember-me cookie at all; an idle timeout and an absolute lifetime.
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    # __Host-: the browser keeps it only if Secure, for this exact host and path "/" (no
    # sibling subdomain can set or overwrite it). Plain-HTTP development needs another name.
    SESSION_COOKIE_NAME = "__Host-returnsvc_session"
    PERMANENT_SESSION_LIFETIME = timedelta(minutes=_env_int("SESSION_IDLE_MINUTES", 30))
    SESSION_ABSOLUTE_LIFETIME = timedelta(hours=_env_int("SESSION_ABSOLUTE_HOURS", 12))
    REMEMBER_COOKIE_DURATION = timedelta(seconds=0)
    # The cookie is rewritten when the session changes, not on every response: the idle clock
    # in it moves once a minute (auth.sessions.SEEN_AT_STEP), which also renews its expiry.
    SESSION_REFRESH_EACH_REQUEST = False

    # A form's CSRF token lives as long as the session may (idle timeout), not a fixed hour.
    WTF_CSRF_TIME_LIMIT = None

    # Lock-out after repeated failed sign-ins; the counter lives on the user row.
    LOGIN_MAX_FAILURES = _env_int("LOGIN_MAX_FAILURES", 10)
    LOGIN_LOCKOUT = timedelta(minutes=_env_int("LOGIN_LOCKOUT_MINUTES", 15))
    PASSWORD_LINK_LIFETIME = timedelta(hours=_env_int("PASSWORD_LINK_HOURS", 48))
    # A portal invitation (a counsellor's single-use link for a returnee, invitations) lasts
    # longer: it is often printed and handed over, or sent by message, and opened days later.
    PORTAL_INVITATION_LIFETIME = timedelta(days=7)
    # "Forgot your password?": one e-mailed link per account in this time, however often it
    # is asked for (nobody can flood a person's mailbox through the form).
    PASSWORD_RESET_MAIL_INTERVAL = timedelta(minutes=5)

    # argon2id parameters (ASVS: t>=2, m>=19 MiB, p=1).
    ARGON2_TIME_COST = 2
    ARGON2_MEMORY_KIB = 19 * 1024
    ARGON2_PARALLELISM = 1

    SEND_SECURITY_HEADERS_HSTS = True
    PAGE_SIZE = 50
    # Open recognition procedures older than this surface on the counsellor's home.
    RECOGNITION_FOLLOW_UP_DAYS = _env_int("RECOGNITION_FOLLOW_UP_DAYS", 90)
    # Trust X-Forwarded-* from this many proxies (0 when served directly).
    PROXY_FIX_HOPS = _env_int("PROXY_FIX_HOPS", 0)

    # The name shown in the header and the title, and who runs this installation, in the
    # footer ("Servicio Público de Empleo Estatal (SEPE)"; empty: development says it is a
    # demonstration, production says nothing).
    SERVICE_NAME = os.environ.get("SERVICE_NAME", "ReturnSvc")
    SERVICE_OPERATOR = os.environ.get("SERVICE_OPERATOR", "")

    # Links handed to people (password links) start with this, never with the Host header a
    # request happened to carry. Scheme and host, e.g. https://returns.pes.example
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "").rstrip("/")

    # Outgoing e-mail (core.mail): portal invitations and forgotten-password links. Without
    # MAIL_SERVER nothing is sent: counsellors hand invitations over as a link or a QR code,
    # and the forgotten-password page tells people to ask their counsellor. MAIL_USE_TLS:
    # STARTTLS on MAIL_PORT (587); MAIL_USERNAME/MAIL_PASSWORD: SMTP login, when the server
    # asks for one; MAIL_FROM: the sender ("ReturnSvc <no-reply@returns.pes.example>").
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = _env_int("MAIL_PORT", 587)
    MAIL_USE_TLS = _env_bool("MAIL_USE_TLS", True)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_FROM = os.environ.get("MAIL_FROM", "")

    # Failed sign-in, password-change and password-link attempts one client may make, across
    # accounts (auth.views). Counters in Redis when REDIS_URL is set (every worker and server
    # shares them), else in each process's memory (make run without Redis).
    SIGN_IN_RATE_LIMIT = os.environ.get("SIGN_IN_RATE_LIMIT", "10 per minute;50 per hour")
    RATELIMIT_STORAGE_URI = os.environ.get("REDIS_URL") or "memory://"
    RATELIMIT_KEY_PREFIX = "returnsvc"
    # Redis gone: count in memory meanwhile rather than fail every sign-in.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True
    RATELIMIT_HEADERS_ENABLED = True

    # The dashboard's exports (reports.exports, reports.jobs). More rows than this: a background
    # job, on RQ when REDIS_URL is set (worker: `flask reports worker`), else on a thread of
    # the web process. Its file waits in EXPORTS_DIR (outside the web root; shared by every web
    # process and worker) for EXPORT_FILE_LIFETIME, to be downloaded once by its requester.
    REDIS_URL = os.environ.get("REDIS_URL", "")
    EXPORT_BACKGROUND_ROWS = _env_int("EXPORT_BACKGROUND_ROWS", 10_000)
    # The dashboard's figures are kept this long for the person who asked (reports.
    # figure_cache; the page says when they were computed and offers to recompute); 0: never.
    REPORT_FIGURES_SECONDS = _env_int("REPORT_FIGURES_SECONDS", 600)
    EXPORT_FILE_LIFETIME = timedelta(hours=_env_int("EXPORT_FILE_HOURS", 24))
    EXPORTS_DIR = os.environ.get("EXPORTS_DIR", str(INSTANCE_DIR / "exports"))
    EXPORT_QUEUE = os.environ.get("EXPORT_QUEUE", "returnsvc-exports")
    # RQ stops a job after this; a running job that has not moved on for EXPORT_JOB_STALLED
    # (its process died) is shown as failed.
    EXPORT_JOB_TIMEOUT = timedelta(hours=1)
    EXPORT_JOB_STALLED = timedelta(minutes=15)

    @classmethod
    def init_secret_key(cls) -> str:
        key = os.environ.get("SECRET_KEY")
        if not key:
            raise RuntimeError("SECRET_KEY must be set in production.")
        return key

    @classmethod
    def check(cls, config) -> None:
        """Refuse to start without what production cannot guess."""
        if not config["PUBLIC_BASE_URL"].startswith("https://"):
            raise RuntimeError(
                "PUBLIC_BASE_URL must be set in production (https://host, where people open "
                "the links the app hands out)."
            )


class ProductionConfig(Config):
    ENV_NAME = "production"


class DevelopmentConfig(Config):
    """Local use: plain-HTTP cookies, no HSTS, a key kept in instance/."""

    ENV_NAME = "development"
    SESSION_COOKIE_SECURE = False
    SESSION_COOKIE_NAME = "returnsvc_session"
    SEND_SECURITY_HEADERS_HSTS = False

    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000").rstrip("/")

    @classmethod
    def check(cls, config) -> None:
        pass

    @classmethod
    def init_secret_key(cls) -> str:
        return os.environ.get("SECRET_KEY") or _development_secret_key()


class TestingConfig(DevelopmentConfig):
    ENV_NAME = "testing"
    TESTING = True
    SQLALCHEMY_DATABASE_URI = None  # always given by the test fixtures
    # Cheap hashes keep the suite fast; production parameters are tested on their own.
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_KIB = 8
    ARGON2_PARALLELISM = 1
    PUBLIC_BASE_URL = "https://returnsvc.test"
    # No e-mail from tests unless a test configures it (and captures smtplib.SMTP).
    MAIL_SERVER = ""
    # Every test client is 127.0.0.1: the throttling tests lower this and use addresses
    # of their own.
    SIGN_IN_RATE_LIMIT = "100000 per minute"
    RATELIMIT_STORAGE_URI = "memory://"
    # Files the tests upload never land in the checkout's instance folder.
    CAMPAIGN_MATERIALS_DIR = str(Path(tempfile.gettempdir()) / "returnsvc-test-campaign-materials")
    EXPORTS_DIR = str(Path(tempfile.gettempdir()) / "returnsvc-test-exports")
    # Exports run in-process unless a test gives a Redis of its own.
    REDIS_URL = ""
    # Every request computes the dashboard's figures, unless a test turns the cache on.
    REPORT_FIGURES_SECONDS = 0

    @classmethod
    def init_secret_key(cls) -> str:
        return "testing-secret-key-not-for-production"


CONFIGS = {
    "production": ProductionConfig,
    "development": DevelopmentConfig,
    "testing": TestingConfig,
}


def config_for(name: str | None = None) -> type[Config]:
    """The config class named by `name` or RETURNSVC_ENV (default: production)."""
    name = name or os.environ.get("RETURNSVC_ENV", "production")
    try:
        return CONFIGS[name]
    except KeyError:
        raise RuntimeError(
            f"Unknown RETURNSVC_ENV {name!r}; use one of {sorted(CONFIGS)}"
        ) from None
