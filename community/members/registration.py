"""What other apps do when someone signs up.

The allauth adapter registers the member (``actions.register_member``), then
runs the hooks the apps above registered from their ``AppConfig.ready()``:
groups makes someone who came through a group's e-mail invitation join it.
"""

from __future__ import annotations

from collections.abc import Callable

SignUpHook = Callable[..., object]  # hook(*, user: User)
_hooks: list[SignUpHook] = []


def register_sign_up_hook(hook: SignUpHook) -> None:
    if hook not in _hooks:
        _hooks.append(hook)


def signed_up(*, user) -> None:
    """Run every sign-up hook for the newly registered ``user``."""
    for hook in _hooks:
        hook(user=user)
