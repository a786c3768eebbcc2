"""Reading settings from the environment, with a clear error for bad values."""

import os
import secrets
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from django.core.exceptions import ImproperlyConfigured

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    """A boolean from the environment: 1/true/yes/on or 0/false/no/off."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {raw!r}")


def env_list(name: str, default: list[str]) -> list[str]:
    """A comma-separated list from the environment."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from exc


def secret_key(var_dir: Path, debug: bool) -> str:
    """SECRET_KEY from the environment; in development one is generated into var/ once."""
    key = os.environ.get("SECRET_KEY", "")
    if key:
        if not debug and (len(key) < 50 or key.startswith("django-insecure")):
            raise ImproperlyConfigured(
                "SECRET_KEY is too weak for production: use 50+ random characters"
            )
        return key
    if not debug:
        raise ImproperlyConfigured("SECRET_KEY must be set in production (DEBUG=0)")
    path = var_dir / "secret_key"
    if not path.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


def email_settings(url: str) -> dict[str, object]:
    """Django mail settings from EMAIL_URL: smtp://, smtps://, console://, file:///path, locmem://."""
    parsed = urlparse(url)
    scheme = parsed.scheme
    if scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if scheme == "locmem":
        return {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    if scheme == "file":
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": unquote(parsed.path),
        }
    if scheme in {"smtp", "smtps", "submission"}:
        query = parse_qs(parsed.query)
        tls = query.get("tls", ["1" if scheme == "submission" else "0"])[0] in TRUE
        default_port = {"smtp": 25, "smtps": 465, "submission": 587}[scheme]
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": parsed.hostname or "localhost",
            "EMAIL_PORT": parsed.port or default_port,
            "EMAIL_HOST_USER": unquote(parsed.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parsed.password or ""),
            "EMAIL_USE_SSL": scheme == "smtps",
            "EMAIL_USE_TLS": tls and scheme != "smtps",
        }
    raise ImproperlyConfigured(
        f"EMAIL_URL scheme {scheme!r} is not supported (smtp, smtps, submission, console, file)"
    )
