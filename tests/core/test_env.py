import pytest
from django.core.exceptions import ImproperlyConfigured

from strongcities.env import email_settings, env_bool, secret_key


def test_env_bool(monkeypatch):
    monkeypatch.setenv("X_FLAG", "yes")
    assert env_bool("X_FLAG", default=False) is True
    monkeypatch.setenv("X_FLAG", "0")
    assert env_bool("X_FLAG", default=True) is False
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG must be a boolean"):
        env_bool("X_FLAG", default=True)


def test_production_refuses_to_start_without_a_real_secret_key(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY must be set"):
        secret_key(tmp_path, debug=False)
    monkeypatch.setenv("SECRET_KEY", "django-insecure-short")
    with pytest.raises(ImproperlyConfigured, match="too weak for production"):
        secret_key(tmp_path, debug=False)


def test_development_key_is_generated_once(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = secret_key(tmp_path, debug=True)
    assert len(first) > 50
    assert secret_key(tmp_path, debug=True) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_email_url_forms():
    assert email_settings("console://") == {
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"
    }
    smtp = email_settings("submission://hub%40example.org:p%40ss@mail.example.org?tls=1")
    assert smtp["EMAIL_HOST"] == "mail.example.org"
    assert smtp["EMAIL_PORT"] == 587
    assert smtp["EMAIL_HOST_USER"] == "hub@example.org"
    assert smtp["EMAIL_HOST_PASSWORD"] == "p@ss"
    assert smtp["EMAIL_USE_TLS"] is True
    assert email_settings("smtps://mail.example.org")["EMAIL_USE_SSL"] is True
    assert email_settings("file:///srv/mail")["EMAIL_FILE_PATH"] == "/srv/mail"
    with pytest.raises(ImproperlyConfigured, match="not supported"):
        email_settings("carrier-pigeon://coop")
