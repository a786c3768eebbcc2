"""Placeholder: the helper owning this module replaces it."""

from django.http import Http404


def library(request, **kwargs):
    raise Http404


def export(request, **kwargs):
    raise Http404


def detail(request, **kwargs):
    raise Http404


def versions(request, **kwargs):
    raise Http404


def version(request, **kwargs):
    raise Http404


def attachment(request, **kwargs):
    raise Http404
