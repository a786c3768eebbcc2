"""Placeholder: the helper owning this module replaces it."""

from django.http import Http404


def mine(request, **kwargs):
    raise Http404


def queue(request, **kwargs):
    raise Http404


def create(request, **kwargs):
    raise Http404


def edit(request, **kwargs):
    raise Http404


def submit(request, **kwargs):
    raise Http404


def request_changes(request, **kwargs):
    raise Http404


def publish(request, **kwargs):
    raise Http404


def archive(request, **kwargs):
    raise Http404


def restore(request, **kwargs):
    raise Http404


def confirm(request, **kwargs):
    raise Http404


def attachment_add(request, **kwargs):
    raise Http404


def attachment_remove(request, **kwargs):
    raise Http404
