"""Placeholder: the helper owning this module replaces it."""

from django.http import Http404


def reviews(request, **kwargs):
    raise Http404


def review(request, **kwargs):
    raise Http404


def consent(request, **kwargs):
    raise Http404


def propose(request, **kwargs):
    raise Http404
