"""A Django test client signed in as a member (or a visitor for ``None``)."""

from __future__ import annotations

from django.test import Client


def client_for(user, **kwargs) -> Client:
    client = Client(**kwargs)
    if user is not None:
        client.force_login(user)
    return client
