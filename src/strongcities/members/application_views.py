from django.http import Http404

from strongcities.members import views


def apply(request):
    return views.directory(request)


def thanks(request):
    return views.directory(request)


def queue(request):
    raise Http404


detail = approve = reject = endorsement_letter = lambda request, pk: queue(request)  # noqa: E731
