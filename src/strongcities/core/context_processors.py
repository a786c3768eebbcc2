from django.conf import settings


def site(request):
    """What every template needs to know about the site."""
    return {"DEMO_MODE": settings.DEMO_MODE, "SITE_URL": settings.SITE_URL}
