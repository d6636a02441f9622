"""The sign-in page with the same attempt limit as the API's token exchange."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpResponse

from tousu.accounts import throttle
from tousu.web.templatetags.ui import tr


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs) -> HttpResponse:
        self._key = throttle.key_for(request, request.POST.get("username", ""))
        if throttle.blocked(self._key):
            form = self.get_form()
            form.errors.clear()
            response = self.render_to_response(self.get_context_data(
                form=form, locked=tr(
                    f"登录失败次数过多，请 {settings.TOUSU_LOGIN_LOCK_MINUTES} 分钟后再试。",
                    f"Too many failed sign-ins; try again in "
                    f"{settings.TOUSU_LOGIN_LOCK_MINUTES} minutes.")))
            response.status_code = 429
            return response
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        throttle.failed(self._key)
        return super().form_invalid(form)

    def form_valid(self, form):
        throttle.succeeded(self._key)
        return super().form_valid(form)
