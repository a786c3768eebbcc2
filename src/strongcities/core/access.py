"""Access checks in one place: anonymous users are sent to sign in, anyone else who may not
see something gets a 404 (never a 403, never a hint that it exists)."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404


def deny(request):
    """The answer to a request that is not allowed."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise Http404


def require_rule(predicate_name: str, get_object=None):
    """Run the view only if the django-rules permission holds (on the object, if given)."""
    import rules

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            obj = get_object(request, *args, **kwargs) if get_object else None
            if not rules.has_perm(predicate_name, request.user, obj):
                return deny(request)
            if obj is not None:
                kwargs["obj"] = obj
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
