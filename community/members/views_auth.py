"""allauth's login view, answering 429 once the failed-login rate limit is hit."""

from __future__ import annotations

from allauth.account.views import LoginView as AllauthLoginView
from django.forms.forms import NON_FIELD_ERRORS


class LoginView(AllauthLoginView):
    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.has_error(NON_FIELD_ERRORS, code="too_many_login_attempts"):
            response.status_code = 429
        return response
